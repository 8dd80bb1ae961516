import { afterEach, describe, expect, it } from "vitest";
import { sandboxFaults } from "../../sandbox/faults";
import { decryptTokens } from "../../security/token-cipher";
import { startTestServer, type TestServer } from "../../test-support/harness";
import { revokeTokenChain } from "../../test-support/sandbox-client";
import type { NewEvent, WebhookHub } from "../../webhooks/events";
import { KeepAlive } from "./keep-alive";

/**
 * The keep-alive job against a sandbox whose tokens live briefly: access tokens a minute, refresh tokens five
 * (Exact: 10 minutes and 30 days), with MORPH_KEEPALIVE_SECONDS shortened to match. Ticks are driven by hand,
 * the clock moved between them.
 */
describe("keep-alive", () => {
  let server: TestServer;
  let job: KeepAlive | undefined;
  afterEach(async () => {
    await job?.stop();
    job = undefined;
    sandboxFaults(server.sandbox).clear();
    await server.close();
  });

  /** Every event the server emits, `connection.*` included. */
  function capture(): { hub: WebhookHub; events: NewEvent[] } {
    const events: NewEvent[] = [];
    const hub: WebhookHub = {
      emit: async (_trx, emitted) => void events.push(...emitted),
      listenedModels: async () => new Set(),
      endpointsChanged: () => undefined,
      onEndpointsChanged: () => () => undefined,
    };
    return { hub, events };
  }

  async function start(options: { keepAliveSeconds: number; accessSeconds: number; refreshSeconds?: number; hub?: WebhookHub }) {
    server = await startTestServer({
      sandbox: { accessTokenTtlSeconds: options.accessSeconds, refreshTokenTtlSeconds: options.refreshSeconds, minutelyLimit: 1000 },
      env: { MORPH_KEEPALIVE_SECONDS: String(options.keepAliveSeconds) },
      webhooks: options.hub,
    });
    job = new KeepAlive({ db: server.ctx.db, clock: server.clock, tokens: server.ctx.exact.tokens, intervalMs: server.ctx.config.keepAliveMs });
    return job;
  }

  const health = (ownerId: string) =>
    server.ctx.db
      .selectFrom("connections")
      .select(["id", "status", "tokens", "last_refreshed_at", "last_error"])
      .where("owner_id", "=", ownerId)
      .executeTakeFirstOrThrow();
  const read = (ownerId: string) => server.backend("/v1/resources/genericContact?limit=1", { ownerId });
  const stats = () => server.sandbox.control.stats();

  it("keeps a connection left idle past its refresh token's lifetime usable", async () => {
    const keepAlive = await start({ keepAliveSeconds: 120, accessSeconds: 60, refreshSeconds: 300 });
    expect(keepAlive.tickMs).toBe(12_000);
    await server.connect("org_idle", ["genericContact::list"]);
    const connectedAt = Number((await health("org_idle")).last_refreshed_at);
    expect(connectedAt).toBeGreaterThan(0); // the code exchange counts as a refresh

    // Ten minutes without a request: twice the refresh token's five.
    for (let tick = 0; tick < 50; tick++) {
      server.clock.advance(keepAlive.tickMs);
      await keepAlive.tick();
    }
    // Refreshed once the 120 s were up and the access token had expired, about every 132 s: never more often.
    expect(stats().refreshes).toBeGreaterThanOrEqual(4);
    expect(stats().refreshes).toBeLessThanOrEqual(5);
    expect(stats().refreshFailures).toBe(0);
    const row = await health("org_idle");
    expect(row.status).toBe("connected");
    expect(Number(row.last_refreshed_at)).toBeGreaterThan(connectedAt + 480_000);
    // A keep-alive refresh is no use on a customer's behalf.
    const { last_used_at } = await server.ctx.db.selectFrom("connections").select("last_used_at").where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(last_used_at).toBeNull();
    expect((await read("org_idle")).status).toBe(200);
  });

  it("without it, the same idleness loses the connection (the sandbox's lifetimes are real)", async () => {
    await start({ keepAliveSeconds: 120, accessSeconds: 60, refreshSeconds: 300 });
    await server.connect("org_unkept", ["genericContact::list"]);
    server.clock.advance(600_000);
    const response = await read("org_unkept");
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "NEEDS_REAUTH" } });
  });

  it("marks a connection whose chain was revoked needs_reauth, with lastError and one event, and leaves the others alone", async () => {
    const captured = capture();
    const keepAlive = await start({ keepAliveSeconds: 120, accessSeconds: 60, refreshSeconds: 300, hub: captured.hub });
    await server.connect("org_revoked", ["genericContact::list"]);
    await server.connect("org_kept", ["genericContact::list"]);
    const revoked = await health("org_revoked");
    const { refreshToken } = await decryptTokens(server.ctx.config.encryptionKey, revoked.tokens!);
    await revokeTokenChain(server.sandbox, refreshToken); // the user revokes the app in Exact

    server.clock.advance(130_000);
    // Two connections, ten ticks an interval: one a tick, the longest unrefreshed (org_revoked) first. The job
    // and a customer request meet the refusal together: still one status change, one event.
    const [tick, request] = await Promise.all([keepAlive.tick(), read("org_revoked")]);
    expect(request.status).toBe(409);
    expect(tick).toEqual({ share: 1, refreshed: 0, needsReauth: 1, failed: 0 });
    server.clock.advance(keepAlive.tickMs);
    expect(await keepAlive.tick()).toEqual({ share: 1, refreshed: 1, needsReauth: 0, failed: 0 });

    const row = await health("org_revoked");
    expect(row.status).toBe("needs_reauth");
    const lastError = JSON.parse(row.last_error ?? "null") as { code: string; message: string; at: string };
    expect(lastError).toMatchObject({ code: "NEEDS_REAUTH" });
    expect(lastError.message).toContain("invalid_grant");
    expect(new Date(lastError.at).getTime()).toBeGreaterThan(0);
    expect(lastError.at).toBe(new Date(lastError.at).toISOString());

    // Later ticks do not ask Exact for it again, nor announce it again.
    const tokenCalls = stats().tokenRequests;
    for (let tick = 0; tick < 20; tick++) {
      server.clock.advance(keepAlive.tickMs);
      await keepAlive.tick();
    }
    expect(stats().refreshFailures).toBe(1);
    expect(stats().tokenRequests - tokenCalls).toBe(stats().refreshes - 1); // only org_kept's refreshes since
    const needsReauth = captured.events.filter((event) => event.type === "connection.needs_reauth");
    expect(needsReauth.map((event) => event.connectionId)).toEqual([revoked.id]);

    const kept = await health("org_kept");
    expect(kept.status).toBe("connected");
    expect(kept.last_error).toBeNull();
    expect((await read("org_kept")).status).toBe(200);
  });

  it("spreads the work: a tick refreshes at most ceil(connected / ticks per interval), the longest unrefreshed first", async () => {
    // 600 s: a tick every 60 s, ten an interval; twelve connections due → two a tick.
    const keepAlive = await start({ keepAliveSeconds: 600, accessSeconds: 60 });
    expect(keepAlive.tickMs).toBe(60_000);
    const owners = Array.from({ length: 12 }, (_, i) => `org_spread_${i}`);
    for (const owner of owners) await server.connect(owner, ["genericContact::list"]);
    const before = new Map(await Promise.all(owners.map(async (owner) => [owner, Number((await health(owner)).last_refreshed_at)] as const)));

    server.clock.advance(601_000);
    expect(await keepAlive.tick()).toEqual({ share: 2, refreshed: 2, needsReauth: 0, failed: 0 });
    expect(stats().refreshes).toBe(2);
    server.clock.advance(keepAlive.tickMs);
    expect(await keepAlive.tick()).toMatchObject({ share: 2, refreshed: 2 });
    expect(stats().refreshes).toBe(4);
    const refreshed = [];
    for (const owner of owners) if (Number((await health(owner)).last_refreshed_at) !== before.get(owner)) refreshed.push(owner);
    expect(refreshed).toEqual(owners.slice(0, 4)); // connected first, refreshed first

    // Close to Exact's 30 days (within two intervals), the spread gives way: every one is refreshed at once.
    server.clock.advance(30 * 86_400_000 - 2 * 600_000);
    expect(await keepAlive.tick()).toEqual({ share: 12, refreshed: 12, needsReauth: 0, failed: 0 });
    expect(stats().refreshes).toBe(16);
    expect(stats().refreshFailures).toBe(0);
  });

  it("leaves a connection its traffic refreshed recently, and one whose access token Exact would not refresh yet", async () => {
    const keepAlive = await start({ keepAliveSeconds: 120, accessSeconds: 60 });
    await server.connect("org_busy", ["genericContact::list"]);
    await server.connect("org_quiet", ["genericContact::list"]);
    server.clock.advance(100_000);
    expect((await read("org_busy")).status).toBe(200); // its expired access token is refreshed by the request
    expect(stats().refreshes).toBe(1);
    const busyRefreshedAt = Number((await health("org_busy")).last_refreshed_at);

    server.clock.advance(30_000); // org_quiet: 130 s without a refresh; org_busy: 30 s
    expect(await keepAlive.tick()).toMatchObject({ refreshed: 1 });
    expect(stats().refreshes).toBe(2);
    expect(Number((await health("org_busy")).last_refreshed_at)).toBe(busyRefreshedAt);
  });

  it("does not ask Exact before the access token's last 30 s, even when the interval is up", async () => {
    const keepAlive = await start({ keepAliveSeconds: 120, accessSeconds: 600 });
    await server.connect("org_early", ["genericContact::list"]);
    server.clock.advance(130_000);
    expect(await keepAlive.tick()).toMatchObject({ refreshed: 0 });
    expect(stats().tokenRequests).toBe(1); // the code exchange only: no "Access Token not expired"
    server.clock.advance(445_000); // 25 s left
    expect(await keepAlive.tick()).toMatchObject({ refreshed: 1 });
    expect(stats().refreshFailures).toBe(0);
  });

  it("changes nothing on a transient failure, and retries after a back-off", async () => {
    const captured = capture();
    const keepAlive = await start({ keepAliveSeconds: 120, accessSeconds: 60, hub: captured.hub });
    await server.connect("org_flaky", ["genericContact::list"]);
    const before = await health("org_flaky");
    sandboxFaults(server.sandbox).inject({ target: "token", fault: { kind: "status", status: 503 }, times: 1 });
    server.clock.advance(130_000);
    expect(await keepAlive.tick()).toMatchObject({ refreshed: 0, failed: 1 });
    expect(await health("org_flaky")).toEqual(before);

    const tokenCalls = stats().tokenRequests;
    server.clock.advance(keepAlive.tickMs); // backing off: two ticks
    expect(await keepAlive.tick()).toMatchObject({ refreshed: 0, failed: 0 });
    expect(stats().tokenRequests).toBe(tokenCalls);
    server.clock.advance(keepAlive.tickMs + 1);
    expect(await keepAlive.tick()).toMatchObject({ refreshed: 1, failed: 0 });
    const after = await health("org_flaky");
    expect(after.status).toBe("connected");
    expect(after.last_error).toBeNull();
    expect(captured.events.filter((event) => event.type === "connection.needs_reauth")).toEqual([]);
  });

  it("ticks at start: a server that was down refreshes what fell due meanwhile without waiting a tick", async () => {
    const keepAlive = await start({ keepAliveSeconds: 600, accessSeconds: 60 });
    await server.connect("org_restart", ["genericContact::list"]);
    server.clock.advance(3_600_000); // the server was down an hour
    keepAlive.start();
    const deadline = Date.now() + 5_000;
    while (stats().refreshes === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stats().refreshes).toBe(1);
    await keepAlive.stop();
    expect((await health("org_restart")).status).toBe("connected");
  });
});
