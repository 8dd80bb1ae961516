import type { Messages } from "./en";
import { catalogue } from "./translations";

// The strings themselves are in `translations.ts`, beside the other languages'.
export const fr: Messages = catalogue("fr");
