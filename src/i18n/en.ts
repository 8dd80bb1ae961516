import { catalogue } from "./translations";
import type { Catalogue } from "./translations";

export type { BackendOnlyErrorCode, WidgetErrorCode } from "./translations";

/** The reference catalogue. Every language is a column of the one table in `translations.ts`. */
export const en: Catalogue = catalogue("en");

/** The shape every catalogue has. */
export type Messages = Catalogue;
