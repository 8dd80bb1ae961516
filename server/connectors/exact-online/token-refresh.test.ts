import { afterEach, describe, expect, it } from "vitest";
import { findConnection } from "../../storage/connections-repo";
import { createClock, startTestServer, type TestServer } from "../../test-support/harness";

describe("token refresh", () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it("uses the token as is until Exact's last 30 seconds", async () => {
    server = await startTestServer();
    await server.connect("org_fresh", ["genericContact::list"]);
    server.clock.advance(560_000); // 40 s left: Exact would answer "Access Token not expired"
    expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_fresh" })).status).toBe(200);
    expect(server.sandbox.control.stats().refreshes).toBe(0);
    expect(server.sandbox.control.stats().refreshFailures).toBe(0);
  });

  it("100 simultaneous reads in the last 30 s cause exactly one refresh, and all succeed", async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_burst", ["genericContact::list"]);
    const before = await findConnection(server.ctx.db, "exact-online", "org_burst");
    server.clock.advance(575_000); // 25 s left
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => server.backend("/v1/resources/genericContact?limit=2", { ownerId: "org_burst" })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(server.sandbox.control.stats().refreshes).toBe(1);
    expect(server.sandbox.control.stats().refreshFailures).toBe(0);
    const after = await findConnection(server.ctx.db, "exact-online", "org_burst");
    // The new pair was persisted (and the lease released).
    expect(after!.encryptedTokens).not.toBe(before!.encryptedTokens);
    expect(Number(after!.accessTokenExpiresAt)).toBeGreaterThan(Number(before!.accessTokenExpiresAt));
    expect(after!.refreshLockUntil).toBeNull();
  });

  it("two servers on one database refresh once between them", async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_two", ["genericContact::list"]);
    // A second process: its own context (own single-flight map), same database, same sandbox.
    const { createContext } = await import("../../context");
    const { createApp } = await import("../../app");
    const other = createApp(createContext(server.ctx.config, server.ctx.db, server.clock));
    server.clock.advance(580_000);
    const call = (app: { request: typeof other.request }) =>
      app.request("/v1/resources/genericContact?limit=1", { headers: { authorization: `Bearer ${server.ctx.config.secretKey}`, "x-owner-id": "org_two" } });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? other : server.app)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(server.sandbox.control.stats().refreshes).toBe(1);
  });

  it("a request holding a row read before another refresh retries once with the new token", async () => {
    server = await startTestServer();
    await server.connect("org_stale", ["genericContact::list"]);
    const stale = (await findConnection(server.ctx.db, "exact-online", "org_stale"))!;
    server.clock.advance(575_000);
    expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_stale" })).status).toBe(200);
    expect(server.sandbox.control.stats().refreshes).toBe(1);
    // Back to when the stale row's access token looked fresh: Exact has revoked it since.
    server.clock.advance(-575_000);
    const before = server.sandbox.control.stats().responsesByStatus[401] ?? 0;
    const response = await server.ctx.exact.call(stale, { url: "/api/v1/{division}/crm/Contacts", query: { $top: "1" } });
    expect(response.status).toBe(200);
    expect((server.sandbox.control.stats().responsesByStatus[401] ?? 0) - before).toBe(1);
  });

  it("marks the connection needs_reauth when Exact refuses the refresh token, then fails fast", async () => {
    server = await startTestServer();
    const { sessionToken } = await server.connect("org_lost", ["genericContact::list"]);
    server.sandbox.control.expireRefreshTokens();
    server.clock.advance(590_000);
    const first = await server.backend("/v1/resources/genericContact", { ownerId: "org_lost" });
    expect(first.status).toBe(409);
    expect(await first.json()).toMatchObject({ error: { code: "NEEDS_REAUTH" } });
    const tokenCalls = server.sandbox.control.stats().tokenRequests;
    const second = await server.backend("/v1/resources/genericContact", { ownerId: "org_lost" });
    expect(await second.json()).toMatchObject({ error: { code: "NEEDS_REAUTH" } });
    expect(server.sandbox.control.stats().tokenRequests).toBe(tokenCalls);
    // The widget sees the state and can offer Re-connect.
    const connection = await server.app.request("/v1/connect/connection", { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(await connection.json()).toMatchObject({ connection: { status: "needs_reauth" } });
    // Reconnecting restores it.
    server.clock.advance(-590_000);
    await server.connect("org_lost", ["genericContact::list"]);
    expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_lost" })).status).toBe(200);
  });
});

describe("rate limits", () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it("a burst larger than the minutely budget finishes without an error and without a 429 from Exact", async () => {
    // A 60× clock: Exact's minute window passes in a second of real time.
    server = await startTestServer({ clock: createClock(60), sandbox: { minutelyLimit: 10 } });
    await server.connect("org_busy", ["genericContact::list"]);
    server.sandbox.control.resetStats();
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_busy" })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(25).fill(200));
    expect(server.sandbox.control.stats().rateLimited).toBe(0);
    expect(server.sandbox.control.stats().restCalls).toBe(25);
  });

  it("after a 429 it waits for the minute's reset and retries a bounded number of times", async () => {
    server = await startTestServer({ clock: createClock(60), sandbox: { minutelyLimit: 5 } });
    await server.connect("org_shared", ["genericContact::list"]);
    // Another app instance spends the whole budget behind our back.
    const row = (await findConnection(server.ctx.db, "exact-online", "org_shared"))!;
    const { decryptTokens } = await import("../../security/token-cipher");
    const { accessToken } = await decryptTokens(server.ctx.config.encryptionKey, row.encryptedTokens);
    for (let i = 0; i < 6; i++) {
      await fetch(`${server.sandboxUrl}/api/v1/1234567/crm/Contacts?$top=1`, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
    }
    server.sandbox.control.resetStats();
    const response = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_shared" });
    expect(response.status).toBe(200);
    expect(server.sandbox.control.stats().rateLimited).toBeLessThanOrEqual(1);
  });

  it("past the retry bound it answers 429 RATE_LIMITED with retryAfter, after a bounded number of 429s from Exact", async () => {
    server = await startTestServer({ clock: createClock(60), sandbox: { dailyLimit: 12 } });
    await server.connect("org_daily", ["genericContact::list"]);
    for (let i = 0; i < 12; i++) await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_daily" });
    server.sandbox.control.resetStats();
    const response = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_daily" });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { code: string; details: { retryAfter: number } } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.details.retryAfter).toBeGreaterThan(0);
    expect(response.headers.get("retry-after")).toBe(String(body.error.details.retryAfter));
    expect(server.sandbox.control.stats().rateLimited).toBeLessThanOrEqual(4);
  });
});
