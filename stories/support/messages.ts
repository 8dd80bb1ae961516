import { catalogues, resolveLocale } from "../../src/i18n/catalogues";
import type { Messages } from "../../src/index";

/** The catalogue of the toolbar's language, so play functions pass in every locale. */
export function messagesFor(globals: Record<string, unknown>): Messages {
  return catalogues[resolveLocale(typeof globals.locale === "string" ? globals.locale : undefined)];
}
