import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { createContext } from "../../context";
import { sandboxFaults } from "../../sandbox/faults";
import { findConnection } from "../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../test-support/harness";

/**
 * Defect 1 of issue 8: a token request that outlives the refresh lease, a second process that takes the
 * expired lease, and Exact's "Old refresh token used" must not cost a healthy connection.
 * The lease is measured on the server's clock, so the test expires it by moving the clock, not by waiting.
 */
describe("refresh race", () => {
  let server: TestServer;
  afterEach(async () => {
    sandboxFaults(server.sandbox).clear();
    await server.close();
  });

  const list = (app: { request: TestServer["app"]["request"] }, ownerId: string) =>
    app.request("/v1/resources/genericContact?limit=1", { headers: { authorization: `Bearer ${server.ctx.config.secretKey}`, "x-owner-id": ownerId } });

  it("a refresh that outlived its lease and gets 'Old refresh token used' uses the pair the other process stored", async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_race", ["genericContact::list"]);
    const other = createApp(createContext(server.ctx.config, server.ctx.db, server.clock)); // a second process
    const faults = sandboxFaults(server.sandbox);
    // Exact is slow with the first refresh: it answers after 1 s (and rotates the token then).
    faults.inject({ target: "token", fault: { kind: "slow", delayMs: 1_000 }, times: 1 });
    server.clock.advance(580_000);
    const first = list(server.app, "org_race");
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The first process's lease runs out while its token request is on the way (a paused process, a clock step).
    server.clock.advance(21_000);
    const second = await list(other, "org_race");
    expect(second.status).toBe(200);
    const answer = await first;
    expect(server.sandbox.control.stats().refreshFailures).toBe(1); // Exact did answer "Old refresh token used" to the first
    expect(answer.status).toBe(200);
    const row = await findConnection(server.ctx.db, "exact-online", "org_race");
    expect(row?.status).toBe("connected");
    expect(row?.refreshLockUntil).toBeNull();
    expect((await list(server.app, "org_race")).status).toBe(200);
  });

  it("a reconnect during a refresh wins: the refresh that finishes after it discards its pair", async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_reconnect", ["genericContact::list"]);
    sandboxFaults(server.sandbox).inject({ target: "token", fault: { kind: "slow", delayMs: 800 }, times: 1 });
    server.clock.advance(580_000);
    const refreshing = list(server.app, "org_reconnect");
    await new Promise((resolve) => setTimeout(resolve, 100));
    // the user consents again now: a fresh token pair
    await server.connect("org_reconnect", ["genericContact::list"]);
    const consented = (await findConnection(server.ctx.db, "exact-online", "org_reconnect"))!;
    expect((await refreshing).status).toBe(200);
    expect(server.sandbox.control.stats().refreshes).toBe(1); // the refresh did happen at Exact
    const after = (await findConnection(server.ctx.db, "exact-online", "org_reconnect"))!;
    expect(after.encryptedTokens === consented.encryptedTokens).toBe(true); // compared as a boolean: no ciphertext in the output
    expect(after.accessTokenExpiresAt).toBe(consented.accessTokenExpiresAt);
    expect(after.status).toBe("connected");
  });

  it("a refusal for a pair that was replaced meanwhile does not mark the connection needs_reauth", async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_refused", ["genericContact::list"]);
    const faults = sandboxFaults(server.sandbox);
    faults.inject({ target: "token", fault: { kind: "slow", delayMs: 800 }, times: 1 });
    server.sandbox.control.expireRefreshTokens(); // the old pair's refresh will be refused
    server.clock.advance(580_000);
    const refreshing = list(server.app, "org_refused");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.connect("org_refused", ["genericContact::list"]);
    await refreshing;
    expect((await findConnection(server.ctx.db, "exact-online", "org_refused"))?.status).toBe("connected");
    expect((await list(server.app, "org_refused")).status).toBe(200);
  });
});
