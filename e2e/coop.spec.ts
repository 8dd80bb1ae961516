import { expect, test } from "@playwright/test";
import { E2E } from "./support/constants";
import { hostEvents, shown, uniqueOwner } from "./support/flow";

// Identity providers may send Cross-Origin-Opener-Policy: the popup then leaves the opener's browsing
// context group, `popup.closed` reads true while the user is still consenting, and the callback page's
// postMessage cannot reach the widget. The server's view of the attempt must still end the flow.
test("a consent page that severs the opener still ends in onSuccess, exactly once", async ({ page }) => {
  const ownerId = uniqueOwner("coop");
  const session = await fetch(`${E2E.coopServerUrl}/v1/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${E2E.secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list"] }),
  });
  const { sessionToken } = (await session.json()) as { sessionToken: string };
  await page.goto(`${E2E.hostUrl}/index.html?server=${encodeURIComponent(E2E.coopServerUrl)}&token=${sessionToken}`);

  await page.getByRole("button", { name: "Connect Exact Online" }).click();
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("dialog").getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
  // The opener has lost the popup: the widget cannot tell it apart from a closed one.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __hostEvents: Array<{ type: string }> }).__hostEvents.length)).toBeGreaterThan(0);
  expect((await hostEvents(page)).map((e) => e.payload?.code ?? e.type)).toEqual(expect.arrayContaining(["POPUP_CLOSED"]));

  // The user was still consenting; the late success lands.
  await popup.getByRole("button", { name: "Approve" }).click();
  await expect(shown(page, "Connected to Exact Online")).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await hostEvents(page)).filter((e) => e.type === "success").length).toBe(1);
  const success = (await hostEvents(page)).find((e) => e.type === "success");
  expect(success?.payload).toMatchObject({ ownerId, division: 1234567 });
});
