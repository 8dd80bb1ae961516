import { expect, test } from "@playwright/test";
import { E2E } from "./support/constants";
import { demoEvents, expiredSession, hostEvents, mintSession, openConsentPopup, shown, uniqueOwner } from "./support/flow";

const DEMO = "/demo/connectors/exact-online";

test("happy path: dialog → popup → Approve → connected, onSuccess once", async ({ page }) => {
  await page.goto(`${DEMO}?theme=light`);
  await expect(page.getByTestId("demo-sandbox-badge")).toBeVisible();
  const popup = await openConsentPopup(page);
  // The callback page closes itself at once: listen before clicking.
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Approve" }).click();
  await closed;

  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
  await expect(shown(page, "Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
  // Late messages or polls must not fire it again.
  await page.waitForTimeout(1500);
  const events = await demoEvents(page);
  const successes = events.filter((e) => e.type === "success");
  expect(successes).toHaveLength(1);
  expect(successes[0]!.payload).toMatchObject({ region: "nl", division: 1234567, ownerId: expect.stringMatching(/^demo-/) });
  expect(successes[0]!.payload.connectionId).toEqual(expect.any(String));
  expect(JSON.stringify(events)).not.toMatch(/access_token|refresh_token/i);
});

test("Deny → onError ACCESS_DENIED", async ({ page }) => {
  await page.goto(DEMO);
  const popup = await openConsentPopup(page);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Deny" }).click();
  await closed;
  await expect(shown(page, "Access was not granted in Exact Online.")).toBeVisible();
  const events = await demoEvents(page);
  expect(events.filter((e) => e.type === "error").map((e) => e.payload.code)).toEqual(["ACCESS_DENIED"]);
  expect(events.some((e) => e.type === "success")).toBe(false);
});

test("closing the popup → onClose and POPUP_CLOSED, never onSuccess", async ({ page }) => {
  await page.goto(DEMO);
  const popup = await openConsentPopup(page);
  await popup.close();
  await expect(shown(page, "The Exact Online window was closed before the connection was made.")).toBeVisible();
  await expect.poll(async () => (await demoEvents(page)).map((e) => e.type)).toEqual(expect.arrayContaining(["error", "close"]));
  const events = await demoEvents(page);
  expect(events.find((e) => e.type === "error")?.payload.code).toBe("POPUP_CLOSED");
  expect(events.some((e) => e.type === "success")).toBe(false);
});

test("an expired session → SESSION_EXPIRED", async ({ page }) => {
  const token = await expiredSession(uniqueOwner("expired"));
  await page.goto(`${E2E.hostUrl}/index.html?token=${token}`);
  await page.getByRole("button", { name: "Connect Exact Online" }).click();
  await expect(shown(page, "This connection link has expired. Reload the page.")).toBeVisible();
  await expect.poll(async () => (await hostEvents(page)).map((e) => e.payload?.code)).toContain("SESSION_EXPIRED");
});

// The same host app on React 19 (the repository's) and React 18 (the oldest the peer range allows).
for (const host of [
  { react: "19", url: E2E.hostUrl },
  { react: "18", url: E2E.react18HostUrl },
]) {
  test(`a host app on another origin connects, then disconnects (React ${host.react})`, async ({ page }) => {
    // React's development warnings and errors (React 18: "Warning: …", e.g. a ref on a function component).
    const reactWarnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") reactWarnings.push(message.text());
    });
    const ownerId = uniqueOwner(`host-react${host.react}`);
    const token = await mintSession(ownerId);
    await page.goto(`${host.url}/index.html?token=${token}`);
    await expect.poll(() => page.evaluate(() => window.__hostReactVersion)).toMatch(new RegExp(`^${host.react}\\.`));
    const popup = await openConsentPopup(page);
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect(shown(page, "Connected to Exact Online")).toBeVisible();
    await expect.poll(async () => (await hostEvents(page)).filter((e) => e.type === "success").length).toBe(1);
    const backend = await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}`, { headers: { authorization: `Bearer ${E2E.secretKey}` } });
    expect(backend.status).toBe(200);
    // StrictMode's double effects (React 18 runs them too) must not have fired onSuccess twice.
    await page.waitForTimeout(1000);
    expect((await hostEvents(page)).filter((e) => e.type === "success")).toHaveLength(1);

    await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
    await expect.poll(async () => (await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}`, { headers: { authorization: `Bearer ${E2E.secretKey}` } })).status).toBe(404);
    // (The only other console errors are the host's missing favicon.)
    expect(reactWarnings.filter((text) => !text.startsWith("Failed to load resource"))).toEqual([]);
  });
}
