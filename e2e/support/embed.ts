import { expect, type Frame, type FrameLocator, type Page } from "@playwright/test";
import { E2E } from "./constants";

export type DemoTheme = "light" | "dark";

export interface EmbeddedDemo {
  /** For locators inside the frame. */
  frame: FrameLocator;
  /** For `evaluate` inside the frame (its `window`, its `document`). */
  content: Frame;
}

/**
 * Opens the host page on the second origin that embeds the demo in a 100% × 370 px iframe, and waits
 * until the demo has its session (the Connect button is rendered).
 */
export async function openEmbeddedDemo(page: Page, theme: DemoTheme): Promise<EmbeddedDemo> {
  await page.goto(`${E2E.hostUrl}/iframe.html?theme=${theme}`);
  const frame = page.frameLocator("#demo");
  await expect(frame.getByRole("button", { name: "Connect Exact Online" })).toBeVisible();
  await expect(frame.getByTestId("demo-sandbox-badge")).toBeVisible();
  const content = await (await page.locator("#demo").elementHandle())?.contentFrame();
  if (!content) throw new Error("the demo iframe has no frame");
  return { frame, content };
}

/** Whether the document scrolls in either direction (content larger than its viewport, hidden or not). */
export function documentOverflow(frame: Frame) {
  return frame.evaluate(() => {
    const root = document.documentElement;
    return {
      vertical: root.scrollHeight > root.clientHeight || document.body.scrollHeight > document.body.clientHeight,
      horizontal: root.scrollWidth > root.clientWidth || document.body.scrollWidth > document.body.clientWidth,
    };
  });
}
