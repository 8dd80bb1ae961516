// Issue 17: the backend flow through a shareable connect link, in real Chromium against the real server and
// its sandbox: create → authorize → the hosted page → Exact's consent → back on redirectUrl.
// Each test signs in at the sandbox as a seeded user other than the default one (other specs connect as the
// default user, and one Exact user for two owners ends the first one's connection: section 4 of the issue).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/constants";
import { uniqueOwner } from "./support/flow";

// In order, in one worker: two tests signing in as the same seeded user at once would end each other's connections.
test.describe.configure({ mode: "default" });

const auth = { authorization: `Bearer ${E2E.secretKey}`, "content-type": "application/json" };

async function pendingConnection(ownerId: string) {
  const response = await fetch(`${E2E.serverUrl}/v1/connections`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list", "genericCompany::list"], optionalOperations: ["genericContact::create"] }),
  });
  expect(response.status).toBe(201);
}

async function authorize(ownerId: string, body: Record<string, unknown> = {}) {
  return fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}/authorize`, { method: "POST", headers: auth, body: JSON.stringify(body) });
}

async function link(ownerId: string, body: Record<string, unknown> = {}) {
  const response = await authorize(ownerId, body);
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { id: string; authorizationUrl: string; expiresAt: string } }).data;
}

async function connection(ownerId: string) {
  const response = await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}`, { headers: auth });
  return (await response.json()) as { data: { connectionId: string; status: string; lastError: { code: string; message: string } | null } };
}

/** On the sandbox's consent page: sign in as one of the seeded users (by name), then Approve. */
async function approveAs(page: Page, user: "Pieter Jansen" | "Fatima El Amrani" | "Joost Bakker") {
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
  const select = page.getByLabel("Exact Online user");
  const value = await select.locator("option", { hasText: user }).getAttribute("value");
  await select.selectOption(value!);
  await page.getByRole("button", { name: "Approve" }).click();
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((violation) => ({ rule: violation.id, nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`) }));
}

test("create → authorize → hosted page (axe in both themes, keyboard) → consent → redirectUrl with connectionId, its own query kept", async ({ page }) => {
  const ownerId = uniqueOwner("link-happy");
  await pendingConnection(ownerId);
  const { authorizationUrl } = await link(ownerId, { redirectUrl: `${E2E.hostUrl}/plain.html?from=link`, region: "be" });

  for (const theme of ["light", "dark"] as const) {
    await page.goto(`${authorizationUrl}?theme=${theme}&locale=en`);
    await expect(page.getByRole("heading", { name: "Connect Exact Online" })).toBeVisible();
    expect(await axe(page)).toEqual([]);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(theme === "dark" ? "rgb(18, 22, 28)" : "rgb(244, 246, 249)");
  }
  // System theme follows the browser's colour scheme.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(authorizationUrl);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(18, 22, 28)");
  expect(await axe(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });

  await page.goto(`${authorizationUrl}?locale=en`);
  await expect(page.getByLabel("Region")).toHaveValue("be");
  await expect(page.getByRole("group", { name: "Contacts" }).getByRole("checkbox", { name: /list/ })).toBeDisabled();
  await expect(page.getByRole("group", { name: "Contacts" }).getByRole("checkbox", { name: /create/ })).not.toBeChecked();

  // Keyboard only: Tab to the region, choose nl, Tab to the optional toggle, Space, Tab to Continue, Enter.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Region")).toBeFocused();
  await page.getByLabel("Region").selectOption("nl");
  await page.keyboard.press("Tab");
  const optional = page.getByRole("checkbox", { name: /create/ });
  await expect(optional).toBeFocused();
  expect(await optional.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe("none");
  await page.keyboard.press("Space");
  await expect(optional).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Continue" })).toBeFocused();
  await page.keyboard.press("Enter");

  await approveAs(page, "Pieter Jansen");
  await page.waitForURL(`${E2E.hostUrl}/plain.html?**`);
  const back = new URL(page.url());
  const connected = await connection(ownerId);
  expect(Object.fromEntries(back.searchParams)).toEqual({ from: "link", ownerId, connectionId: connected.data.connectionId, status: "connected" });
  expect(connected.data.status).toBe("connected");
});

test("without redirectUrl the flow ends on the hosted Connected page; the used link then answers 410", async ({ page }) => {
  const ownerId = uniqueOwner("link-hosted");
  await pendingConnection(ownerId);
  const { authorizationUrl } = await link(ownerId);
  await page.goto(`${authorizationUrl}?locale=en`);
  await page.getByRole("button", { name: "Continue" }).click();
  await approveAs(page, "Fatima El Amrani");
  await expect(page.getByText("Connected to Exact Online — you can close this tab.")).toBeVisible();
  expect(await axe(page)).toEqual([]);

  const used = await page.goto(`${authorizationUrl}?locale=nl`);
  expect(used?.status()).toBe(410);
  await expect(page.getByText("Via deze link is al een koppeling gemaakt.", { exact: false })).toBeVisible();
});

test("expired and revoked links answer 410 in the user's language; opening a link without Continue changes nothing", async ({ page }) => {
  const ownerId = uniqueOwner("link-gone");
  await pendingConnection(ownerId);
  const expiring = await link(ownerId, { expiresIn: 1 });
  const revoked = await link(ownerId);
  const opened = await link(ownerId);

  const response = await page.goto(opened.authorizationUrl);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect((await connection(ownerId)).data.status).toBe("pending");

  expect((await fetch(`${E2E.serverUrl}/v1/connections/exact-online/${ownerId}/authorize/${revoked.id}`, { method: "DELETE", headers: auth })).status).toBe(204);
  expect((await page.goto(`${revoked.authorizationUrl}?locale=fr`))?.status()).toBe(410);
  await expect(page.getByText("Ce lien de connexion a été retiré.", { exact: false })).toBeVisible();
  expect(await axe(page)).toEqual([]);

  await page.waitForTimeout(Math.max(0, Date.parse(expiring.expiresAt) - Date.now()) + 200);
  expect((await page.goto(`${expiring.authorizationUrl}?locale=de`))?.status()).toBe(410);
  await expect(page.getByText("Dieser Verbindungslink ist abgelaufen.", { exact: false })).toBeVisible();

  // The link that was only opened still works.
  await page.goto(opened.authorizationUrl);
  await page.getByRole("button", { name: "Continue" }).click();
  await approveAs(page, "Fatima El Amrani");
  await expect(page.getByText("you can close this tab")).toBeVisible();
});

test("a redirectUrl on another origin is refused with 400", async () => {
  const ownerId = uniqueOwner("link-origin");
  await pendingConnection(ownerId);
  const response = await authorize(ownerId, { redirectUrl: "https://evil.example/done" });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "redirectUrl" } } });
});

test("a reconnect link used by another Exact user is refused and nothing changes", async ({ page }) => {
  const ownerId = uniqueOwner("link-reconnect");
  await pendingConnection(ownerId);
  await page.goto((await link(ownerId)).authorizationUrl);
  await page.getByRole("button", { name: "Continue" }).click();
  await approveAs(page, "Joost Bakker");
  await expect(page.getByText("you can close this tab")).toBeVisible();
  const before = await connection(ownerId);

  const reconnect = await link(ownerId, { redirectUrl: `${E2E.hostUrl}/plain.html` });
  await page.goto(reconnect.authorizationUrl);
  await page.getByRole("button", { name: "Continue" }).click();
  await approveAs(page, "Pieter Jansen");
  await page.waitForURL(`${E2E.hostUrl}/plain.html?**`);
  const back = new URL(page.url());
  expect(back.searchParams.get("error")).toBe("ACCESS_DENIED");
  expect(back.searchParams.get("message")).toContain("accepts only the Exact Online user who made it");
  expect((await connection(ownerId)).data).toEqual(before.data);
});

test("one Exact user for two owners: the first connection goes needs_reauth with a lastError that says why", async ({ page }) => {
  const first = uniqueOwner("link-first");
  const second = uniqueOwner("link-second");
  await pendingConnection(first);
  await pendingConnection(second);
  for (const ownerId of [first, second]) {
    await page.goto((await link(ownerId)).authorizationUrl);
    await page.getByRole("button", { name: "Continue" }).click();
    await approveAs(page, "Joost Bakker");
    await expect(page.getByText("you can close this tab")).toBeVisible();
  }
  const earlier = await connection(first);
  expect(earlier.data.status).toBe("needs_reauth");
  expect(earlier.data.lastError).toMatchObject({ code: "NEEDS_REAUTH", message: expect.stringContaining("another owner") });
  expect((await connection(second)).data.status).toBe("connected");
});
