/**
 * Choosing divisions at connect time (issue 18): a token that reaches several divisions stores nothing until the user
 * picks on the page the callback renders, in the popup and after a hosted link alike. Real server, real SQLite, the
 * sandbox as Exact over HTTP; the browser's form posts are made as a browser makes them (Sec-Fetch-Site).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION } from "../sandbox/seed-data";
import { decryptTokens } from "../security/token-cipher";
import { findConnection } from "../storage/connections-repo";
import { answerConsent } from "../test-support/consent";
import { PUBLIC_URL, startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";

type Posted = {
  nonce: string;
  result: {
    ok: boolean;
    error?: { code: string };
    connection?: { division: number; defaultDivision: number; divisions: Array<{ code: number; name: string; missingOperations: string[]; permissions: string }> };
  };
};

const posted = (html: string): Posted | null => {
  const json = /<script type="application\/json" id="morph-result">(.*?)<\/script>/s.exec(html)?.[1];
  return (JSON.parse(json ?? "null") as { message: Posted } | null)?.message ?? null;
};
const choiceTokenOf = (html: string) => /<input type="hidden" name="choice" value="(mch_[A-Za-z0-9_-]+)">/.exec(html)?.[1];
const checkedCodes = (html: string) => [...html.matchAll(/name="division" value="(\d+)" checked/g)].map((m) => Number(m[1]));

// The choosing states are plain SQL on both databases the server runs on (PostgreSQL when its binaries are installed).
const databases = [{ database: "SQLite" }, ...(postgresBinDir() ? [{ database: "PostgreSQL" }] : [])];

describe.each(databases)("the division picker on $database", ({ database }) => {
  let server: TestServer;
  let pg: TempPostgres | undefined;
  beforeAll(async () => {
    if (database === "PostgreSQL") pg = startTempPostgres(await freePort());
    server = await startTestServer({ env: pg ? { DATABASE_URL: pg.url } : {} });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  const session = async (ownerId: string, extra: Record<string, unknown> = {}) => {
    const response = await server.backend("/v1/sessions", {
      method: "POST",
      body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list"], ...extra }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { sessionToken: string }).sessionToken;
  };

  /** The popup flow up to the page the callback renders: authorize → consent granting `granted` → callback. */
  async function consent(ownerId: string, granted: number[], options: { current?: number; selection?: "single" | "multiple" } = {}) {
    const sessionToken = await session(ownerId, options.selection ? { divisionSelection: options.selection } : {});
    const nonce = `nonce-${randomUUID()}`;
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce });
    const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
    const callback = await answerConsent(authorize.headers.get("location")!, "approve", granted, fetch, `tester-${randomUUID()}`, options.current);
    const page = await server.app.request(`${callback.pathname}${callback.search}`, { headers: { "accept-language": "en" } });
    return { page, html: await page.text(), nonce, sessionToken, callback };
  }

  const choose = (choice: string | undefined, codes: Array<number | string>, headers: Record<string, string> = { "sec-fetch-site": "same-origin" }) => {
    const body = new URLSearchParams();
    if (choice !== undefined) body.append("choice", choice);
    for (const code of codes) body.append("division", String(code));
    return server.app.request("/v1/oauth/divisions", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
  };
  const attempt = async (nonce: string, sessionToken: string) =>
    (await (await server.app.request(`/v1/connect/attempts/${nonce}?wait=0`, { headers: { authorization: `Bearer ${sessionToken}` } })).json()) as { status: string };
  const stateOf = (nonce: string) => server.ctx.db.selectFrom("oauth_states").selectAll().where("nonce", "=", nonce).executeTakeFirstOrThrow();

  it("popup: three divisions → the picker (current pre-selected, nothing stored), two chosen → the success is posted with both", async () => {
    const { page, html, nonce, sessionToken, callback } = await consent("org_pick_two", [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION], { current: SECOND_DIVISION });
    expect(page.status).toBe(200);
    expect(posted(html)).toBeNull();
    expect(html).toContain("Choose administrations");
    expect(html.match(/type="checkbox" id="division-/g)).toHaveLength(3);
    expect(checkedCodes(html)).toEqual([SECOND_DIVISION]);
    expect(html).toContain("Korenschoof Academie B.V.");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/);
    expect(csp).toContain("form-action 'self'");
    // Nothing stored yet; the widget sees a pending attempt; the row keeps a JWE, never the code or state.
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_two")).toBeUndefined();
    expect(await attempt(nonce, sessionToken)).toEqual({ status: "pending" });
    const row = await stateOf(nonce);
    expect(row.status).toBe("choosing");
    expect(row.pending_choice?.split(".")).toHaveLength(5);
    expect(row.choice_hash).toMatch(/^[0-9a-f]{64}$/);
    const token = choiceTokenOf(html)!;
    expect(html).not.toContain(callback.searchParams.get("code")!);
    expect(html).not.toContain(callback.searchParams.get("state")!);
    expect(JSON.stringify(row)).not.toContain(token);

    const answer = await choose(token, [SECOND_DIVISION, THIRD_DIVISION]);
    expect(answer.status).toBe(200);
    const message = posted(await answer.text());
    expect(message).toMatchObject({ nonce, result: { ok: true, connection: { division: SECOND_DIVISION, defaultDivision: SECOND_DIVISION } } });
    expect(message!.result.connection!.divisions.map((d) => [d.code, d.permissions])).toEqual([
      [SECOND_DIVISION, "checked"],
      [THIRD_DIVISION, "checked"],
    ]);
    expect(await attempt(nonce, sessionToken)).toMatchObject({ status: "succeeded", connection: { defaultDivision: SECOND_DIVISION } });
    const stored = await findConnection(server.ctx.db, "exact-online", "org_pick_two");
    expect(stored?.divisions.map((d) => d.code)).toEqual([SECOND_DIVISION, THIRD_DIVISION]);
    expect((await stateOf(nonce)).pending_choice).toBeNull();
    // The provider tokens were never in the picker.
    const tokens = await decryptTokens(server.ctx.config.encryptionKey, stored!.encryptedTokens);
    expect(html).not.toContain(tokens.accessToken);
    expect(html).not.toContain(tokens.refreshToken);

    // The same form again: single use, and the connection stays as it is.
    const replay = await choose(token, [MAIN_DIVISION]);
    expect(replay.status).toBe(400);
    expect(posted(await replay.text())).toBeNull();
    expect((await findConnection(server.ctx.db, "exact-online", "org_pick_two"))?.divisions.map((d) => d.code)).toEqual([SECOND_DIVISION, THIRD_DIVISION]);
  });

  it("redirect mode: the picker in the tab, then back to returnUrl with the attempt id", async () => {
    const sessionToken = await session("org_pick_redirect");
    const returnUrl = `${TEST_ORIGIN}/settings?tab=exact`;
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: `nonce-${randomUUID()}`, mode: "redirect", returnUrl });
    const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
    const callback = await answerConsent(authorize.headers.get("location")!, "approve", [MAIN_DIVISION, SECOND_DIVISION], fetch, `tester-${randomUUID()}`);
    const picker = await server.app.request(`${callback.pathname}${callback.search}`);
    expect(picker.status).toBe(200);
    // The answer may redirect back to the host page: Chromium applies form-action to that redirect.
    expect(picker.headers.get("content-security-policy")).toContain(`form-action 'self' ${TEST_ORIGIN}`);
    const answer = await choose(choiceTokenOf(await picker.text()), [SECOND_DIVISION]);
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(`${TEST_ORIGIN}/settings`);
    const attemptId = back.searchParams.get("morph_attempt")!;
    const outcome = await server.app.request(`/v1/connect/attempts/returned/${attemptId}?wait=0`, { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(await outcome.json()).toMatchObject({ status: "succeeded", connection: { defaultDivision: SECOND_DIVISION, divisions: [{ code: SECOND_DIVISION }] } });
  });

  it("one reachable division: stored at once, no picker", async () => {
    const { html } = await consent("org_pick_one", [THIRD_DIVISION], { current: THIRD_DIVISION });
    expect(choiceTokenOf(html)).toBeUndefined();
    expect(posted(html)?.result).toMatchObject({ ok: true, connection: { division: THIRD_DIVISION, defaultDivision: THIRD_DIVISION, divisions: [{ code: THIRD_DIVISION }] } });
  });

  it("an ungranted CurrentDivision is not pre-selected; the first chosen becomes the default", async () => {
    const { html } = await consent("org_pick_trap", [SECOND_DIVISION, THIRD_DIVISION], { current: MAIN_DIVISION });
    expect(checkedCodes(html)).toEqual([]);
    expect(html).not.toContain(`value="${MAIN_DIVISION}"`);
    const answer = await choose(choiceTokenOf(html), [THIRD_DIVISION, SECOND_DIVISION]);
    expect(posted(await answer.text())?.result).toMatchObject({ ok: true, connection: { defaultDivision: SECOND_DIVISION } });
    const stored = await findConnection(server.ctx.db, "exact-online", "org_pick_trap");
    expect(stored?.division).toBe(SECOND_DIVISION);
    expect(stored?.divisions.map((d) => d.code)).toEqual([SECOND_DIVISION, THIRD_DIVISION]);
  });

  it("nothing chosen shows the page again with its error; a code outside the list is a 400 and stores nothing", async () => {
    const { html, nonce } = await consent("org_pick_bad", [MAIN_DIVISION, SECOND_DIVISION]);
    const token = choiceTokenOf(html)!;
    const none = await choose(token, []);
    expect(none.status).toBe(400);
    const again = await none.text();
    expect(again).toContain('role="alert"');
    expect(again).toContain("Choose at least one administration.");
    expect(choiceTokenOf(again)).toBe(token);
    const outside = await choose(token, [MAIN_DIVISION, THIRD_DIVISION]);
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain("Nothing was stored");
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_bad")).toBeUndefined();
    expect((await choose(token, ["12345678901"])).status).toBe(400);
    expect((await stateOf(nonce)).status).toBe("choosing");
    // Still usable after refused answers.
    const answer = await choose(token, [MAIN_DIVISION]);
    expect(posted(await answer.text())?.result).toMatchObject({ ok: true, connection: { divisions: [{ code: MAIN_DIVISION }] } });
  });

  it("divisionSelection single: radios, and two codes are refused", async () => {
    const { html, nonce } = await consent("org_pick_single", [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION], { selection: "single", current: MAIN_DIVISION });
    expect(html).toContain("Choose an administration");
    expect(html.match(/type="radio"/g)).toHaveLength(3);
    expect(html).not.toContain(`id="select-all"`);
    const token = choiceTokenOf(html)!;
    const two = await choose(token, [MAIN_DIVISION, SECOND_DIVISION]);
    expect(two.status).toBe(400);
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_single")).toBeUndefined();
    expect((await stateOf(nonce)).status).toBe("choosing");
    const one = await choose(token, [THIRD_DIVISION]);
    expect(posted(await one.text())?.result).toMatchObject({ ok: true, connection: { defaultDivision: THIRD_DIVISION, divisions: [{ code: THIRD_DIVISION }] } });
  });

  it("cancel while choosing: CANCELLED, the sealed tokens erased, a later choice refused, nothing stored", async () => {
    const { html, nonce, sessionToken } = await consent("org_pick_cancel", [MAIN_DIVISION, SECOND_DIVISION]);
    const cancelled = await server.app.request(`/v1/connect/attempts/${nonce}`, { method: "DELETE", headers: { authorization: `Bearer ${sessionToken}` } });
    expect(cancelled.status).toBe(204);
    expect(await attempt(nonce, sessionToken)).toEqual({ status: "cancelled" });
    const row = await stateOf(nonce);
    expect([row.pending_choice, row.choice_hash]).toEqual([null, null]);
    const late = await choose(choiceTokenOf(html), [MAIN_DIVISION]);
    expect(late.status).toBe(400);
    expect(posted(await late.text())).toBeNull();
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_cancel")).toBeUndefined();
    expect(await attempt(nonce, sessionToken)).toEqual({ status: "cancelled" });
  });

  it("leaving the picker (its beacon) cancels the attempt; a cross-site beacon does not", async () => {
    const { html, nonce, sessionToken } = await consent("org_pick_leave", [MAIN_DIVISION, SECOND_DIVISION]);
    const token = choiceTokenOf(html)!;
    const beacon = (headers: Record<string, string>) => {
      const body = new FormData();
      body.append("choice", token);
      return server.app.request("/v1/oauth/divisions/cancel", { method: "POST", headers, body });
    };
    expect((await beacon({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(await attempt(nonce, sessionToken)).toEqual({ status: "pending" });
    expect((await beacon({ "sec-fetch-site": "same-origin" })).status).toBe(204);
    expect(await attempt(nonce, sessionToken)).toEqual({ status: "cancelled" });
    expect((await choose(token, [MAIN_DIVISION])).status).toBe(400);
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_leave")).toBeUndefined();
  });

  it("refuses a forged token and a cross-site post, leaving the attempt to its user", async () => {
    const { html, nonce } = await consent("org_pick_forged", [MAIN_DIVISION, SECOND_DIVISION]);
    expect((await choose(`mch_${"A".repeat(43)}`, [MAIN_DIVISION])).status).toBe(400);
    expect((await choose("not-a-token", [MAIN_DIVISION])).status).toBe(400);
    expect((await choose(undefined, [MAIN_DIVISION])).status).toBe(400);
    const token = choiceTokenOf(html)!;
    expect((await choose(token, [MAIN_DIVISION], { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await choose(token, [MAIN_DIVISION], { origin: "https://evil.example" })).status).toBe(403);
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_forged")).toBeUndefined();
    expect((await stateOf(nonce)).status).toBe("choosing");
    // A browser's own post without Sec-Fetch-Site: Origin "null" (the page's no-referrer policy) is the page's.
    const answer = await choose(token, [MAIN_DIVISION], { origin: "null" });
    expect(posted(await answer.text())?.result.ok).toBe(true);
  });

  it("hosted link: Continue, consent with three, the picker in the page's language, two chosen → Connected", async () => {
    const ownerId = "org_pick_link";
    const created = await server.backend("/v1/connections", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list"] }) });
    expect(created.status).toBe(201);
    const link = await server.backend(`/v1/connections/exact-online/${ownerId}/authorize`, { method: "POST", body: JSON.stringify({}) });
    const { authorizationUrl } = ((await link.json()) as { data: { authorizationUrl: string } }).data;
    const continued = await server.app.request(`${authorizationUrl.slice(PUBLIC_URL.length)}?locale=nl&theme=dark`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({ region: "nl" }),
    });
    expect(continued.status).toBe(303);
    const callback = await answerConsent(continued.headers.get("location")!, "approve", [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION], fetch, `tester-${randomUUID()}`, MAIN_DIVISION);
    const picker = await server.app.request(`${callback.pathname}${callback.search}`);
    const html = await picker.text();
    expect(picker.status).toBe(200);
    expect(html).toContain('<html lang="nl" data-theme="dark">');
    expect(html).toContain("Kies administraties");
    expect(checkedCodes(html)).toEqual([MAIN_DIVISION]);
    const answer = await choose(choiceTokenOf(html), [MAIN_DIVISION, THIRD_DIVISION]);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Connected");
    const stored = await findConnection(server.ctx.db, "exact-online", ownerId);
    expect(stored?.divisions.map((d) => d.code)).toEqual([MAIN_DIVISION, THIRD_DIVISION]);
    expect(stored?.defaultDivision).toBe(MAIN_DIVISION);
    const linkRow = await server.ctx.db.selectFrom("connect_links").select("status").where("owner_id", "=", ownerId).executeTakeFirstOrThrow();
    expect(linkRow.status).toBe("used");
  });

  it("divisionSelection is checked on POST /v1/sessions and on the authorize call", async () => {
    const bad = await server.backend("/v1/sessions", {
      method: "POST",
      body: JSON.stringify({ connectorId: "exact-online", ownerId: "org_pick_v", operations: ["genericContact::list"], divisionSelection: "some" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "divisionSelection" } } });
    await server.backend("/v1/connections", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: "org_pick_v", operations: ["genericContact::list"] }) });
    const badLink = await server.backend("/v1/connections/exact-online/org_pick_v/authorize", { method: "POST", body: JSON.stringify({ divisionSelection: 2 }) });
    expect(badLink.status).toBe(400);
    expect(await badLink.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "divisionSelection" } } });
    const single = await server.backend("/v1/connections/exact-online/org_pick_v/authorize", { method: "POST", body: JSON.stringify({ divisionSelection: "single" }) });
    expect(single.status).toBe(201);
    const id = ((await single.json()) as { data: { id: string } }).data.id;
    const row = await server.ctx.db.selectFrom("connect_links").select("division_selection").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.division_selection).toBe("single");
  });

  // Last: it moves the shared clock past the choice's window.
  it("a choice after the TTL is refused as expired, nothing stored, the sealed tokens erased", async () => {
    const { html, nonce, sessionToken } = await consent("org_pick_late", [MAIN_DIVISION, SECOND_DIVISION]);
    server.clock.advance(11 * 60_000);
    expect(await attempt(nonce, sessionToken)).toEqual({ status: "expired" });
    const late = await choose(choiceTokenOf(html), [MAIN_DIVISION]);
    expect(late.status).toBe(400);
    expect(posted(await late.text())?.result).toMatchObject({ ok: false, error: { code: "STATE_EXPIRED" } });
    expect(await findConnection(server.ctx.db, "exact-online", "org_pick_late")).toBeUndefined();
    const row = await stateOf(nonce);
    expect([row.status, row.pending_choice, row.choice_hash]).toEqual(["expired", null, null]);
  });
});
