import { expect, test } from "@playwright/test";
import { documentOverflow, openEmbeddedDemo } from "./support/embed";
import type { DemoTheme } from "./support/embed";
import { demoEvents, openConsentPopup, shown } from "./support/flow";

// The demo embedded the way customers embed it: an iframe on another origin, 100% wide and 370 px high.
const THEMES: DemoTheme[] = ["light", "dark"];
/** `--morph-background` of each theme: the dialog's surface. */
const DIALOG_BACKGROUND: Record<DemoTheme, string> = { light: "rgb(255, 255, 255)", dark: "rgb(17, 24, 39)" };

for (const theme of THEMES) {
  test.describe(`embedded demo, ${theme} theme`, () => {
    test("the whole flow works inside the iframe, onSuccess once", async ({ page }) => {
      const { frame, content } = await openEmbeddedDemo(page, theme);
      const popup = await openConsentPopup(page, frame);
      // Listen before clicking: the callback page closes itself at once, possibly before the click returns.
      const closed = popup.waitForEvent("close");
      await popup.getByRole("button", { name: "Approve" }).click();
      await closed;

      await expect(shown(frame, "Connected to Exact Online")).toBeVisible();
      await expect(shown(frame, "Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
      await expect(frame.getByTestId("demo-last-event")).toHaveText("onSuccess: connected to Bakkerij De Gouden Korenschoof B.V.");
      // A late postMessage or status poll must not report it a second time.
      await page.waitForTimeout(1000);
      const successes = (await demoEvents(content)).filter((event) => event.type === "success");
      expect(successes).toHaveLength(1);
      expect(successes[0]!.payload).toMatchObject({ region: "nl", divisionName: "Bakkerij De Gouden Korenschoof B.V." });
    });

    test("idle: centred, no scrollbars at 100% × 370 px, transparent over the host page", async ({ page }) => {
      const { frame, content } = await openEmbeddedDemo(page, theme);
      expect(await content.evaluate(() => [innerWidth > 300, innerHeight])).toEqual([true, 370]);
      expect(await documentOverflow(content)).toEqual({ vertical: false, horizontal: false });
      // The Connect button sits in the middle of the frame, not at its top.
      const button = await frame.getByRole("button", { name: "Connect Exact Online" }).boundingBox();
      const frameBox = await page.locator("#demo").boundingBox();
      expect(Math.abs(button!.y + button!.height / 2 - (frameBox!.y + frameBox!.height / 2))).toBeLessThan(40);
      expect(Math.abs(button!.x + button!.width / 2 - (frameBox!.x + frameBox!.width / 2))).toBeLessThan(2);

      // The demo paints no background of its own: the host's page shows through.
      const backgrounds = await content.evaluate(() => [document.documentElement, document.body].map((element) => getComputedStyle(element).backgroundColor));
      expect(backgrounds).toEqual(["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]);
      // Computed values are not enough: Chromium paints an opaque canvas behind an iframe whose color-scheme
      // differs from its embedder's. An empty corner of the frame must show exactly what the host shows there.
      const corner = { x: 0, y: 0, width: 12, height: 12 };
      const withFrame = await page.screenshot({ clip: corner, animations: "disabled" });
      await page.locator("#demo").evaluate((iframe: HTMLElement) => (iframe.style.visibility = "hidden"));
      const hostOnly = await page.screenshot({ clip: corner, animations: "disabled" });
      expect(withFrame.equals(hostOnly), "the iframe's empty corner differs from the host page behind it").toBe(true);
    });

    test(`renders the ${theme} theme`, async ({ page }) => {
      const { frame } = await openEmbeddedDemo(page, theme);
      await frame.getByRole("button", { name: "Connect Exact Online" }).click();
      const dialog = frame.getByRole("dialog");
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveCSS("background-color", DIALOG_BACKGROUND[theme]);
      await expect(frame.locator("[data-slot=portal]")).toHaveAttribute("data-theme", theme);
      // Text on the dark surface is light, and the other way round.
      const textColor = await dialog.evaluate((element) => getComputedStyle(element).color);
      expect(textColor).toBe(theme === "dark" ? "rgb(249, 250, 251)" : "rgb(17, 24, 39)");
      // The page text outside the widget follows the theme too.
      await expect(frame.locator(".demo-intro")).toHaveCSS("color", theme === "dark" ? "rgb(249, 250, 251)" : "rgb(17, 24, 39)");
    });

    test("the dialog stays usable in a 370 px high frame", async ({ page }) => {
      const { frame, content } = await openEmbeddedDemo(page, theme);
      await frame.getByRole("button", { name: "Connect Exact Online" }).click();
      const dialog = frame.getByRole("dialog");
      const continueButton = dialog.getByRole("button", { name: "Continue" });
      await expect(continueButton).toBeEnabled();

      // The dialog fits the frame; what does not fit scrolls inside the dialog, not the page.
      const box = await dialog.boundingBox();
      const frameBox = await page.locator("#demo").boundingBox();
      expect(box && frameBox).toBeTruthy();
      expect(box!.y).toBeGreaterThanOrEqual(frameBox!.y);
      expect(box!.y + box!.height).toBeLessThanOrEqual(frameBox!.y + frameBox!.height);
      expect(box!.x).toBeGreaterThanOrEqual(frameBox!.x);
      expect(box!.x + box!.width).toBeLessThanOrEqual(frameBox!.x + frameBox!.width);
      const scroll = await dialog.evaluate((element) => ({ overflowY: getComputedStyle(element).overflowY, scrolls: element.scrollHeight > element.clientHeight }));
      expect(scroll.overflowY).toBe("auto");
      expect(scroll.scrolls).toBe(true);
      expect(await documentOverflow(content)).toEqual({ vertical: false, horizontal: false });

      // Continue can be brought into view inside the dialog and is then fully visible.
      await continueButton.scrollIntoViewIfNeeded();
      const button = await continueButton.boundingBox();
      const scrolledDialog = await dialog.boundingBox();
      expect(button!.y).toBeGreaterThanOrEqual(scrolledDialog!.y);
      expect(button!.y + button!.height).toBeLessThanOrEqual(scrolledDialog!.y + scrolledDialog!.height);
      await expect(continueButton).toBeInViewport({ ratio: 1 });
      const popupPromise = page.waitForEvent("popup");
      await continueButton.click();
      const popup = await popupPromise;
      await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
      await popup.close();
    });

    test(`snapshot: embed-${theme}.png`, async ({ page }) => {
      await openEmbeddedDemo(page, theme);
      await expect(page.locator("#demo")).toHaveScreenshot(`embed-${theme}.png`);
    });
  });
}
