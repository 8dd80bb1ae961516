/**
 * Issue 14 §3 and §8, against the real server and a real sandbox on 127.0.0.1: a 429 storm never holds a
 * call longer than its one deadline (150 s from arrival, whatever the retries), and the proxy reaches
 * the connection's own division only, however the number is spelled.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_RATE_LIMIT_WAIT_MS } from "../connectors/exact-online/api-client";
import { sandboxFaults } from "../sandbox/faults";
import { findConnection } from "../storage/connections-repo";
import { startTestServer, TEST_SECRET_KEY, type TestClock, type TestServer } from "../test-support/harness";

/** A clock whose sleeps fire only when the test moves it; everything else runs in real time. */
function manualClock(): TestClock {
  let now = Date.UTC(2026, 11, 3, 9, 0, 1); // one second into Exact's minute
  let timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, fire: resolve })),
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fire();
    },
  };
}

const settledWithin = async <T>(promise: Promise<T>, ms: number) => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let waited = 0; waited < ms && !settled; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  return settled;
};

describe("one deadline per call under Exact's 429s", () => {
  let server: TestServer;
  afterEach(async () => {
    sandboxFaults(server.sandbox).clear();
    await server.close();
  });

  it("a retry whose wait would pass the deadline answers 429 at once", async () => {
    const clock = manualClock();
    server = await startTestServer({ clock, sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_storm_retry", ["genericContact::list"]);
    const storm = sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "rate-limit" } });
    const row = (await findConnection(server.ctx.db, "exact-online", "org_storm_retry"))!;
    const arrival = clock.now();
    const call = server.ctx.exact.call(row, { url: "/api/v1/{division}/crm/Contacts", query: { $top: "1" } });
    call.catch(() => undefined);

    expect(await settledWithin(call, 2_000)).toBe(false);
    expect(storm.hits).toBe(1); // 429; the window resets 59 s after arrival
    clock.advance(60_000);
    expect(await settledWithin(call, 2_000)).toBe(false);
    expect(storm.hits).toBe(2); // 429 again; the next reset (119 s) is still before the deadline (150 s)
    clock.advance(60_000);
    // The third 429 comes at 120 s; the next window (179 s) is past the deadline: no waiting until 150 s.
    expect(await settledWithin(call, 2_000)).toBe(true);
    expect(storm.hits).toBe(3);
    await expect(call).rejects.toMatchObject({ code: "RATE_LIMITED", details: { retryAfter: 59 } });
    expect(clock.now() - arrival).toBeLessThanOrEqual(MAX_RATE_LIMIT_WAIT_MS);
  });

  it("a connect whose division's minute is spent waits for Exact's reset instead of failing the attempt", async () => {
    // The OAuth callback's own calls (system/Divisions, UserHasRights) share the division's budget with every
    // other call of the app: another connection spending the minute must not end a user's connect in an error.
    const clock = manualClock();
    server = await startTestServer({ clock, sandbox: { minutelyLimit: 1000 } });
    const storm = sandboxFaults(server.sandbox).inject({ target: "system/Divisions", fault: { kind: "rate-limit" }, times: 1 });
    const connecting = server.connect("org_connect_429", ["genericContact::list"]);
    connecting.catch(() => undefined);

    expect(await settledWithin(connecting, 2_000)).toBe(false);
    expect(storm.hits).toBe(1);
    expect(await findConnection(server.ctx.db, "exact-online", "org_connect_429")).toBeUndefined();
    clock.advance(60_000);
    const { page } = await connecting;
    expect(page.status).toBe(200);
    expect(await findConnection(server.ctx.db, "exact-online", "org_connect_429")).toMatchObject({ status: "connected", division: 1234567 });
  });

  it("200 parallel reads in a 429 storm all answer within 150 s of arrival, in Exact's time", async () => {
    // The test's clock moves only in steps, once the server has settled: real-time lag (a loaded
    // machine, 200 answers at once) never shows up as Exact-time, so the bound is exact.
    const clock = manualClock();
    server = await startTestServer({ clock, sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_storm_parallel", ["genericContact::list"]);
    const storm = sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "rate-limit" } });
    // Timed at the server, from each request's arrival to its answer.
    const answers: Array<{ status: number; ms: number; body: string }> = [];
    const app = server.app;
    const timed = serve({ fetch: async (request) => {
      const arrival = clock.now();
      const response = await app.fetch(request);
      const body = await response.text();
      answers.push({ status: response.status, ms: clock.now() - arrival, body });
      return new Response(body, response);
    }, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => timed.once("listening", resolve));
    const url = `http://127.0.0.1:${(timed.address() as AddressInfo).port}/v1/resources/genericContact?limit=1`;
    const reads = Array.from({ length: 200 }, () =>
      fetch(url, { headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, "x-owner-id": "org_storm_parallel" } }).then((response) => response.arrayBuffer()),
    );
    const settle = async () => {
      let seen = "";
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        const now = `${answers.length}/${storm.hits}`;
        if (now === seen) return;
        seen = now;
      }
    };
    await settle();
    for (let elapsed = 0; answers.length < 200 && elapsed < 400_000; elapsed += 5_000) {
      clock.advance(5_000);
      await settle();
    }
    await Promise.all(reads);
    await new Promise((resolve) => timed.close(resolve));
    const slowest = Math.max(...answers.map((answer) => answer.ms));
    const notRateLimited = answers.filter(({ status, body }) => status !== 429 || !/"code":"RATE_LIMITED".*"retryAfter":[1-9]/.test(body));
    expect(notRateLimited).toEqual([]);
    expect(slowest).toBeLessThanOrEqual(MAX_RATE_LIMIT_WAIT_MS);
    expect(storm.hits).toBeGreaterThan(60); // the storm was answered by Exact, not only by the queue
  }, 120_000);
});

/** node:http sends the path byte for byte, as an attacker's client would. */
function rawRequest(server: TestServer, path: string, method = "GET") {
  return new Promise<{ status: number; body: { error?: { code: string; details?: Record<string, unknown> } } }>((resolve, reject) => {
    const request = httpRequest(`${server.publicUrl}${path}`, { method, headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, "x-owner-id": "org_divisions" } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text || "{}") as never }));
    });
    request.on("error", reject);
    request.end(method === "GET" ? undefined : JSON.stringify({ Name: "Elders BV" }));
  });
}

describe("the proxy reaches the connection's own division only", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 1000 } });
    await server.connect("org_divisions", ["proxy::read", "proxy::write"]);
  });
  afterAll(async () => {
    await server.close();
  });

  // The sandbox user has divisions 1234567 (connected) and 2345678.
  it.each([
    ["2345678", 2345678],
    ["01234567", "01234567"],
    ["%31%32", 12],
    ["+12", "+12"],
    ["%2B1234567", "+1234567"],
    ["1234567.0", "1234567.0"],
    ["1e6", "1e6"],
    ["-1", "-1"],
    ["0", "0"],
    ["{division}0", "{division}0"],
    ["%7Bdivision%7D2345678", "{division}2345678"],
    ["2345678(1)", "2345678(1)"],
    ["Current2345678", "Current2345678"],
  ])("refuses api/v1/%s/ with 403 INSUFFICIENT_PERMISSIONS and calls nothing", async (division, asked) => {
    for (const method of ["GET", "POST"]) {
      const before = server.sandbox.control.stats().restCalls;
      const response = await rawRequest(server, `/v1/proxy/api/v1/${division}/crm/Accounts?$select=ID&$filter=Name%20eq%20'x'`, method);
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS", details: { division: asked } });
      expect(server.sandbox.control.stats().restCalls).toBe(before);
    }
  });

  it.each(["%EF%BC%91%EF%BC%92", "1234567%20", "1234567%00"])("refuses api/v1/%s/ as an invalid path, and calls nothing", async (division) => {
    const before = server.sandbox.control.stats().restCalls;
    expect((await rawRequest(server, `/v1/proxy/api/v1/${division}/crm/Contacts`)).status).toBe(400);
    expect(server.sandbox.control.stats().restCalls).toBe(before);
  });

  it.each(["{division}", "%7Bdivision%7D", "1234567", "%31%32%33%34%35%36%37"])("passes api/v1/%s/ (the connection's division)", async (division) => {
    expect((await rawRequest(server, `/v1/proxy/api/v1/${division}/crm/Contacts?$top=1`)).status).toBe(200);
  });

  it("a call to another division is charged to that division's budget, not the connection's", async () => {
    const row = (await findConnection(server.ctx.db, "exact-online", "org_divisions"))!;
    // Exact says the connection's division has spent its minute.
    const spent = sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "rate-limit" }, times: 1 });
    const gone = new AbortController();
    const own = server.ctx.exact.call(row, { url: "/api/v1/{division}/crm/Contacts", query: { $top: "1" } }, { signal: gone.signal }).catch(() => undefined);
    while (spent.hits === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // The sandbox's token has no access to that division (403), but Exact answers at once: nothing queued it.
    const other = server.ctx.exact.call(row, { url: "/api/v1/2345678/crm/Contacts", query: { $top: "1" } }, { passthrough: true });
    expect(await settledWithin(other, 3_000)).toBe(true);
    expect((await other).status).toBe(403);
    gone.abort();
    await own;
  });
});
