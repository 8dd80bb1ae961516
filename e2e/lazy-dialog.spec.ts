// The dialog is a lazily imported chunk (the first load carries only the button). A host page on the
// second origin mounts the library from source, so the chunk is its own request here and can be held.
import { expect, test } from "@playwright/test";
import type { Page, Route } from "@playwright/test";
import { en } from "../src/i18n/en";
import { nl } from "../src/i18n/nl";
import { E2E } from "./support/constants";
import { mintSession, uniqueOwner } from "./support/flow";

const DIALOG_CHUNK = /\/src\/connect\/dialog\/connect-dialog\.tsx/;

/** No idle time ever comes: only intent or a click can fetch the dialog. */
async function withoutIdlePrefetch(page: Page) {
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
}

test("hovering the button fetches the dialog's chunk", async ({ page }) => {
  await withoutIdlePrefetch(page);
  const requests: string[] = [];
  page.on("request", (request) => {
    if (DIALOG_CHUNK.test(request.url())) requests.push(request.url());
  });
  await page.goto(`${E2E.hostUrl}/index.html?token=${await mintSession(uniqueOwner("hover"))}`);
  const trigger = page.getByRole("button", { name: "Connect Exact Online" });
  await expect(trigger).toBeEnabled();
  await page.waitForTimeout(500);
  expect(requests).toEqual([]);
  await trigger.hover();
  await expect.poll(() => requests.length).toBeGreaterThan(0);
});

test("a click that beats the chunk: the shell at once in Dutch, then the dialog, never English; Continue still opens the popup", async ({ page }) => {
  await withoutIdlePrefetch(page);
  // Every text the page shows, at every change, from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __seenTexts: seen });
    new MutationObserver(() => seen.push(document.body?.innerText ?? "")).observe(document, { childList: true, subtree: true, characterData: true });
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(DIALOG_CHUNK, async (route: Route) => {
    await released;
    await route.continue();
  });

  await page.goto(`${E2E.hostUrl}/index.html?locale=nl&token=${await mintSession(uniqueOwner("shell"))}`);
  const trigger = page.getByRole("button", { name: "Koppel Exact Online" });
  await expect(trigger).toBeEnabled();
  await trigger.click();
  const shell = page.locator("[data-slot=dialog-shell]");
  await expect(shell).toBeVisible();
  await expect(page.getByRole("dialog", { name: "Koppel Exact Online" })).toBeVisible();
  await expect(shell).toBeFocused();

  release();
  const dialog = page.getByRole("dialog", { name: "Koppel Exact Online" });
  await expect(dialog.getByRole("button", { name: nl.continue })).toBeVisible();
  await expect(shell).toHaveCount(0);
  const popup = page.waitForEvent("popup");
  await dialog.getByRole("button", { name: nl.continue }).click();
  await popup;
  await expect(dialog.locator("p", { hasText: nl.waiting })).toBeVisible();

  const seen = await page.evaluate(() => (window as unknown as { __seenTexts: string[] }).__seenTexts);
  expect(seen.length).toBeGreaterThan(3);
  const english = [en.trigger, en.intro, en.region, en.permissions, en.continue, en.cancel, en.loading, en.waiting, en.close];
  expect(english.filter((text) => seen.some((snapshot) => snapshot.includes(text)))).toEqual([]);
});
