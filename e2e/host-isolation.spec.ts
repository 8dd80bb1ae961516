import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { hostEvents, mintSession, openConsentPopup, shown, uniqueOwner } from "./support/flow";
import { imageDifference } from "./support/pixels";
import { computedStyles, leakingRules, markExistingStylesheets } from "./support/styles";

const HOST_ELEMENTS = ["body", "html", "#host-header", "#host-header h1", "#host-header p", "#host-header a", "#host-header button", "#host-header li"];
const LIME = "rgb(0, 255, 0)";

test("mounting the widget and opening its dialog leaves the host page exactly as it was", async ({ page }) => {
  const token = await mintSession(uniqueOwner("isolation"));
  await page.goto(`${E2E.hostUrl}/index.html?mount=manual&token=${token}`);
  const header = page.locator("#host-header");
  await expect(header).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const before = await header.screenshot({ animations: "disabled" });
  const stylesBefore = await computedStyles(page, HOST_ELEMENTS);
  await markExistingStylesheets(page);
  expect(stylesBefore["#host-header button"]).not.toBeNull();

  await page.evaluate(() => window.mountWidget());
  const trigger = page.getByRole("button", { name: "Connect Exact Online" });
  await expect(trigger).toBeVisible();
  // The widget's stylesheet is really there (its own button is styled), so a leak would show.
  await expect(trigger).toHaveCSS("background-color", "rgb(29, 78, 216)");
  await trigger.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Continue" })).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  await page.evaluate(() => document.fonts.ready);
  const after = await header.screenshot({ animations: "disabled" });
  // Byte-equal, or at most a few anti-aliased corner pixels re-rasterised a shade differently.
  if (!after.equals(before)) {
    const difference = await imageDifference(page, before, after);
    expect(difference, "the host header looks different once the widget is mounted").toMatchObject({ sameSize: true, visible: 0 });
    expect(difference.changed).toBeLessThanOrEqual(8);
  }
  expect(await computedStyles(page, HOST_ELEMENTS)).toEqual(stylesBefore);
  // Nothing global: every rule the widget added either stays inside `[data-morph-root]` or only
  // declares custom properties (Tailwind's `--morph-*` theme and `--tw-*` fallbacks), which paint nothing.
  expect(await leakingRules(page)).toEqual([]);
});

test("opening the dialog does not move a plain host page (default body margin, heading at the top)", async ({ page }) => {
  const token = await mintSession(uniqueOwner("layout-shift"));
  await page.goto(`${E2E.hostUrl}/plain.html?token=${token}`);
  const heading = page.locator("#host-heading");
  const trigger = page.getByRole("button", { name: "Connect Exact Online" });
  await expect(trigger).toBeEnabled();
  // The page really has the defaults that made the shift: an 8 px body margin, and the heading's
  // margin collapsing through it (its top is its own margin, not margin + 8).
  await expect(page.locator("body")).toHaveCSS("margin-top", "8px");
  const closed = (await heading.boundingBox())!;
  expect(closed.y).toBeCloseTo(parseFloat(await heading.evaluate((element) => getComputedStyle(element).marginTop)), 0);

  await trigger.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Continue" })).toBeVisible();
  // The scroll lock is on (Radix's `data-scroll-locked`), so a shift would show now.
  await expect(page.locator("body")).toHaveAttribute("data-scroll-locked", /\d/);
  await expect(page.locator("body")).toHaveCSS("overflow", "hidden");
  expect(await heading.boundingBox()).toEqual(closed);

  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  expect(await heading.boundingBox()).toEqual(closed);
});

test.describe("under a hostile host stylesheet", () => {
  /** `hostCssLast`: the host's stylesheet comes after the widget's, as when a host bundles its CSS last. */
  async function openHostile(page: Page, { hostCssLast = false } = {}) {
    const token = await mintSession(uniqueOwner("hostile"));
    await page.goto(`${E2E.hostUrl}/hostile.html?token=${token}`);
    if (hostCssLast) {
      await expect(page.locator("[data-morph-root]").first()).toBeAttached();
      await page.evaluate(() => document.head.append(document.querySelector('link[href*="hostile.css"]')!));
      expect(await page.evaluate(() => document.head.lastElementChild?.getAttribute("href"))).toContain("hostile.css");
    }
    // The hostile CSS is really applied to the host's own elements.
    await expect(page.locator("#host-header button")).toHaveCSS("border-style", "none");
    await expect(page.locator("#host-header h1")).toHaveCSS("text-transform", "uppercase");
    const trigger = page.getByRole("button", { name: "Connect Exact Online" });
    await expect(trigger).toBeVisible();
    return trigger;
  }

  const style = (locator: Locator, ...properties: string[]) =>
    locator.evaluate((element, names) => Object.fromEntries(names.map((name) => [name, getComputedStyle(element).getPropertyValue(name)])), properties);

  /** Trigger, dialog, icons, text and select look like the widget's, not like the host's resets. Leaves the dialog open. */
  async function expectWidgetLooksRight(page: Page, trigger: Locator) {
    const triggerBox = (await trigger.boundingBox())!;
    expect(triggerBox.height).toBeGreaterThanOrEqual(32);
    expect(triggerBox.height).toBeLessThanOrEqual(48);
    expect(triggerBox.width).toBeGreaterThanOrEqual(120);
    expect(await style(trigger, "background-color", "border-top-style", "border-top-width", "font-size", "text-transform", "cursor", "box-sizing")).toEqual({
      "background-color": "rgb(29, 78, 216)",
      "border-top-style": "solid",
      "border-top-width": "1px",
      "font-size": "14px",
      "text-transform": "none",
      cursor: "pointer",
      "box-sizing": "border-box",
    });
    expect((await style(trigger, "font-family"))["font-family"]).not.toMatch(/comic sans/i);

    await trigger.click();
    const dialog = page.getByRole("dialog");
    const region = dialog.getByRole("combobox", { name: "Region" });
    await expect(region).toBeVisible();
    await expect(dialog).not.toHaveCSS("background-color", LIME);
    await expect(dialog).toHaveCSS("background-color", "rgb(255, 255, 255)");
    await expect(dialog).toHaveCSS("color", "rgb(17, 24, 39)");

    // Icons: the hostile `svg { display: none }` must not hide them.
    const icons = dialog.locator("svg");
    expect(await icons.count()).toBeGreaterThanOrEqual(3);
    for (const icon of await icons.all()) await expect(icon).toBeVisible();
    const mark = (await dialog.locator("svg").first().boundingBox())!;
    expect([mark.width, mark.height]).toEqual([32, 32]);

    // Text: no uppercase, no 900 weight, no 40 px margins, 14 px body text (not relative to `html { font-size: 10px }`).
    const title = dialog.getByRole("heading", { name: "Connect Exact Online" });
    expect(await style(title, "text-transform", "font-size", "font-weight", "margin-top")).toEqual({ "text-transform": "none", "font-size": "16px", "font-weight": "600", "margin-top": "0px" });
    const intro = dialog.getByText("Choose your region and review what this app may do.");
    expect(await style(intro, "text-transform", "font-size", "font-weight", "margin-top", "margin-bottom", "line-height")).toEqual({
      "text-transform": "none",
      "font-size": "14px",
      "font-weight": "400",
      "margin-top": "0px",
      "margin-bottom": "0px",
      "line-height": "20.3px",
    });
    await expect(dialog.getByRole("heading", { name: "Permissions" })).toHaveCSS("text-transform", "none");

    // The region select is a real, visible select: a box with a border, its options, keyboard-changeable.
    const select = (await region.boundingBox())!;
    expect(select.height).toBeGreaterThanOrEqual(32);
    expect(select.width).toBeGreaterThanOrEqual(200);
    expect(await style(region, "display", "border-top-width", "border-top-style")).toEqual({ display: "block", "border-top-width": "1px", "border-top-style": "solid" });
    await region.selectOption("de");
    await expect(region).toHaveValue("de");
    // Checkboxes are drawn (the hostile `input { all: unset }` would leave nothing).
    const checkbox = dialog.getByRole("checkbox").first();
    await expect(checkbox).toBeVisible();
    expect((await checkbox.boundingBox())!.width).toBe(16);
    return dialog;
  }

  test("the widget keeps its look: button, dialog, icons, text, select", async ({ page }) => {
    const dialog = await expectWidgetLooksRight(page, await openHostile(page));
    await expect(dialog).toHaveScreenshot("hostile-dialog.png");
  });

  test("…also when the host's stylesheet is loaded after the widget's", async ({ page }) => {
    await expectWidgetLooksRight(page, await openHostile(page, { hostCssLast: true }));
  });

  test("the full connect flow still completes", async ({ page }) => {
    await openHostile(page);
    const popup = await openConsentPopup(page);
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect(shown(page, "Connected to Exact Online")).toBeVisible();
    await expect(shown(page, "Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
    await expect(page.getByRole("dialog")).not.toHaveCSS("background-color", LIME);
    await expect.poll(async () => (await hostEvents(page)).filter((event) => event.type === "success").length).toBe(1);
  });
});
