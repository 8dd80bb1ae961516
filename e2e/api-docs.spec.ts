// `GET /docs`, the API reference rendered from /openapi.json, in Chromium: its content, a table of contents
// reachable by keyboard, nothing loaded from elsewhere, and axe (WCAG 2.0/2.1 A and AA) in both themes.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { E2E } from "./support/constants";

for (const theme of ["light", "dark"] as const) {
  test(`/docs (${theme}): the reference from the document, self-hosted, no axe violations`, async ({ page }) => {
    // The whole reference is one page of some 13,000 elements: axe takes its time over every one of them.
    test.setTimeout(180_000);
    const foreign: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(E2E.serverUrl)) foreign.push(request.url());
    });
    const response = await page.goto(`/docs?theme=${theme}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("morph-connect API reference");
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);

    // The resource paths come from the server's model registry; the error codes from the one table.
    const list = page.locator("#op-list_genericContact");
    await expect(list.getByRole("heading", { level: 3 })).toContainText("/v1/resources/genericContact");
    await expect(list).toContainText("NEEDS_REAUTH");
    await expect(list).toContainText("x-division");
    await expect(page.locator("#schema-GenericContactRecord")).toContainText("firstName");
    await expect(page.locator("#event-genericContact-created")).toBeAttached();

    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const summary = results.violations.map((violation) => ({
      rule: violation.id,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
    }));
    expect(summary).toEqual([]);
    expect(foreign).toEqual([]);
  });
}

test("/docs: the table of contents is reachable and usable by keyboard", async ({ page }) => {
  await page.goto("/docs");
  const contents = page.getByRole("navigation", { name: "Contents" });
  await expect(contents).toBeVisible();
  // From the top of the page: the link to the document, then the contents, in reading order.
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute("href"));
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("openapi.json");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("#tag-Sessions");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("#op-createSession");
  expect(await page.evaluate(() => document.activeElement?.closest("nav")?.getAttribute("aria-label"))).toBe("Contents");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#op-createSession$/);
  await expect(page.locator("#op-createSession")).toBeInViewport();
  // Deeper in the contents, a resource path of the model registry.
  const contacts = contents.locator('a[href="#op-list_genericContact"]');
  await contacts.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#op-list_genericContact")).toBeInViewport();
});

test("/docs follows the system's colour scheme without ?theme", async ({ page }) => {
  const background = async () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/docs");
  const light = await background();
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await background()).not.toBe(light);
});
