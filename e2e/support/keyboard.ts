import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Presses Tab until `target` has focus, as a keyboard user would; fails after `maxPresses`. Returns
 * how many presses it took. Every element passed on the way must stay inside `within` when given
 * (a focus trap that leaks would fail here, not later).
 */
export async function tabTo(page: Page, target: Locator, { within, maxPresses = 25 }: { within?: Locator; maxPresses?: number } = {}) {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press("Tab");
    if (within) expect(await within.evaluate((root) => root.contains(document.activeElement)), "focus left its container").toBe(true);
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`Tab never reached ${target} within ${maxPresses} presses`);
}

/** How the focused element shows its focus: a visible outline or a box-shadow ring. */
export function focusIndicator(target: Locator) {
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
      boxShadow: style.boxShadow !== "none",
      focusVisible: element.matches(":focus-visible"),
    };
  });
}
