import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { mintSession, uniqueOwner } from "./support/flow";

const trigger = '[data-slot="trigger"]';
const style = (page: Page, property: string) =>
  page.locator(trigger).evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

test("appearance props become --morph-* variables on the widget", async ({ page }) => {
  const token = await mintSession(uniqueOwner("appearance"));
  await page.goto(`${E2E.hostUrl}/index.html?token=${token}&primary=${encodeURIComponent("#c2410c")}&radius=2px`);
  await expect(page.locator(trigger)).toBeVisible();
  expect(await style(page, "background-color")).toBe("rgb(194, 65, 12)");
  expect(await style(page, "border-top-left-radius")).toBe("2px");
  // The dialog, rendered in a portal outside the trigger, carries the same variables.
  await page.locator(trigger).click();
  const continueButton = page.getByRole("dialog").getByRole("button", { name: "Continue" });
  await expect(continueButton).toBeEnabled();
  expect(await continueButton.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(194, 65, 12)");
});

test("the host's own CSS overrides the variables, in both themes", async ({ page }) => {
  for (const theme of ["light", "dark"]) {
    const token = await mintSession(uniqueOwner("css-vars"));
    await page.goto(`${E2E.hostUrl}/index.html?token=${token}&theme=${theme}`);
    await expect(page.locator(trigger)).toBeVisible();
    const before = await style(page, "background-color");
    await page.addStyleTag({ content: "[data-morph-root] { --morph-primary: rgb(0, 128, 0); --morph-radius: 0px; }" });
    expect(await style(page, "background-color")).toBe("rgb(0, 128, 0)");
    expect(before).not.toBe("rgb(0, 128, 0)");
    expect(await style(page, "border-top-left-radius")).toBe("0px");
  }
});
