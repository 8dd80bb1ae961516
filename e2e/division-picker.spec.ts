// Issue 18: when the user's Exact token reaches several administrations (divisions), they choose on a page of ours
// before anything is stored: in the widget's popup and after a hosted connect link alike. Real Chromium, the real
// server and its sandbox. Each test signs in at the sandbox as its own guest user (the consent form's sandbox-only
// `login` field), so no other spec's connection shares its Exact user.
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { demoEvents, openConsentPopup, shown, uniqueOwner } from "./support/flow";

const MAIN = "1234567";
const SECOND = "2345678";
const THIRD = "3456789";
const auth = { authorization: `Bearer ${E2E.secretKey}`, "content-type": "application/json" };

/** On the sandbox's consent page: grant these divisions (or every one) as a guest user, then Approve. */
async function grant(consent: Page, divisions: string[] | "all", login: string) {
  await expect(consent.getByRole("button", { name: "Approve" })).toBeVisible();
  const select = consent.getByLabel("Division", { exact: true });
  if (divisions === "all") await select.evaluate((element: HTMLSelectElement) => Array.from(element.options).forEach((option) => (option.selected = true)));
  else await select.selectOption(divisions);
  // Sandbox only: a person of another company signs in (no other spec connects as them).
  await consent.evaluate((name) => {
    const input = document.createElement("input");
    Object.assign(input, { type: "hidden", name: "login", value: name });
    document.querySelector("form")!.append(input);
  }, login);
  await consent.getByRole("button", { name: "Approve" }).click();
}

async function hostedLink(ownerId: string) {
  const created = await fetch(`${E2E.serverUrl}/v1/connections`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list"] }),
  });
  expect(created.status).toBe(201);
  const response = await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}/authorize`, { method: "POST", headers: auth, body: "{}" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { authorizationUrl: string } }).data.authorizationUrl;
}

async function connection(ownerId: string) {
  const response = await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}`, { headers: auth });
  return { status: response.status, body: (await response.json()) as { data: { status: string; defaultDivision: number | null; divisions: Array<{ code: number }> } } };
}

/** The server's own record of the owner's attempts, read from its SQLite file (e2e/support/start-server.ts). */
function attemptsOf(ownerId: string) {
  const db = new Database(`test-results/e2e-data-${E2E.serverPort}/morph.db`, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("select status, (pending_choice is not null) as sealed from oauth_states where owner_id = ?").all(ownerId);
  } finally {
    db.close();
  }
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((violation) => ({ rule: violation.id, nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`) }));
}

test("popup: three granted → the picker in the popup, two chosen → onSuccess with both divisions", async ({ page }) => {
  await page.goto("/demo/connectors/exact-online?theme=light");
  const popup = await openConsentPopup(page);
  await grant(popup, [MAIN, SECOND, THIRD], uniqueOwner("guest-popup").replace(/[^A-Za-z0-9._@-]/g, "").slice(0, 60));

  await expect(popup.getByRole("heading", { name: "Choose administrations" })).toBeVisible();
  // The user's current division (the first granted, for a new guest) is pre-selected.
  await expect(popup.getByRole("checkbox", { name: /Bakkerij De Gouden Korenschoof/ })).toBeChecked();
  await expect(popup.getByRole("checkbox", { name: /Korenschoof Vastgoed/ })).not.toBeChecked();
  // Nothing is stored while the user chooses: the widget still waits.
  expect((await demoEvents(page)).some((event) => event.type === "success")).toBe(false);
  await popup.getByRole("checkbox", { name: /Korenschoof Academie/ }).check();

  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Continue" }).click();
  await closed;
  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
  const successes = (await demoEvents(page)).filter((event) => event.type === "success");
  expect(successes).toHaveLength(1);
  expect(successes[0]!.payload).toMatchObject({
    division: Number(MAIN),
    defaultDivision: Number(MAIN),
    divisions: [expect.objectContaining({ code: Number(MAIN) }), expect.objectContaining({ code: Number(THIRD) })],
  });
});

test("popup: closing it while choosing cancels the attempt and stores nothing", async ({ page }) => {
  // The demo's backend names the owner it mints the session for.
  const session = page.waitForResponse((response) => response.url().endsWith("/api/session") && response.request().method() === "POST");
  await page.goto("/demo/connectors/exact-online?theme=light");
  const { ownerId } = (await (await session).json()) as { ownerId: string };
  const popup = await openConsentPopup(page);
  await grant(popup, [MAIN, SECOND], uniqueOwner("guest-close").replace(/[^A-Za-z0-9._@-]/g, "").slice(0, 60));
  await expect(popup.getByRole("heading", { name: "Choose administrations" })).toBeVisible();
  expect(attemptsOf(ownerId)).toEqual([{ status: "choosing", sealed: 1 }]);
  await popup.close({ runBeforeUnload: true });
  // The page's beacon ended the attempt: cancelled, its sealed tokens erased.
  await expect.poll(() => attemptsOf(ownerId)).toEqual([{ status: "cancelled", sealed: 0 }]);
  // The widget learns it from the server: the attempt ended as CANCELLED.
  await expect(shown(page, "The connection was cancelled.")).toBeVisible();
  const events = await demoEvents(page);
  expect(events.filter((event) => event.type === "error").map((event) => event.payload.code)).toContain("CANCELLED");
  expect(events.some((event) => event.type === "success")).toBe(false);
  expect((await connection(ownerId)).status).toBe(404);
});

test("hosted link: the picker after Exact, two chosen → Connected, stored with both", async ({ page }) => {
  const ownerId = uniqueOwner("pick-link");
  const url = await hostedLink(ownerId);
  await page.goto(`${url}?locale=en`);
  await page.getByRole("button", { name: "Continue" }).click();
  await grant(page, [MAIN, SECOND, THIRD], `guest-${ownerId}`.slice(0, 60));
  await expect(page.getByRole("heading", { name: "Choose administrations" })).toBeVisible();
  expect((await connection(ownerId)).body.data.status).toBe("pending");
  await page.getByRole("checkbox", { name: /Bakkerij De Gouden Korenschoof/ }).uncheck();
  await page.getByRole("checkbox", { name: /Korenschoof Vastgoed/ }).check();
  await page.getByRole("checkbox", { name: /Korenschoof Academie/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Connected to Exact Online — you can close this tab.")).toBeVisible();
  const stored = (await connection(ownerId)).body.data;
  expect(stored).toMatchObject({ status: "connected", defaultDivision: Number(SECOND) });
  expect(stored.divisions.map((d) => d.code)).toEqual([Number(SECOND), Number(THIRD)]);
});

test("500 divisions: filter by typing, keyboard only, axe in light and dark", async ({ page }) => {
  // Sandbox only: an accountant's firm with 500 administrations.
  const grown = await fetch(`${E2E.serverUrl}/sandbox/_control/divisions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ count: 500 }) });
  expect(grown.status).toBe(200);
  // axe checks every one of the 500 rows (contrast included), twice: several seconds each on two cores.
  test.slow();
  const ownerId = uniqueOwner("pick-500");
  const consentStarted = Date.now();
  const url = await hostedLink(ownerId);
  await page.goto(`${url}?locale=en`);
  await page.getByRole("button", { name: "Continue" }).click();
  await grant(page, "all", `guest-${ownerId}`.slice(0, 60));
  await expect(page.getByRole("heading", { name: "Choose administrations" })).toBeVisible();
  test.info().annotations.push({ type: "consent", description: `link → consent granting 500 → picker: ${Date.now() - consentStarted} ms` });
  const boxes = page.locator("#divisions input[type=checkbox]");
  await expect(boxes).toHaveCount(500);
  await expect(page.getByRole("status")).toHaveText("500 of 500 shown");

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(scheme === "dark" ? "rgb(18, 22, 28)" : "rgb(244, 246, 249)");
    const axeStarted = Date.now();
    expect(await axe(page)).toEqual([]);
    test.info().annotations.push({ type: "axe", description: `${scheme}: ${Date.now() - axeStarted} ms over 500 entries` });
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Keyboard only, from the top of the page: Tab to the search box, type, Tab to "select all shown", Space.
  await page.locator("body").focus();
  await page.keyboard.press("Tab");
  const search = page.getByLabel("Search administrations");
  await expect(search).toBeFocused();
  const started = Date.now();
  await page.keyboard.type("academie");
  await expect(page.getByRole("status")).toHaveText("1 of 500 shown");
  const filterMs = Date.now() - started;
  // Enter in the search box does not send the form.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Choose administrations" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("checkbox", { name: "Select all shown" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByRole("checkbox", { name: /Korenschoof Academie/ })).toBeChecked();
  // Another search: the one match, ticked with Space on itself.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("vastgoed");
  await expect(page.getByRole("status")).toHaveText("1 of 500 shown");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("checkbox", { name: /Korenschoof Vastgoed/ })).toBeFocused();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Continue" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByText("Connected to Exact Online — you can close this tab.")).toBeVisible();
  const stored = (await connection(ownerId)).body.data;
  // The current division (pre-selected) and the two ticked by keyboard.
  expect(stored.divisions.map((d) => d.code).sort()).toEqual([Number(MAIN), Number(SECOND), Number(THIRD)].sort());
  test.info().annotations.push({ type: "filter", description: `typing "academie" over 500 entries until "1 of 500 shown": ${filterMs} ms` });
});
