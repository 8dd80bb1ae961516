import { catalogues, resolveLocale } from "../../src/i18n/catalogues";
import { regionName } from "../../src/i18n/region-names";
import type { Messages, Region } from "../../src/index";

/** The catalogue of the toolbar's language, so play functions pass in every locale. */
export function messagesFor(globals: Record<string, unknown>): Messages {
  return catalogues[resolveLocale(typeof globals.locale === "string" ? globals.locale : undefined)];
}

/** A region's name as the widget shows it in the toolbar's language (the browser's CLDR names). */
export function regionNameFor(globals: Record<string, unknown>, region: Region): string {
  return regionName(region, resolveLocale(typeof globals.locale === "string" ? globals.locale : undefined));
}
