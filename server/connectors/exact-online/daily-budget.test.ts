import { afterEach, describe, expect, it } from "vitest";
import { findConnection } from "../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../test-support/harness";
import { hasDivision } from "./api-client";
import { DivisionRateLimiter, RateLimitWaitExceeded } from "./rate-limiter";

const DAY = 86_400_000;

// Issue 7 §2: Exact's daily budget (X-RateLimit-Remaining / X-RateLimit-Reset), per division.
describe("the daily budget", () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it("once spent, answers 429 RATE_LIMITED with retryAfter up to the daily reset, without calling Exact", async () => {
    server = await startTestServer({ sandbox: { dailyLimit: 5, minutelyLimit: 1000 } });
    await server.connect("org_daily_budget", ["genericContact::list"]);
    // The connect flow's own calls count too: spend what is left.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_daily_budget" })).status);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(statuses).toContain(429);
    server.sandbox.control.resetStats();
    const response = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_daily_budget" });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { code: string; details: { retryAfter: number; limit: string } } };
    const now = server.clock.now();
    const toReset = Math.ceil((Math.floor(now / DAY) * DAY + DAY - now) / 1000);
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.details.limit).toBe("daily");
    expect(Math.abs(body.error.details.retryAfter - toReset)).toBeLessThanOrEqual(2);
    expect(response.headers.get("retry-after")).toBe(String(body.error.details.retryAfter));
    expect(server.sandbox.control.stats().restCalls).toBe(0);
  });

  it("a 429 from Exact that says the day is spent is not retried for a minute's reset", async () => {
    server = await startTestServer({ sandbox: { dailyLimit: 3, minutelyLimit: 1000 } });
    await server.connect("org_daily_other_app", ["genericContact::list"]);
    // Another instance of the app spends the division's day behind our back.
    const row = (await findConnection(server.ctx.db, "exact-online", "org_daily_other_app"))!;
    const { decryptTokens } = await import("../../security/token-cipher");
    const { accessToken } = await decryptTokens(server.ctx.config.encryptionKey, row.encryptedTokens);
    for (let i = 0; i < 3; i++) {
      await fetch(`${server.sandboxUrl}/api/v1/1234567/crm/Contacts?$top=1`, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
    }
    server.sandbox.control.resetStats();
    const response = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_daily_other_app" });
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: { details: { retryAfter: number } } }).error.details.retryAfter).toBeGreaterThan(60);
    expect(server.sandbox.control.stats().restCalls).toBe(1);
  });

  it("calls without a division (current/Me) are neither counted nor refused", async () => {
    server = await startTestServer({ sandbox: { dailyLimit: 5, minutelyLimit: 1000 } });
    await server.connect("org_daily_me", ["genericContact::list"]);
    for (let i = 0; i < 5; i++) await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_daily_me" });
    const row = (await findConnection(server.ctx.db, "exact-online", "org_daily_me"))!;
    server.sandbox.control.resetStats();
    // The division's day is spent: a division call is refused locally, a current/Me call still goes to Exact.
    const refused = await server.ctx.exact.call(row, { url: "/api/v1/{division}/crm/Contacts" }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect(server.sandbox.control.stats().restCalls).toBe(0);
    await server.ctx.exact.call(row, { url: "/api/v1/current/Me" }, { passthrough: true });
    expect(server.sandbox.control.stats().restCalls).toBe(1);
  });
});

describe("which calls count against a division's budget", () => {
  it("division paths, also absolute __next links under a prefix; never current/Me", () => {
    expect(hasDivision("/api/v1/1234567/crm/Contacts")).toBe(true);
    expect(hasDivision("http://localhost:8787/sandbox/api/v1/1234567/crm/Contacts?$skiptoken=x")).toBe(true);
    expect(hasDivision("/api/v1/current/Me")).toBe(false);
    expect(hasDivision("https://start.exactonline.nl/api/v1/current/Me")).toBe(false);
  });
});

describe("the limiter's daily budget", () => {
  const clock = { now: () => 10 * DAY + 3_600_000, sleep: () => new Promise<void>(() => undefined) };

  it("learns the day from the headers, refuses at zero, and opens again after the daily reset", async () => {
    const limiter = new DivisionRateLimiter(clock);
    const release = await limiter.acquire("nl:1", 150_000);
    release({ minutelyRemaining: 50, minutelyReset: clock.now() + 30_000, dailyRemaining: 0, dailyReset: 11 * DAY });
    await expect(limiter.acquire("nl:1", 150_000)).rejects.toMatchObject({ retryAfterMs: DAY - 3_600_000, limit: "daily" });
    await expect(limiter.acquire("nl:1", 150_000)).rejects.toBeInstanceOf(RateLimitWaitExceeded);
    // another division is not affected
    (await limiter.acquire("nl:2", 150_000))();
    const later = new DivisionRateLimiter({ ...clock, now: () => 11 * DAY + 1 });
    const again = await later.acquire("nl:1", 150_000);
    again({ dailyRemaining: 0, dailyReset: 11 * DAY });
    // a stale header (an earlier day's reset) does not close today
    (await later.acquire("nl:1", 150_000))();
  });
});
