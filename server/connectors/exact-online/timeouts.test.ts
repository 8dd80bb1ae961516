import { afterEach, describe, expect, it } from "vitest";
import { sandboxFaults } from "../../sandbox/faults";
import { findConnection } from "../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../test-support/harness";
import { DivisionRateLimiter, RateLimitWaitExceeded } from "./rate-limiter";

/** Resolves to "still waiting" if `promise` has not settled within `ms`: a hang shows up as a failed expectation, not a stuck test. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | "still waiting"> =>
  Promise.race([promise, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms))]);

const SHORT = { connectMs: 1_000, headersMs: 400, bodyMs: 400, tokenMs: 400 };

describe("timeouts on Exact calls", () => {
  let server: TestServer;
  afterEach(async () => {
    sandboxFaults(server.sandbox).clear();
    await server.close();
  });

  async function connected(ownerId: string) {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect(ownerId, ["genericContact::list", "genericCompany::list"]);
    server.ctx.exact.timeouts = SHORT;
    return sandboxFaults(server.sandbox);
  }

  it("a call Exact never answers fails with 504 PROVIDER_TIMEOUT", async () => {
    const faults = await connected("org_hang");
    faults.inject({ target: "crm/Contacts", fault: { kind: "hang" } });
    const response = await within(server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_hang" }), 5_000);
    expect(response).not.toBe("still waiting");
    const answer = response as Response;
    expect(answer.status).toBe(504);
    expect(await answer.json()).toMatchObject({ error: { code: "PROVIDER_TIMEOUT" } });
  });

  it("an answer whose body stalls fails with 504 PROVIDER_TIMEOUT, and so does the proxy", async () => {
    const faults = await connected("org_stall");
    faults.inject({ target: "crm/Contacts", fault: { kind: "stall-body" } });
    const list = (await within(server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_stall" }), 5_000)) as Response;
    expect(list.status).toBe(504);
    const proxied = (await within(server.backend("/v1/proxy/api/v1/{division}/crm/Contacts", { ownerId: "org_stall" }), 5_000)) as Response;
    expect(proxied.status).toBe(504);
    expect(await proxied.json()).toMatchObject({ error: { code: "PROVIDER_TIMEOUT" } });
  });

  it("a reset connection is a 502 PROVIDER_ERROR", async () => {
    const faults = await connected("org_reset");
    faults.inject({ target: "crm/Contacts", fault: { kind: "reset" }, times: 1 });
    const response = (await within(server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_reset" }), 5_000)) as Response;
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "PROVIDER_ERROR" } });
  });

  it("one hung call does not hold up the other calls of the division", async () => {
    const faults = await connected("org_shared_division");
    server.ctx.exact.timeouts = { ...SHORT, headersMs: 20_000, bodyMs: 20_000 };
    faults.inject({ target: "crm/Contacts", fault: { kind: "hang" } });
    const hung = server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_shared_division" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const other = await within(server.backend("/v1/resources/genericCompany?limit=1", { ownerId: "org_shared_division" }), 10_000);
    expect(other).not.toBe("still waiting");
    expect((other as Response).status).toBe(200);
    faults.clear();
    expect((await hung).status).toBe(200);
  });

  it("a hung token endpoint during the OAuth callback ends the attempt with PROVIDER_TIMEOUT, not pending", async () => {
    server = await startTestServer();
    server.ctx.exact.timeouts = SHORT;
    sandboxFaults(server.sandbox).inject({ target: "token", fault: { kind: "hang" } });
    const result = await within(server.connect("org_token_hang", ["genericContact::list"]), 5_000);
    expect(result).not.toBe("still waiting");
    const { page, nonce } = result as Awaited<ReturnType<TestServer["connect"]>>;
    expect(page.status).toBe(504);
    expect(await page.text()).toContain("PROVIDER_TIMEOUT");
    const attempt = await server.ctx.db.selectFrom("oauth_states").select("status").where("nonce", "=", nonce).executeTakeFirst();
    expect(attempt?.status).toBe("failed");
    expect(await findConnection(server.ctx.db, "exact-online", "org_token_hang")).toBeUndefined();
  });

  it("a refresh whose token request hangs fails with 504 and releases the lease", async () => {
    const faults = await connected("org_refresh_hang");
    faults.inject({ target: "token", fault: { kind: "hang" }, times: 1 });
    server.clock.advance(580_000);
    const response = (await within(server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_refresh_hang" }), 5_000)) as Response;
    expect(response.status).toBe(504);
    expect((await findConnection(server.ctx.db, "exact-online", "org_refresh_hang"))?.refreshLockUntil).toBeNull();
    // the next call refreshes for real
    expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_refresh_hang" })).status).toBe(200);
  });
});

/** A clock whose sleeps fire only when the test moves it: no real waiting, no flakes. */
function manualClock(start = 1_000_000) {
  let now = start;
  let timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, fire: resolve })),
    async advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fire();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

const settled = async (promise: Promise<unknown>) => {
  let state = "pending";
  promise.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return state;
};

describe("the rate limiter's queue", () => {
  it("gives up at its deadline even when nothing is released and the window resets later", async () => {
    const clock = manualClock();
    const limiter = new DivisionRateLimiter(clock);
    // Exact said: budget spent, the window resets in 10 minutes (a clock skew, or a daily reset).
    limiter.exhausted("nl:1", { minutelyRemaining: 0, minutelyReset: clock.now() + 600_000 });
    const waiting = limiter.acquire("nl:1", 150_000);
    waiting.catch(() => undefined);
    await clock.advance(149_000);
    expect(await settled(waiting)).toBe("pending");
    await clock.advance(1_000);
    expect(await settled(waiting)).toBe("rejected");
    await expect(waiting).rejects.toBeInstanceOf(RateLimitWaitExceeded);
  });

  it("a client that goes away leaves the queue at once", async () => {
    const clock = manualClock();
    const limiter = new DivisionRateLimiter(clock);
    limiter.exhausted("nl:1", { minutelyRemaining: 0, minutelyReset: clock.now() + 60_000 });
    const gone = new AbortController();
    const waiting = limiter.acquire("nl:1", 150_000, gone.signal);
    waiting.catch(() => undefined);
    expect(await settled(waiting)).toBe("pending");
    gone.abort();
    expect(await settled(waiting)).toBe("rejected");
  });

  it("a cancelled call never reaches Exact", async () => {
    const server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    try {
      await server.connect("org_cancel", ["genericContact::list"]);
      const row = (await findConnection(server.ctx.db, "exact-online", "org_cancel"))!;
      const before = server.sandbox.control.stats().restCalls;
      const gone = new AbortController();
      gone.abort();
      await expect(server.ctx.exact.call(row, { url: "/api/v1/{division}/crm/Contacts" }, { signal: gone.signal })).rejects.toThrow();
      expect(server.sandbox.control.stats().restCalls).toBe(before);
    } finally {
      await server.close();
    }
  });
});
