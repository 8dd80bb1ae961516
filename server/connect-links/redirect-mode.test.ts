import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_TTL_MS } from "../storage/oauth-states-repo";
import { answerConsent } from "../test-support/consent";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";

/** The widget's redirect mode (issue 17): the whole tab goes to Exact and back to returnUrl with morph_attempt. */
describe("GET /v1/connect/authorize?mode=redirect", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const nonce = () => `nonce-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const authorize = (sessionToken: string, extra: Record<string, string>) =>
    server.app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: nonce(), ...extra })}`);
  const returned = (sessionToken: string, attemptId: string, wait = 0) =>
    server.app.request(`/v1/connect/attempts/returned/${attemptId}${wait ? `?wait=${wait}` : ""}`, { headers: { authorization: `Bearer ${sessionToken}`, origin: TEST_ORIGIN } });

  /** authorize → sandbox consent → callback; returns the callback's answer. */
  async function goThroughExact(ownerId: string, returnUrl: string, decision: "approve" | "deny" = "approve") {
    const token = await server.mintSession(ownerId, ["genericContact::list"]);
    const start = await authorize(token, { mode: "redirect", returnUrl });
    expect(start.status).toBe(302);
    const callback = await answerConsent(start.headers.get("location")!, decision);
    return server.app.request(`${callback.pathname}${callback.search}`);
  }

  it("requires returnUrl on an allowed origin, and never redirects to another", async () => {
    const token = await server.mintSession("org_redirect_bad", ["genericContact::list"]);
    for (const returnUrl of [undefined, "https://evil.example/back", "javascript:alert(1)", "/relative", `http://user:pw@app.test:3000/`]) {
      const response = await authorize(token, { mode: "redirect", ...(returnUrl === undefined ? {} : { returnUrl }) });
      expect(response.status, String(returnUrl)).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("returnUrl");
    }
    const unknownMode = await authorize(token, { mode: "tab" });
    expect(unknownMode.status).toBe(400);
    expect(await unknownMode.text()).toContain("mode");
  });

  it("comes back with 303 to returnUrl + morph_attempt (its query and fragment kept, an old morph_attempt replaced), readable by a new session of the owner", async () => {
    const page = await goThroughExact("org_redirect_ok", `${TEST_ORIGIN}/settings?tab=apps&morph_attempt=old#exact`);
    expect(page.status).toBe(303);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const back = new URL(page.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(`${TEST_ORIGIN}/settings`);
    expect(back.searchParams.get("tab")).toBe("apps");
    expect(back.searchParams.getAll("morph_attempt")).toHaveLength(1);
    const attemptId = back.searchParams.get("morph_attempt")!;
    expect(attemptId).toMatch(/^att_[A-Za-z0-9_-]{22,}$/);
    expect(back.hash).toBe("#exact");

    // The host minted a new token for the returned page load: it reads the outcome.
    const fresh = await server.mintSession("org_redirect_ok", ["genericContact::list"]);
    const outcome = await returned(fresh, attemptId);
    expect(outcome.status).toBe(200);
    expect(outcome.headers.get("access-control-allow-origin")).toBe(TEST_ORIGIN);
    expect(await outcome.json()).toMatchObject({ status: "succeeded", connection: { ownerId: "org_redirect_ok", status: "connected", division: 1234567 } });

    // Another owner's session, an unknown id and a malformed one: the same 404.
    const stranger = await server.mintSession("org_redirect_other", ["genericContact::list"]);
    for (const [token, id] of [
      [stranger, attemptId],
      [fresh, `att_${"A".repeat(22)}`],
      [fresh, "att_short"],
      [fresh, "not-an-attempt-id-at-all"],
    ] as const) {
      const response = await returned(token, id);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such attempt for this owner." } });
    }
    // Without a session: 401.
    expect((await server.app.request(`/v1/connect/attempts/returned/${attemptId}`)).status).toBe(401);
  });

  it("comes back whatever the outcome: a denial is read as ACCESS_DENIED", async () => {
    const page = await goThroughExact("org_redirect_denied", `${TEST_ORIGIN}/back`, "deny");
    expect(page.status).toBe(303);
    const attemptId = new URL(page.headers.get("location")!).searchParams.get("morph_attempt")!;
    const token = await server.mintSession("org_redirect_denied", ["genericContact::list"]);
    expect(await (await returned(token, attemptId)).json()).toMatchObject({ status: "failed", error: { code: "ACCESS_DENIED" } });
  });

  it("comes back for an expired state too, and a replayed state gets the refusal page", async () => {
    const token = await server.mintSession("org_redirect_expired", ["genericContact::list"]);
    const start = await authorize(token, { mode: "redirect", returnUrl: `${TEST_ORIGIN}/back` });
    const callback = await answerConsent(start.headers.get("location")!);
    server.clock.advance(STATE_TTL_MS + 1000);
    const page = await server.app.request(`${callback.pathname}${callback.search}`);
    expect(page.status).toBe(303);
    const attemptId = new URL(page.headers.get("location")!).searchParams.get("morph_attempt")!;
    const fresh = await server.mintSession("org_redirect_expired", ["genericContact::list"]);
    expect(await (await returned(fresh, attemptId)).json()).toEqual({ status: "expired" });

    const replay = await server.app.request(`${callback.pathname}${callback.search}`);
    expect(replay.status).toBe(400);
    expect(replay.headers.get("location")).toBeNull();
    expect(await replay.text()).toContain("This link was already used");
  });

  it("long-polls a pending attempt and wakes when it ends", async () => {
    const token = await server.mintSession("org_redirect_wait", ["genericContact::list"]);
    const start = await authorize(token, { mode: "redirect", returnUrl: `${TEST_ORIGIN}/back` });
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const row = await server.ctx.db.selectFrom("oauth_states").select(["attempt_id", "mode", "return_url"]).where("owner_id", "=", "org_redirect_wait").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mode: "redirect", return_url: `${TEST_ORIGIN}/back` });
    const attemptId = row.attempt_id!;
    expect(await (await returned(token, attemptId)).json()).toEqual({ status: "pending" });

    const began = Date.now();
    const waiting = returned(token, attemptId, 10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server.app.request(`/v1/oauth/callback?${new URLSearchParams({ state, error: "access_denied" })}`);
    expect(await (await waiting).json()).toMatchObject({ status: "failed", error: { code: "ACCESS_DENIED" } });
    expect(Date.now() - began).toBeLessThan(5000);
  });

  it("leaves the popup mode as it was: no attempt id, the callback page posts to the opener", async () => {
    const { page } = await server.connect("org_popup_still", ["genericContact::list"]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("morph-result");
    const row = await server.ctx.db.selectFrom("oauth_states").select(["attempt_id", "mode"]).where("owner_id", "=", "org_popup_still").executeTakeFirstOrThrow();
    expect(row).toEqual({ attempt_id: null, mode: "popup" });
  });
});
