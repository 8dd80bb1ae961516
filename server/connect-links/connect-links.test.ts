import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewEvent, WebhookHub } from "../webhooks/events";
import { answerConsent } from "../test-support/consent";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { PUBLIC_URL, startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";

/** A hub that keeps every event the server emits (the connect flow's connection.* ones included). */
function captureAll() {
  const events: NewEvent[] = [];
  const hub: WebhookHub = {
    emit: async (_trx, emitted) => void events.push(...emitted),
    listenedModels: async () => new Set<string>(),
    endpointsChanged: () => {},
    onEndpointsChanged: () => () => {},
  };
  return { hub, events };
}

// Both databases the server runs on (PostgreSQL when its binaries are installed): the link rows, the state
// columns and the one-user-two-owners update are plain SQL on each.
const databases = [{ database: "SQLite" }, ...(postgresBinDir() ? [{ database: "PostgreSQL" }] : [])];

describe.each(databases)("connect links on $database: POST …/authorize, the hosted page, Continue, the callback", ({ database }) => {
  let server: TestServer;
  let pg: TempPostgres | undefined;
  const captured = captureAll();
  beforeAll(async () => {
    if (database === "PostgreSQL") pg = startTempPostgres(await freePort());
    server = await startTestServer({ webhooks: captured.hub, env: pg ? { DATABASE_URL: pg.url } : {} });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  const pending = async (ownerId: string, optionalOperations: string[] = []) => {
    const response = await server.backend("/v1/connections", {
      method: "POST",
      body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list", "genericCompany::list"], optionalOperations }),
    });
    expect([200, 201]).toContain(response.status);
  };
  const authorize = (ownerId: string, body: Record<string, unknown> = {}) =>
    server.backend(`/v1/connections/exact-online/${ownerId}/authorize`, { method: "POST", body: JSON.stringify(body) });
  const makeLink = async (ownerId: string, body: Record<string, unknown> = {}) => {
    const response = await authorize(ownerId, body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { data: { id: string; authorizationUrl: string; expiresAt: string } }).data;
  };
  const pathOf = (url: string) => url.slice(PUBLIC_URL.length);
  const open = (url: string, headers: Record<string, string> = {}) => server.app.request(pathOf(url), { headers });
  const press = (url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = { "sec-fetch-site": "same-origin" }) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const one of [value].flat()) body.append(name, one);
    return server.app.request(pathOf(url), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
  };
  /** Continue → Exact's consent as `login` → the callback's answer. */
  async function connectThrough(url: string, options: { login?: string; decision?: "approve" | "deny"; form?: Record<string, string | string[]> } = {}) {
    const pressed = await press(url, options.form ?? { region: "nl" });
    expect(pressed.status).toBe(303);
    const callback = await answerConsent(pressed.headers.get("location")!, options.decision ?? "approve", 1234567, fetch, options.login);
    return server.app.request(`${callback.pathname}${callback.search}`);
  }
  const backendConnection = async (ownerId: string) => (await (await server.backend(`/v1/connections/exact-online/${ownerId}`)).json()) as { data: Record<string, unknown> };
  const statesOf = async (ownerId: string) => (await server.ctx.db.selectFrom("oauth_states").select("state_hash").where("owner_id", "=", ownerId).execute()).length;

  describe("POST /v1/connections/:connectorId/:ownerId/authorize", () => {
    it("answers 201 { id, authorizationUrl, expiresAt } and stores only the token's hash", async () => {
      await pending("lnk_create");
      const before = Date.now();
      const link = await makeLink("lnk_create");
      expect(link.id).toMatch(/^cl_[A-Za-z0-9_-]{22}$/);
      expect(link.authorizationUrl).toMatch(new RegExp(`^${PUBLIC_URL}/connect/mcl_[A-Za-z0-9_-]{43}$`));
      expect(Date.parse(link.expiresAt) - before).toBeGreaterThan(86_399_000);
      expect(Date.parse(link.expiresAt) - before).toBeLessThan(86_401_000 + 5000);
      const token = link.authorizationUrl.split("/").pop()!;
      const stored = await server.ctx.db.selectFrom("connect_links").selectAll().where("id", "=", link.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("is 404 CONNECTION_NOT_FOUND for an owner without a connection", async () => {
      const response = await authorize("lnk_nobody");
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "CONNECTION_NOT_FOUND" } });
    });

    it.each([
      [{ redirectUrl: "https://evil.example/done" }, "redirectUrl"],
      [{ redirectUrl: "javascript:alert(1)" }, "redirectUrl"],
      [{ region: "xx" }, "region"],
      [{ expiresIn: 7 * 86_400 + 1 }, "expiresIn"],
      [{ expiresIn: 0 }, "expiresIn"],
      [{ allowUserChange: "yes" }, "allowUserChange"],
      [{ somethingElse: 1 }, "body"],
    ])("refuses %j with 400 VALIDATION_ERROR naming %s", async (body, field) => {
      await pending("lnk_invalid");
      const response = await authorize("lnk_invalid", body);
      expect(response.status).toBe(400);
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("VALIDATION_ERROR");
      if (field !== "body") expect(error.message).toContain(field);
    });

    it("requires the secret key and answers no CORS", async () => {
      const response = await server.app.request("/v1/connections/exact-online/lnk_create/authorize", { method: "POST", headers: { origin: TEST_ORIGIN }, body: "{}" });
      expect(response.status).toBe(401);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    });
  });

  describe("the hosted page", () => {
    it("shows the region, the permissions by model (required locked, optional as toggles), with strict headers; opening it changes nothing", async () => {
      await pending("lnk_page", ["genericContact::create"]);
      const link = await makeLink("lnk_page", { region: "be" });
      const response = await open(`${link.authorizationUrl}?theme=dark`, { "accept-language": "fr-BE,fr;q=0.9,en;q=0.5" });
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toMatch(/default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; form-action 'self' http:\/\/127\.0\.0\.1:\d+; frame-ancestors 'none'; base-uri 'none'/);
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const html = await response.text();
      expect(html).toContain('<html lang="fr" data-theme="dark">');
      expect(html).toMatch(/<option value="be" selected>Belgique \(be\)<\/option>/);
      expect(html).toContain("<legend>Contacts</legend>");
      expect(html).toContain("<legend>Sociétés</legend>");
      expect(html).toMatch(/<input type="checkbox" id="op-0-0" checked disabled><label for="op-0-0">lister/);
      expect(html).toMatch(/<input type="checkbox" id="op-0-1" name="operations" value="genericContact::create"><label for="op-0-1">créer/);
      expect(html).toContain(">Continuer</button>");
      expect(html).toContain(`action="${link.authorizationUrl.split("/").pop()}?theme=dark"`);
      expect(html).not.toMatch(/<script/);
      // Opening (twice, as a mail scanner might) wrote nothing: no state, the link still open.
      await open(link.authorizationUrl);
      expect(await statesOf("lnk_page")).toBe(0);
      const row = await server.ctx.db.selectFrom("connect_links").select("status").where("id", "=", link.id).executeTakeFirstOrThrow();
      expect(row.status).toBe("open");
    });

    it("stays small: under 6 KB, under 2.5 KB gzipped, in every language", async () => {
      await pending("lnk_size", ["genericContact::create", "genericCompany::create"]);
      const link = await makeLink("lnk_size");
      for (const locale of ["en", "nl", "de", "fr"]) {
        const html = await (await open(`${link.authorizationUrl}?locale=${locale}`)).text();
        expect(Buffer.byteLength(html), locale).toBeLessThan(6 * 1024);
        expect(gzipSync(html).length, locale).toBeLessThan(2.5 * 1024);
      }
    });

    it("speaks ?locale= over Accept-Language, English by default, and 404s a token it does not know", async () => {
      await pending("lnk_lang");
      const link = await makeLink("lnk_lang");
      expect(await (await open(`${link.authorizationUrl}?locale=de`, { "accept-language": "fr" })).text()).toContain('<html lang="de" data-theme="system">');
      expect(await (await open(link.authorizationUrl, { "accept-language": "nl-NL,nl;q=0.9" })).text()).toContain(">Doorgaan</button>");
      expect(await (await open(link.authorizationUrl, { "accept-language": "es, ja;q=0.5" })).text()).toContain('<html lang="en"');
      const unknown = await server.app.request(`/connect/mcl_${"A".repeat(43)}`);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain("Link not found");
    });
  });

  describe("Continue and the callback", () => {
    it("connects and goes to redirectUrl with connectionId, ownerId, status=connected (its query kept); then the link is used: 410", async () => {
      await pending("lnk_redirect");
      const link = await makeLink("lnk_redirect", { redirectUrl: `${TEST_ORIGIN}/exact/done?customer=42` });
      const page = await connectThrough(link.authorizationUrl);
      expect(page.status).toBe(303);
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      const back = new URL(page.headers.get("location")!);
      expect(`${back.origin}${back.pathname}`).toBe(`${TEST_ORIGIN}/exact/done`);
      const connection = await backendConnection("lnk_redirect");
      expect(connection.data).toMatchObject({ status: "connected", region: "nl", division: 1234567 });
      expect(Object.fromEntries(back.searchParams)).toEqual({ customer: "42", ownerId: "lnk_redirect", connectionId: connection.data.connectionId, status: "connected" });

      const again = await open(link.authorizationUrl, { "accept-language": "nl" });
      expect(again.status).toBe(410);
      expect(await again.text()).toContain("Via deze link is al een koppeling gemaakt");
      expect((await press(link.authorizationUrl, { region: "nl" })).status).toBe(410);
    });

    it("without redirectUrl ends on the hosted Connected page, and grants the optional operations switched on", async () => {
      await pending("lnk_hosted", ["genericContact::create", "genericCompany::create"]);
      const link = await makeLink("lnk_hosted");
      const page = await connectThrough(link.authorizationUrl, { form: { region: "nl", operations: ["genericContact::create"] } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(await page.text()).toContain("Connected to Exact Online — you can close this tab.");
      const connection = await backendConnection("lnk_hosted");
      expect(connection.data.grantedOperations).toEqual(["genericContact::list", "genericCompany::list", "genericContact::create"]);
    });

    it("refuses an operation the link does not offer, a region it does not know, and a cross-site form, starting nothing", async () => {
      await pending("lnk_refuse", ["genericContact::create"]);
      const link = await makeLink("lnk_refuse");
      const notOffered = await press(link.authorizationUrl, { region: "nl", operations: "genericContact::delete" });
      expect(notOffered.status).toBe(400);
      expect(await notOffered.text()).toContain("genericContact::delete");
      expect((await press(link.authorizationUrl, { region: "xx" })).status).toBe(400);
      const crossSite = await press(link.authorizationUrl, { region: "nl" }, { "sec-fetch-site": "cross-site" });
      expect(crossSite.status).toBe(403);
      const otherOrigin = await press(link.authorizationUrl, { region: "nl" }, { origin: "https://evil.example" });
      expect(otherOrigin.status).toBe(403);
      expect(await statesOf("lnk_refuse")).toBe(0);
    });

    it("a denial goes back with error=ACCESS_DENIED and leaves the link usable", async () => {
      await pending("lnk_denied");
      const link = await makeLink("lnk_denied", { redirectUrl: `${TEST_ORIGIN}/back` });
      const page = await connectThrough(link.authorizationUrl, { decision: "deny" });
      const back = new URL(page.headers.get("location")!);
      expect(back.searchParams.get("error")).toBe("ACCESS_DENIED");
      expect(back.searchParams.get("message")).toBeTruthy();
      expect(back.searchParams.has("connectionId")).toBe(false);
      expect((await open(link.authorizationUrl)).status).toBe(200);
    });

    it("reports INSUFFICIENT_PERMISSIONS with connectionId and missing when Exact's user lacks a right", async () => {
      await pending("lnk_missing");
      const link = await makeLink("lnk_missing", { redirectUrl: `${TEST_ORIGIN}/back` });
      server.sandbox.control.setUserRight("crm/Accounts", "GET", false);
      try {
        const page = await connectThrough(link.authorizationUrl);
        const back = new URL(page.headers.get("location")!);
        expect(back.searchParams.get("error")).toBe("INSUFFICIENT_PERMISSIONS");
        expect(back.searchParams.get("missing")).toBe("genericCompany::list");
        expect(back.searchParams.get("connectionId")).toBe((await backendConnection("lnk_missing")).data.connectionId);
      } finally {
        server.sandbox.control.setUserRight("crm/Accounts", "GET", true);
      }
    });

    it("a second Continue's callback after the link was used is refused, and nothing changes", async () => {
      await pending("lnk_twice");
      const link = await makeLink("lnk_twice", { redirectUrl: `${TEST_ORIGIN}/back` });
      const first = await press(link.authorizationUrl, { region: "nl" });
      const second = await press(link.authorizationUrl, { region: "nl" });
      const firstBack = await answerConsent(first.headers.get("location")!, "approve", 1234567, fetch, "twice-user");
      const secondBack = await answerConsent(second.headers.get("location")!, "approve", 1234567, fetch, "twice-other");
      expect((await server.app.request(`${firstBack.pathname}${firstBack.search}`)).status).toBe(303);
      const before = await backendConnection("lnk_twice");
      const late = await server.app.request(`${secondBack.pathname}${secondBack.search}`);
      expect(new URL(late.headers.get("location")!).searchParams.get("error")).toBe("INVALID_STATE");
      expect((await backendConnection("lnk_twice")).data).toEqual(before.data);
    });
  });

  describe("expiry and revocation", () => {
    it("an expired link answers 410 on open and on Continue", async () => {
      await pending("lnk_expired");
      const link = await makeLink("lnk_expired", { expiresIn: 60 });
      server.clock.advance(61_000);
      const page = await open(link.authorizationUrl, { "accept-language": "de" });
      expect(page.status).toBe(410);
      expect(await page.text()).toContain("Dieser Verbindungslink ist abgelaufen.");
      expect((await press(link.authorizationUrl)).status).toBe(410);
    });

    it("DELETE …/authorize/:id revokes (204; then 410), an unknown id is 404 NOT_FOUND, another owner's id too", async () => {
      await pending("lnk_revoke");
      await pending("lnk_revoke_other");
      const link = await makeLink("lnk_revoke");
      expect((await server.backend(`/v1/connections/exact-online/lnk_revoke_other/authorize/${link.id}`, { method: "DELETE" })).status).toBe(404);
      expect((await server.backend(`/v1/connections/exact-online/lnk_revoke/authorize/${link.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await open(link.authorizationUrl)).status).toBe(410);
      const unknown = await server.backend(`/v1/connections/exact-online/lnk_revoke/authorize/cl_${"x".repeat(22)}`, { method: "DELETE" });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    });

    it("disconnecting the owner revokes its open links (both DELETE routes)", async () => {
      await pending("lnk_disconnect");
      const first = await makeLink("lnk_disconnect");
      expect((await server.backend("/v1/connections/exact-online/lnk_disconnect", { method: "DELETE" })).status).toBe(204);
      expect((await open(first.authorizationUrl)).status).toBe(410);

      // The widget's DELETE /v1/connect/connection, on a connected owner.
      await pending("lnk_disconnect_widget");
      const used = await makeLink("lnk_disconnect_widget");
      await connectThrough(used.authorizationUrl);
      const open2 = await makeLink("lnk_disconnect_widget");
      const token = await server.mintSession("lnk_disconnect_widget", ["genericContact::list"]);
      expect((await server.app.request("/v1/connect/connection", { method: "DELETE", headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
      expect((await open(open2.authorizationUrl)).status).toBe(410);
    });
  });

  describe("reconnect links and one Exact user for two owners", () => {
    it("a reconnect link accepts only the same Exact user: another is refused and nothing changes; allowUserChange lets them", async () => {
      await pending("lnk_reconnect");
      await connectThrough((await makeLink("lnk_reconnect")).authorizationUrl, { login: "reconnect-alice" });
      const before = await server.ctx.db.selectFrom("connections").selectAll().where("owner_id", "=", "lnk_reconnect").executeTakeFirstOrThrow();

      const link = await makeLink("lnk_reconnect", { redirectUrl: `${TEST_ORIGIN}/back` });
      const refused = await connectThrough(link.authorizationUrl, { login: "reconnect-mallory" });
      const back = new URL(refused.headers.get("location")!);
      expect(back.searchParams.get("error")).toBe("ACCESS_DENIED");
      expect(back.searchParams.get("message")).toContain("accepts only the Exact Online user who made it");
      const after = await server.ctx.db.selectFrom("connections").selectAll().where("owner_id", "=", "lnk_reconnect").executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      expect((await open(link.authorizationUrl)).status).toBe(200);

      // The hosted page says it in the user's language.
      const hosted = await makeLink("lnk_reconnect");
      const pressed = await press(hosted.authorizationUrl, { region: "nl" });
      const callback = await answerConsent(pressed.headers.get("location")!, "approve", 1234567, fetch, "reconnect-mallory");
      const page = await server.app.request(`${callback.pathname}${callback.search}`, { headers: { "accept-language": "nl" } });
      expect(page.status).toBe(403);
      expect(await page.text()).toContain("accepteert alleen de Exact Online-gebruiker die hem maakte");

      // The same user reconnects; then a link that allows a change lets another user take over.
      expect(new URL((await connectThrough(link.authorizationUrl, { login: "reconnect-alice" })).headers.get("location")!).searchParams.get("status")).toBe("connected");
      const change = await makeLink("lnk_reconnect", { redirectUrl: `${TEST_ORIGIN}/back`, allowUserChange: true });
      expect(new URL((await connectThrough(change.authorizationUrl, { login: "reconnect-bob" })).headers.get("location")!).searchParams.get("status")).toBe("connected");
      const changed = await server.ctx.db.selectFrom("connections").select("provider_user_id").where("owner_id", "=", "lnk_reconnect").executeTakeFirstOrThrow();
      expect(changed.provider_user_id).not.toBe(before.provider_user_id);
    });

    it("the same Exact user connecting a second owner: the first goes needs_reauth with lastError and one event, its tokens dead at Exact", async () => {
      await pending("lnk_first_owner");
      await pending("lnk_second_owner");
      await pending("lnk_bystander");
      await connectThrough((await makeLink("lnk_first_owner")).authorizationUrl, { login: "shared-user" });
      await connectThrough((await makeLink("lnk_bystander")).authorizationUrl, { login: "someone-else" });
      const firstCall = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "lnk_first_owner" });
      expect(firstCall.status).toBe(200);
      captured.events.length = 0;

      await connectThrough((await makeLink("lnk_second_owner")).authorizationUrl, { login: "shared-user" });

      const first = await backendConnection("lnk_first_owner");
      expect(first.data.status).toBe("needs_reauth");
      expect(first.data.lastError).toMatchObject({ code: "NEEDS_REAUTH", message: expect.stringContaining("The same Exact Online user authorized this app for another owner") });
      expect(JSON.stringify(first.data.lastError)).not.toContain("lnk_second_owner");
      expect((await backendConnection("lnk_second_owner")).data.status).toBe("connected");
      expect((await backendConnection("lnk_bystander")).data.status).toBe("connected");
      expect(captured.events.map((event) => [event.type, event.ownerId])).toEqual([
        ["connection.created", "lnk_second_owner"],
        ["connection.needs_reauth", "lnk_first_owner"],
      ]);
      // The server no longer calls Exact for it; and the sandbox, like Exact, ended that chain.
      expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "lnk_first_owner" })).status).toBe(409);
      expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "lnk_second_owner" })).status).toBe(200);
    });

    it("the popup flow detects it too", async () => {
      await pending("lnk_popup_first");
      await connectThrough((await makeLink("lnk_popup_first")).authorizationUrl, { login: "popup-shared" });
      const token = await server.mintSession("lnk_popup_second", ["genericContact::list"]);
      const query = new URLSearchParams({ sessionToken: token, region: "nl", origin: TEST_ORIGIN, nonce: `n-${Date.now()}-popup-shared` });
      const start = await server.app.request(`/v1/connect/authorize?${query}`);
      const callback = await answerConsent(start.headers.get("location")!, "approve", 1234567, fetch, "popup-shared");
      expect((await server.app.request(`${callback.pathname}${callback.search}`)).status).toBe(200);
      expect((await backendConnection("lnk_popup_first")).data.status).toBe("needs_reauth");
    });
  });
});
