import type { Region } from "../protocol";
import type { Locale } from "./locale";

/** The two Exact Online regions that are not named by their country's code: `.co.uk` and `.com`. */
const COUNTRY_OF: Partial<Record<Region, string>> = { "co.uk": "GB", com: "US" };

/**
 * A region's country in the user's language ("be" → "Belgium", "België", "Belgien", "Belgique"). The
 * browser's own CLDR names, so the catalogues need not carry seven countries four times over
 * (`region-names.test.ts` pins the names the widget shows).
 */
export function regionName(region: Region, locale: Locale): string {
  const country = COUNTRY_OF[region] ?? region.toUpperCase();
  return new Intl.DisplayNames(locale, { type: "region" }).of(country) ?? region;
}
