import type { Page } from "@playwright/test";

/** The properties a host would notice if a widget's global CSS leaked onto its page. */
const WATCHED = ["font-family", "font-size", "font-weight", "line-height", "color", "background-color", "margin", "padding", "border", "box-sizing", "text-transform"] as const;

/** Computed styles of the first element matching each selector (`null` when none matches). */
export function computedStyles(page: Page, selectors: string[]) {
  return page.evaluate(
    ({ selectors, properties }) =>
      Object.fromEntries(
        selectors.map((selector) => {
          const element = document.querySelector(selector);
          if (!element) return [selector, null];
          const style = getComputedStyle(element);
          return [selector, Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)]))];
        }),
      ),
    { selectors, properties: [...WATCHED] },
  );
}

/** Tags the page's current stylesheets, so that `leakingRules` looks only at what came later. */
export function markExistingStylesheets(page: Page) {
  return page.evaluate(() => {
    for (const sheet of document.styleSheets) (sheet.ownerNode as Element | null)?.setAttribute("data-e2e-host-sheet", "");
  });
}

/**
 * Rules of stylesheets added since `markExistingStylesheets` that could style the host page: a selector
 * not scoped to `[data-morph-root]` (or a `morph:` class) that sets a real, non-custom property.
 */
export function leakingRules(page: Page) {
  return page.evaluate(() => {
    const flatten = (rule: CSSRule): CSSStyleRule[] => {
      if (rule instanceof CSSStyleRule) return [rule, ...[...rule.cssRules].flatMap(flatten)];
      return "cssRules" in rule ? [...(rule as CSSGroupingRule).cssRules].flatMap(flatten) : [];
    };
    // Split a selector list at its top-level commas only (not those inside `:where(…)`).
    const parts = (selector: string) => {
      const result = [""];
      let depth = 0;
      for (const char of selector) {
        if (char === "(") depth++;
        if (char === ")") depth--;
        if (char === "," && depth === 0) result.push("");
        else result[result.length - 1] += char;
      }
      return result;
    };
    const scoped = (selector: string) => parts(selector).every((part) => /\[data-morph-root\]|\.morph\\:/.test(part));
    return [...document.styleSheets]
      .filter((sheet) => !(sheet.ownerNode as Element | null)?.hasAttribute("data-e2e-host-sheet"))
      .flatMap((sheet) => [...sheet.cssRules].flatMap(flatten))
      .filter((rule) => !scoped(rule.selectorText) && [...rule.style].some((property) => !property.startsWith("--")))
      .map((rule) => rule.cssText.slice(0, 200));
  });
}
