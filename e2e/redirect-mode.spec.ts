// The widget without a popup (issue 17, section 3), end to end: a host page on another origin
// (e2e/host/redirect.html, React StrictMode) sends the whole tab to the sandbox's consent page and back;
// the real server, the real sandbox. The host's backend mints a NEW session token on every page load:
// the page asks `GET /api/session`, which the test answers by minting one with the secret key.
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { hostEvents, mintSession, shown, uniqueOwner } from "./support/flow";

const RETURN_PAGE = `${E2E.hostUrl}/redirect.html?tab=exact#accounting`;

/** The host's backend for `ownerId`: one fresh session token per page load, every token it handed out. */
async function hostBackend(page: Page, ownerId: string) {
  const tokens: string[] = [];
  await page.route(`${E2E.hostUrl}/api/session`, async (route) => {
    const sessionToken = await mintSession(ownerId);
    tokens.push(sessionToken);
    await route.fulfill({ json: { sessionToken } });
  });
  return tokens;
}

/** Every URL the tab showed, in order (the return URL with `morph_attempt` is replaced at once). */
function visitedUrls(page: Page) {
  const urls: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

async function continueToConsent(page: Page) {
  await page.getByRole("button", { name: "Connect Exact Online" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Continue" })).toBeEnabled();
  await dialog.getByRole("button", { name: "Continue" }).click();
  // The same tab, not a popup, is on the sandbox's consent page now.
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
}

/** The widget once its session shows the owner's connection (connected, or since ended by another owner's consent). */
const connectedWidget = (page: Page) => page.locator("[data-slot=connect][data-status=connected]");

const successes = async (page: Page) => (await hostEvents(page)).filter((event) => event.type === "success");

test("Continue → consent in the same tab → back on the page with a new session token → onSuccess once (StrictMode)", async ({ page }) => {
  const ownerId = uniqueOwner("redirect");
  const tokens = await hostBackend(page, ownerId);
  const urls = visitedUrls(page);
  let popups = 0;
  page.on("popup", () => popups++);
  await page.goto(RETURN_PAGE);

  await continueToConsent(page);
  expect(new URL(page.url()).origin).toBe(E2E.serverUrl);
  await page.getByRole("button", { name: "Approve" }).click();

  // Back on the host's page, which opens the dialog on the outcome.
  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
  await expect(shown(page, "Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
  // `morph_attempt` is gone from the address bar; the page's own query and fragment are kept.
  await expect.poll(() => page.url()).toBe(RETURN_PAGE);
  const returned = urls.find((url) => url.includes("morph_attempt="));
  expect(returned).toBeDefined();
  expect(new URL(returned!).searchParams.get("morph_attempt")).toMatch(/^att_[A-Za-z0-9_-]{22,}$/);
  expect(new URL(returned!).searchParams.get("tab")).toBe("exact");

  // Late answers and StrictMode's double effects must not report it again.
  await page.waitForTimeout(1500);
  const reported = await successes(page);
  expect(reported).toHaveLength(1);
  expect(reported[0]!.payload).toMatchObject({ ownerId, region: "nl", status: "connected" });
  expect((await hostEvents(page)).filter((event) => event.type === "error")).toEqual([]);
  expect(popups).toBe(0);
  // Two page loads, two tokens: the outcome was read with the one minted for the return page.
  expect(tokens).toHaveLength(2);
  expect(tokens[1]).not.toBe(tokens[0]);

  // The backend knows the connection the page reported (its status is not asserted: other specs sign in as the
  // same sandbox user, and one Exact user for two owners ends the earlier connection, issue 17 section 4).
  const backend = await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}`, { headers: { authorization: `Bearer ${E2E.secretKey}` } });
  expect(backend.status).toBe(200);
  expect(await backend.json()).toMatchObject({ data: { connectionId: (reported[0]!.payload as { connectionId: string }).connectionId } });

  // A reload of the returned page reports nothing: it shows the connection from its (third) session.
  await page.reload();
  await expect(connectedWidget(page)).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await hostEvents(page)).toEqual([]);
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // The return URL itself, opened again in this tab (a reload that beat the clean-up, Back/Forward): nothing either.
  await page.goto(returned!);
  await expect(connectedWidget(page)).toBeVisible();
  await expect.poll(() => page.url()).toBe(RETURN_PAGE);
  await page.waitForTimeout(1000);
  expect(await hostEvents(page)).toEqual([]);
});

test("Deny at the consent page → back on the page → onError ACCESS_DENIED once", async ({ page }) => {
  const ownerId = uniqueOwner("redirect-deny");
  await hostBackend(page, ownerId);
  await page.goto(RETURN_PAGE);
  await continueToConsent(page);
  await page.getByRole("button", { name: "Deny" }).click();

  await expect(shown(page, "Access was not granted in Exact Online.")).toBeVisible();
  await expect.poll(() => page.url()).toBe(RETURN_PAGE);
  await page.waitForTimeout(1500);
  const events = await hostEvents(page);
  expect(events.filter((event) => event.type === "error").map((event) => (event.payload as { code: string }).code)).toEqual(["ACCESS_DENIED"]);
  expect(events.some((event) => event.type === "success")).toBe(false);
});

test("another owner's session cannot read the attempt: onError INVALID_STATE, nothing connected for it", async ({ page }) => {
  const ownerId = uniqueOwner("redirect-owner");
  const otherOwner = uniqueOwner("redirect-other");
  let loads = 0;
  // The first load is the real owner's; the page it comes back to is handed another owner's token.
  await page.route(`${E2E.hostUrl}/api/session`, async (route) =>
    route.fulfill({ json: { sessionToken: await mintSession(loads++ === 0 ? ownerId : otherOwner) } }),
  );
  await page.goto(RETURN_PAGE);
  await continueToConsent(page);
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(shown(page, "The sign-in could not be verified.")).toBeVisible();
  await page.waitForTimeout(1000);
  const events = await hostEvents(page);
  expect(events.map((event) => [event.type, (event.payload as { code?: string } | undefined)?.code])).toEqual([["error", "INVALID_STATE"]]);
});

test("a blocked popup offers Continue in this tab, which connects through the tab (keyboard only)", async ({ page }) => {
  const ownerId = uniqueOwner("redirect-blocked");
  await hostBackend(page, ownerId);
  const page1 = `${E2E.hostUrl}/redirect.html?mode=popup&blockPopups=1`;
  await page.goto(page1);
  await page.getByRole("button", { name: "Connect Exact Online" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Continue" }).click();
  await expect(shown(page, "Your browser blocked the Exact Online window. Allow pop-ups for this site, then try again.")).toBeVisible();

  // Reached with Tab alone, pressed with Enter.
  const continueInTab = page.getByRole("dialog").getByRole("button", { name: "Continue in this tab" });
  for (let presses = 0; presses < 6 && !(await continueInTab.evaluate((element) => element === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(continueInTab).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
  await expect.poll(() => page.url()).toBe(page1);
  await page.waitForTimeout(1000);
  const events = await hostEvents(page);
  // This page load saw only the return: one success, nothing else.
  expect(events.map((event) => event.type)).toEqual(["success"]);
});
