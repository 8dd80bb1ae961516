import { describe, expect, it } from "vitest";
import { REGIONS } from "../protocol";
import { regionName } from "./region-names";

// The names the catalogues used to carry, word for word: CLDR's, as every browser ships them.
const expected = {
  en: ["Netherlands", "Belgium", "Germany", "France", "Spain", "United Kingdom", "United States"],
  nl: ["Nederland", "België", "Duitsland", "Frankrijk", "Spanje", "Verenigd Koninkrijk", "Verenigde Staten"],
  de: ["Niederlande", "Belgien", "Deutschland", "Frankreich", "Spanien", "Vereinigtes Königreich", "Vereinigte Staaten"],
  fr: ["Pays-Bas", "Belgique", "Allemagne", "France", "Espagne", "Royaume-Uni", "États-Unis"],
} as const;

describe("region names", () => {
  it.each(Object.entries(expected))("in %s", (locale, names) => {
    expect(REGIONS.map((region) => regionName(region, locale as keyof typeof expected))).toEqual(names);
  });
});
