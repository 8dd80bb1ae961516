import { expect, test } from "@playwright/test";
import { demoEvents, shown } from "./support/flow";
import { focusIndicator, tabTo } from "./support/keyboard";

const DEMO = "/demo/connectors/exact-online?theme=light";

test("the whole flow with the keyboard alone: dialog, region, permissions, popup, announcement, Escape", async ({ page }) => {
  await page.goto(DEMO);
  const trigger = page.getByRole("button", { name: "Connect Exact Online" });
  await expect(trigger).toBeVisible();

  // The Connect button is the first stop on the page.
  expect(await tabTo(page, trigger, { maxPresses: 3 })).toBe(1);
  expect((await focusIndicator(trigger)).focusVisible).toBe(true);
  await page.keyboard.press("Enter");

  // Radix moves focus into the dialog and keeps it there.
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.evaluate((root) => root.contains(document.activeElement))).toBe(true);

  const region = dialog.getByRole("combobox", { name: "Region" });
  await expect(region).toHaveValue("nl");
  await tabTo(page, region, { within: dialog });
  // Arrow keys change a focused select in place (Chromium on Linux does not open it).
  await page.keyboard.press("ArrowDown");
  await expect(region).toHaveValue("be");
  await expect(region).toBeFocused();

  // The permission list: required ones are locked (disabled, skipped by Tab), optional ones toggle with Space.
  const optionalCreate = dialog.getByRole("group", { name: "Contacts" }).getByRole("checkbox", { name: "create" });
  await expect(optionalCreate).not.toBeChecked();
  await tabTo(page, optionalCreate, { within: dialog });
  await page.keyboard.press("Space");
  await expect(optionalCreate).toBeChecked();

  const continueButton = dialog.getByRole("button", { name: "Continue" });
  await tabTo(page, continueButton, { within: dialog });
  const indicator = await focusIndicator(continueButton);
  expect(indicator.focusVisible).toBe(true);
  expect(indicator.outline || indicator.boxShadow, "the focused Continue button shows no focus ring").toBe(true);

  const popupPromise = page.waitForEvent("popup");
  await page.keyboard.press("Enter");
  const popup = await popupPromise;

  // The sandbox's consent page is keyboard-usable too.
  const approve = popup.getByRole("button", { name: "Approve" });
  await expect(approve).toBeVisible();
  await tabTo(popup, approve);
  const approveIndicator = await focusIndicator(approve);
  expect(approveIndicator.outline || approveIndicator.boxShadow).toBe(true);
  const closed = popup.waitForEvent("close");
  await popup.keyboard.press("Enter");
  await closed;

  // Announced to screen readers through the dialog's live region, and shown.
  await expect(dialog.getByRole("status")).toHaveText("Connected to Exact Online");
  await expect(shown(page, "Belgium")).toBeVisible();
  await expect.poll(async () => (await demoEvents(page)).filter((event) => event.type === "success").length).toBe(1);
  const success = (await demoEvents(page)).find((event) => event.type === "success")!;
  expect(success.payload).toMatchObject({ region: "be" });
  expect(success.payload.grantedOperations).toEqual(expect.arrayContaining(["genericContact::create"]));
  expect(success.payload.grantedOperations).not.toContain("accountingInvoiceItem::list");

  // Escape closes the dialog and gives focus back to the trigger, which now says it is connected.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  const connectedTrigger = page.getByRole("button", { name: "Exact Online connected" });
  await expect(connectedTrigger).toBeFocused();
});

test("Tab and Shift+Tab stay inside the open dialog; Escape returns focus to the trigger", async ({ page }) => {
  await page.goto(DEMO);
  const trigger = page.getByRole("button", { name: "Connect Exact Online" });
  await expect(trigger).toBeVisible();
  await tabTo(page, trigger);
  await page.keyboard.press("Space");
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Continue" })).toBeVisible();

  // Once round the trap in both directions: focus never reaches the page behind the dialog.
  const inside = () => dialog.evaluate((root) => root.contains(document.activeElement));
  const stops = new Set<number>();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await inside()).toBe(true);
    stops.add(await page.evaluate(() => [...document.querySelectorAll("*")].indexOf(document.activeElement!)));
  }
  // Close, region, the two optional toggles, Cancel, Continue: six stops in a loop.
  expect(stops.size).toBe(6);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await inside()).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  expect((await focusIndicator(trigger)).focusVisible).toBe(true);
});
