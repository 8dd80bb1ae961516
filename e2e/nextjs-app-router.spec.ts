// A customer's Next.js App Router app that installs the packed widget (`npm pack`) next to `next`,
// `react` and `react-dom` from the registry: `next build`, `next start`, then the whole connect flow in
// Chromium against the sandbox. Server components import the widget (its entry is "use client") and
// mint the session with `morph-connect/server`. Slow by nature (install and build): one app, built once.
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { hostEvents, openConsentPopup, shown, uniqueOwner } from "./support/flow";
import { buildNextApp, freePort, removeNextApp, startMorphServer, startNextApp } from "./support/next-app";
import type { NextApp, Running } from "./support/next-app";

test.describe.configure({ mode: "serial" });

let app: NextApp | undefined;
let morphServer: Running | undefined;
let nextServer: Running | undefined;

test.beforeAll(async () => {
  // Pack + install (npm's cache warm: ~20 s) + `next build` (~15 s alone, more beside other tests).
  test.setTimeout(8 * 60_000);
  app = await buildNextApp((line) => console.log(`[next app] ${line}`));
  const nextPort = await freePort();
  morphServer = await startMorphServer(`http://127.0.0.1:${nextPort}`);
  nextServer = await startNextApp(app, nextPort, morphServer.url, E2E.secretKey);
});

test.afterAll(() => {
  nextServer?.stop();
  morphServer?.stop();
  removeNextApp(app);
});

test.beforeEach(() => {
  test.setTimeout(2 * 60_000);
});

/** Uncaught errors and React's hydration complaints on the page, from the first script on. */
function pageProblems(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat|did not match|Minified React error/i.test(message.text())) problems.push(message.text());
  });
  return problems;
}

async function connectionStatus(ownerId: string) {
  const response = await fetch(`${morphServer!.url}/v1/connections/exact-online/${ownerId}`, { headers: { authorization: `Bearer ${E2E.secretKey}` } });
  return response.status;
}

test("a server component renders <MorphProvider> and <Connect>: server-rendered, hydrated, connects", async ({ page }) => {
  const problems = pageProblems(page);
  const ownerId = uniqueOwner("next");
  const response = await page.goto(`${nextServer!.url}/?owner=${ownerId}`);
  expect(response?.status()).toBe(200);
  // Next rendered the client component on the server: the button is in the HTML before any script.
  const html = await response!.text();
  expect(html).toContain("data-morph-root");
  expect(html).toContain("Connect Exact Online");

  const popup = await openConsentPopup(page);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Approve" }).click();
  await closed;
  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
  await expect(shown(page, "Bakkerij De Gouden Korenschoof B.V.")).toBeVisible();
  expect(await connectionStatus(ownerId)).toBe(200);
  expect(problems).toEqual([]);
});

test("a client component passes the callbacks: onSuccess once, with the connection", async ({ page }) => {
  const problems = pageProblems(page);
  const ownerId = uniqueOwner("next-callbacks");
  await page.goto(`${nextServer!.url}/callbacks?owner=${ownerId}`);
  await expect(page.locator("[data-slot=connect]")).toHaveAttribute("data-theme", "dark");

  const popup = await openConsentPopup(page);
  await popup.getByRole("button", { name: "Approve" }).click();
  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
  await expect.poll(async () => (await hostEvents(page).catch(() => [])) ?? []).toEqual([
    expect.objectContaining({ type: "success", payload: expect.objectContaining({ ownerId, region: "nl", division: 1234567 }) }),
  ]);
  // Late messages or polls must not fire it again.
  await page.waitForTimeout(1000);
  expect((await hostEvents(page)).filter((event) => event.type === "success")).toHaveLength(1);
  expect(await connectionStatus(ownerId)).toBe(200);
  expect(problems).toEqual([]);
});
