import { expect, type Frame, type FrameLocator, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { E2E } from "./constants";

/** Every callback the demo page received (`window.__morphEvents`); a `Frame` when the demo is embedded. */
export function demoEvents(page: Page | Frame) {
  return page.evaluate(() => (window as unknown as { __morphEvents: Array<{ type: string; payload: Record<string, unknown> }> }).__morphEvents);
}

export function hostEvents(page: Page) {
  return page.evaluate(() => (window as unknown as { __hostEvents: Array<{ type: string; payload: Record<string, unknown> }> }).__hostEvents);
}

/**
 * Clicks through the dialog; returns the popup (already on the sandbox's consent page).
 * `within` is where the widget lives: the page itself, or the iframe that embeds the demo.
 */
export async function openConsentPopup(page: Page, within: Page | FrameLocator = page) {
  await within.getByRole("button", { name: "Connect Exact Online" }).click();
  const dialog = within.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Continue" })).toBeEnabled();
  const popupPromise = page.waitForEvent("popup");
  await dialog.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
  return popup;
}

/** What a customer's backend does: mint a session token with the secret key. */
export async function mintSession(ownerId: string, operations: string[] = ["genericContact::list", "genericCompany::list"]): Promise<string> {
  const response = await fetch(`${E2E.serverUrl}/v1/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${E2E.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ connectorId: "exact-online", ownerId, operations }),
  });
  if (response.status !== 201) throw new Error(`session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { sessionToken: string }).sessionToken;
}

/** A correctly signed token whose lifetime is over: what a tab left open too long holds. */
export async function expiredSession(ownerId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ cid: "exact-online", ops: ["genericContact::list"], opt: [] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("morph-connect")
    .setAudience("morph-connect:widget")
    .setSubject(ownerId)
    .setJti(`expired-${now}`)
    .setIssuedAt(now - 1200)
    .setExpirationTime(now - 60)
    .sign(Buffer.from(E2E.signingKey, "base64"));
}

export const uniqueOwner = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** Text shown in the dialog, not its screen-reader-only live region (which repeats status changes). */
export function shown(page: Page | FrameLocator, text: string) {
  return page.getByRole("dialog").getByText(text).and(page.locator(":not([role=status])"));
}
