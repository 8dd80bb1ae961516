import { de } from "./de";
import { en } from "./en";
import type { Messages } from "./en";
import { fr } from "./fr";
import type { Locale } from "./locale";
import { nl } from "./nl";

/** Every string of the dialog, per language. Only the dialog's chunk imports this (see `trigger.ts`). */
export const catalogues = { en, nl, de, fr } satisfies Record<Locale, Messages>;
export { resolveLocale } from "./locale";
export type { Locale } from "./locale";
