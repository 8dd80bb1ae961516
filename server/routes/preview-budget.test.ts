import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREVIEW_CACHE_MS, PREVIEW_CALLS_PER_SESSION } from "../connect-flow/preview";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_preview_budget";

// Issue 14, finding 13: every preview cost an Exact call, so a browser holding a session token could spend the
// division's minute budget (60 calls) that the customer's backend shares.
describe("the widget's preview has a budget", () => {
  let server: TestServer;
  const restCalls = () => server.sandbox.control.stats().restCalls;
  const preview = (sessionToken: string, model = "genericContact") =>
    server.app.request(`/v1/connect/preview/${model}`, { headers: { authorization: `Bearer ${sessionToken}` } });

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, ["genericContact::list", "genericCompany::list"]);
  });
  afterAll(async () => {
    await server.close();
  });

  it("serves a connection's preview of a model from a short cache, across sessions", async () => {
    const first = await server.mintSession(OWNER, ["genericContact::list"]);
    const second = await server.mintSession(OWNER, ["genericContact::list"]);
    const before = restCalls();
    const answers = await Promise.all([preview(first), preview(first), preview(second)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as Array<{ data: unknown[] }>;
    expect(bodies[0]!.data.length).toBeGreaterThan(0);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(restCalls() - before).toBe(1);

    server.clock.advance(PREVIEW_CACHE_MS + 1_000);
    expect((await preview(second)).status).toBe(200);
    expect(restCalls() - before).toBe(2);
  });

  it(`caps one session at ${PREVIEW_CALLS_PER_SESSION} Exact calls, then answers 429 RATE_LIMITED with retryAfter, without Exact`, async () => {
    const token = await server.mintSession(OWNER, ["genericContact::list", "genericCompany::list"]);
    for (let i = 0; i < PREVIEW_CALLS_PER_SESSION; i++) {
      server.clock.advance(PREVIEW_CACHE_MS + 1);
      expect((await preview(token)).status).toBe(200);
    }
    // Still cached: served, free.
    expect((await preview(token)).status).toBe(200);

    server.clock.advance(PREVIEW_CACHE_MS + 1);
    const before = restCalls();
    const refused = await preview(token, "genericCompany");
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; details: { retryAfter: number } } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.details.retryAfter).toBeGreaterThan(0);
    expect(refused.headers.get("retry-after")).toBe(String(body.error.details.retryAfter));
    expect(restCalls()).toBe(before);

    // Another session of the same owner has its own share.
    expect((await preview(await server.mintSession(OWNER, ["genericCompany::list"]), "genericCompany")).status).toBe(200);
  });
});
