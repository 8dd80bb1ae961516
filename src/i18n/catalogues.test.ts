import { describe, expect, it } from "vitest";
import { catalogues, resolveLocale } from "./catalogues";

const shape = (value: unknown): unknown =>
  typeof value === "object" && value
    ? Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shape(child)]))
    : typeof value;

describe("catalogues", () => {
  it.each(Object.keys(catalogues))("%s has exactly the keys of en, all non-empty", (locale) => {
    const catalogue = catalogues[locale as keyof typeof catalogues];
    expect(shape(catalogue)).toEqual(shape(catalogues.en));
    expect(JSON.stringify(catalogue)).not.toContain('""');
  });

  it("resolves browser languages and falls back to English", () => {
    expect(resolveLocale("nl-BE")).toBe("nl");
    expect(resolveLocale("fr")).toBe("fr");
    expect(resolveLocale("pt-BR")).toBe("en");
    expect(resolveLocale(undefined)).toBe("en");
  });
});
