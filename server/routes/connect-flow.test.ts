import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptTokens } from "../security/token-cipher";
import { findConnection } from "../storage/connections-repo";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";

/** The JSON the callback page would post, read back from its non-executable script tag. */
function postedMessage(html: string) {
  const json = /<script type="application\/json" id="morph-result">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json ?? "null") as { origin: string; message: { nonce: string; result: { ok: boolean; error?: { code: string }; connection?: Record<string, unknown> } } } | null;
}

describe("the connect flow against the sandbox", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  describe("POST /v1/sessions", () => {
    it("requires the secret key", async () => {
      const response = await server.app.request("/v1/sessions", { method: "POST", body: "{}" });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    });

    it("names an unknown operation", async () => {
      const response = await server.backend("/v1/sessions", {
        method: "POST",
        body: JSON.stringify({ connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list", "genericUser::create"] }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("VALIDATION_ERROR");
      expect(body.error.message).toContain("genericUser::create");
    });

    it("names a bad field", async () => {
      const response = await server.backend("/v1/sessions", {
        method: "POST",
        body: JSON.stringify({ connectorId: "exact-online", ownerId: "o", operations: ["genericContact::list"], expiresIn: 7200 }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "expiresIn" } } });
    });

    it("mints a token that opens the widget's session", async () => {
      const token = await server.mintSession("org_session", ["genericContact::list"], ["genericContact::create"]);
      const response = await server.app.request("/v1/connect/session", { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        ownerId: "org_session",
        operations: ["genericContact::list"],
        optionalOperations: ["genericContact::create"],
        defaultRegion: "nl",
        connection: null,
      });
    });
  });

  describe("GET /v1/connect/authorize", () => {
    it("redirects to Exact's consent page with client_id, redirect_uri, response_type and state", async () => {
      const token = await server.mintSession("org_auth", ["genericContact::list"]);
      const query = new URLSearchParams({ sessionToken: token, region: "be", origin: TEST_ORIGIN, nonce: "n".repeat(32) });
      const response = await server.app.request(`/v1/connect/authorize?${query}`);
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!);
      expect(`${location.origin}${location.pathname}`).toBe(`${server.sandboxUrl}/api/oauth2/auth`);
      expect(location.searchParams.get("client_id")).toBe("sandbox-client-id");
      expect(location.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:8787/v1/oauth/callback");
      expect(location.searchParams.get("response_type")).toBe("code");
      expect(location.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(location.searchParams.has("scope")).toBe(false);
    });

    it("refuses an origin outside MORPH_ALLOWED_ORIGINS without posting anything", async () => {
      const token = await server.mintSession("org_auth", ["genericContact::list"]);
      const query = new URLSearchParams({ sessionToken: token, origin: "https://evil.example", nonce: "n".repeat(32) });
      const response = await server.app.request(`/v1/connect/authorize?${query}`);
      expect(response.status).toBe(403);
      expect(postedMessage(await response.text())).toBeNull();
    });

    it("posts SESSION_EXPIRED to the embedding origin for an expired session", async () => {
      const token = await server.mintSession("org_auth", ["genericContact::list"]);
      server.clock.advance(16 * 60 * 1000);
      const query = new URLSearchParams({ sessionToken: token, origin: TEST_ORIGIN, nonce: "e".repeat(32) });
      const response = await server.app.request(`/v1/connect/authorize?${query}`);
      server.clock.advance(-16 * 60 * 1000);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      const posted = postedMessage(await response.text());
      expect(posted?.origin).toBe(TEST_ORIGIN);
      expect(posted?.message).toMatchObject({ nonce: "e".repeat(32), result: { ok: false, error: { code: "SESSION_EXPIRED" } } });
    });
  });

  describe("GET /v1/oauth/callback", () => {
    it("connects, stores the tokens encrypted and posts the connection to the recorded origin only", async () => {
      const { page, nonce, sessionToken } = await server.connect("org_happy", ["genericContact::list", "genericCompany::list"]);
      expect(page.status).toBe(200);
      const posted = postedMessage(await page.text());
      expect(posted?.origin).toBe(TEST_ORIGIN);
      expect(posted?.message.nonce).toBe(nonce);
      expect(posted?.message.result).toMatchObject({
        ok: true,
        connection: { ownerId: "org_happy", region: "nl", division: 1234567, divisionName: "Bakkerij De Gouden Korenschoof B.V.", status: "connected" },
      });

      const row = await findConnection(server.ctx.db, "exact-online", "org_happy");
      const tokens = await decryptTokens(server.ctx.config.encryptionKey, row!.encryptedTokens);
      expect(tokens.accessToken.length).toBeGreaterThan(10);
      // Neither token appears anywhere in the database files.
      const files = ["", "-wal"].map((suffix) => {
        try {
          return readFileSync(`${server.databaseFile}${suffix}`).toString("latin1");
        } catch {
          return "";
        }
      });
      for (const content of files) {
        expect(content).not.toContain(tokens.accessToken);
        expect(content).not.toContain(tokens.refreshToken);
      }

      // The attempt and the connection routes agree, and no token leaks to the widget.
      const attempt = await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${sessionToken}` } });
      const attemptText = await attempt.text();
      expect(JSON.parse(attemptText)).toMatchObject({ status: "succeeded", connection: { ownerId: "org_happy" } });
      expect(attemptText).not.toContain(tokens.accessToken);
      const backend = await server.backend("/v1/connections/exact-online/org_happy");
      const backendText = await backend.text();
      expect(JSON.parse(backendText)).toMatchObject({ data: { division: 1234567, status: "connected" } });
      expect(backendText).not.toContain(tokens.refreshToken);
    });

    it("rejects a replayed state", async () => {
      const token = await server.mintSession("org_replay", ["genericContact::list"]);
      const query = new URLSearchParams({ sessionToken: token, origin: TEST_ORIGIN, nonce: "r".repeat(32) });
      const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
      const state = new URL(authorize.headers.get("location")!).searchParams.get("state")!;
      const first = await server.app.request(`/v1/oauth/callback?error=access_denied&state=${state}`);
      expect(postedMessage(await first.text())?.message.result.error?.code).toBe("ACCESS_DENIED");
      const replay = await server.app.request(`/v1/oauth/callback?code=anything&state=${state}`);
      expect(replay.status).toBe(400);
      expect(postedMessage(await replay.text())).toBeNull();
    });

    it("rejects a forged state and a missing one", async () => {
      expect((await server.app.request("/v1/oauth/callback?code=x&state=forged")).status).toBe(400);
      expect((await server.app.request("/v1/oauth/callback?code=x")).status).toBe(400);
    });

    it("turns Deny into ACCESS_DENIED and writes no connection", async () => {
      const { page, nonce, sessionToken } = await server.connect("org_denied", ["genericContact::list"], { decision: "deny" });
      expect(page.status).toBe(403);
      expect(postedMessage(await page.text())?.message.result.error?.code).toBe("ACCESS_DENIED");
      expect(await findConnection(server.ctx.db, "exact-online", "org_denied")).toBeUndefined();
      const attempt = await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${sessionToken}` } });
      expect(await attempt.json()).toMatchObject({ status: "failed", error: { code: "ACCESS_DENIED" } });
    });

    it("reports PROVIDER_ERROR for a code Exact refuses, writing no connection", async () => {
      const token = await server.mintSession("org_badcode", ["genericContact::list"]);
      const query = new URLSearchParams({ sessionToken: token, origin: TEST_ORIGIN, nonce: "b".repeat(32) });
      const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
      const state = new URL(authorize.headers.get("location")!).searchParams.get("state")!;
      const page = await server.app.request(`/v1/oauth/callback?code=not-a-real-code&state=${state}`);
      expect(page.status).toBe(502);
      expect(postedMessage(await page.text())?.message.result.error?.code).toBe("PROVIDER_ERROR");
      expect(await findConnection(server.ctx.db, "exact-online", "org_badcode")).toBeUndefined();
    });

    it("reports STATE_EXPIRED after ten minutes", async () => {
      const token = await server.mintSession("org_slow", ["genericContact::list"]);
      const query = new URLSearchParams({ sessionToken: token, origin: TEST_ORIGIN, nonce: "s".repeat(32) });
      const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
      const state = new URL(authorize.headers.get("location")!).searchParams.get("state")!;
      server.clock.advance(11 * 60 * 1000);
      const page = await server.app.request(`/v1/oauth/callback?code=x&state=${state}`);
      server.clock.advance(-11 * 60 * 1000);
      expect(page.status).toBe(400);
      expect(postedMessage(await page.text())?.message.result.error?.code).toBe("STATE_EXPIRED");
    });
  });

  describe("cancel and disconnect", () => {
    it("a cancelled attempt refuses a late callback", async () => {
      const token = await server.mintSession("org_cancel", ["genericContact::list"]);
      const nonce = "c".repeat(32);
      const authorize = await server.app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken: token, origin: TEST_ORIGIN, nonce })}`);
      const state = new URL(authorize.headers.get("location")!).searchParams.get("state")!;
      const cancel = await server.app.request(`/v1/connect/attempts/${nonce}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
      expect(cancel.status).toBe(204);
      const late = await server.app.request(`/v1/oauth/callback?code=x&state=${state}`);
      expect(late.status).toBe(400);
      const attempt = await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${token}` } });
      expect(await attempt.json()).toEqual({ status: "cancelled" });
    });

    it("long-polls an attempt and wakes up when the callback completes", async () => {
      const token = await server.mintSession("org_poll", ["genericContact::list"]);
      const nonce = "p".repeat(32);
      const authorize = await server.app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken: token, origin: TEST_ORIGIN, nonce })}`);
      const state = new URL(authorize.headers.get("location")!).searchParams.get("state")!;
      const started = Date.now();
      const poll = server.app.request(`/v1/connect/attempts/${nonce}?wait=10`, { headers: { authorization: `Bearer ${token}` } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.app.request(`/v1/oauth/callback?error=access_denied&state=${state}`);
      const outcome = await (await poll).json();
      expect(outcome).toMatchObject({ status: "failed", error: { code: "ACCESS_DENIED" } });
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it("disconnects through the widget route", async () => {
      const { sessionToken } = await server.connect("org_disconnect", ["genericContact::list"]);
      const auth = { authorization: `Bearer ${sessionToken}` };
      expect((await server.app.request("/v1/connect/connection", { method: "DELETE", headers: auth })).status).toBe(204);
      expect(await (await server.app.request("/v1/connect/connection", { headers: auth })).json()).toEqual({ connection: null });
      expect((await server.backend("/v1/connections/exact-online/org_disconnect")).status).toBe(404);
    });

    it("answers CORS for allowed origins only", async () => {
      const allowed = await server.app.request("/v1/connect/session", { method: "OPTIONS", headers: { origin: TEST_ORIGIN, "access-control-request-method": "GET" } });
      expect(allowed.headers.get("access-control-allow-origin")).toBe(TEST_ORIGIN);
      const other = await server.app.request("/v1/connect/session", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      const secret = await server.app.request("/v1/sessions", { method: "OPTIONS", headers: { origin: TEST_ORIGIN, "access-control-request-method": "POST" } });
      expect(secret.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});
