import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";

const MAX_OPEN = 10;

// Defect 11 of issue 8: 1,000 authorize calls with one session token left 1,000 state rows.
describe("open attempts per session token are capped", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  let counter = 0;
  const authorize = (sessionToken: string) => {
    const nonce = `cap-nonce-${(counter++).toString().padStart(8, "0")}`;
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce });
    return Promise.resolve(server.app.request(`/v1/connect/authorize?${query}`)).then((response) => ({ response, nonce }));
  };
  const openRows = async (sessionToken: string) => {
    const jti = JSON.parse(Buffer.from(sessionToken.split(".")[1]!, "base64url").toString()).jti as string;
    const rows = await server.ctx.db.selectFrom("oauth_states").select("nonce").where("session_jti", "=", jti).where("status", "=", "pending").execute();
    return rows.length;
  };

  it(`refuses the ${MAX_OPEN + 1}th open attempt with TOO_MANY_ATTEMPTS on the callback page, and a cancel frees a place`, async () => {
    const sessionToken = await server.mintSession("org_cap", ["genericContact::list"]);
    const started: string[] = [];
    for (let i = 0; i < MAX_OPEN; i++) {
      const { response, nonce } = await authorize(sessionToken);
      expect(response.status).toBe(302);
      started.push(nonce);
    }
    const { response: refused, nonce: refusedNonce } = await authorize(sessionToken);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain("Too many connection attempts");
    // The page tells the widget too, with the stable code, for this attempt's nonce.
    expect(html).toContain("TOO_MANY_ATTEMPTS");
    expect(html).toContain(refusedNonce);
    expect(await openRows(sessionToken)).toBe(MAX_OPEN);

    const cancel = await server.app.request(`/v1/connect/attempts/${started[0]}`, { method: "DELETE", headers: { authorization: `Bearer ${sessionToken}` } });
    expect(cancel.status).toBe(204);
    expect((await authorize(sessionToken)).response.status).toBe(302);
    expect((await authorize(sessionToken)).response.status).toBe(429);
  });

  it("counts per session token: another session of the same owner starts its own", async () => {
    const first = await server.mintSession("org_cap_two", ["genericContact::list"]);
    for (let i = 0; i < MAX_OPEN; i++) await authorize(first);
    expect((await authorize(first)).response.status).toBe(429);
    const second = await server.mintSession("org_cap_two", ["genericContact::list"]);
    expect((await authorize(second)).response.status).toBe(302);
  });

  it("expired attempts no longer count", async () => {
    const sessionToken = await server.mintSession("org_cap_expiry", ["genericContact::list"]);
    for (let i = 0; i < MAX_OPEN; i++) await authorize(sessionToken);
    expect((await authorize(sessionToken)).response.status).toBe(429);
    server.clock.advance(10 * 60_000 + 1000);
    try {
      expect((await authorize(sessionToken)).response.status).toBe(302);
    } finally {
      server.clock.advance(-(10 * 60_000 + 1000));
    }
  });

  it("holds under bursts of simultaneous calls: exactly the cap is started", async () => {
    for (let round = 0; round < 5; round++) {
      const sessionToken = await server.mintSession(`org_cap_burst_${round}`, ["genericContact::list"]);
      const results = await Promise.all(Array.from({ length: 40 }, () => authorize(sessionToken)));
      const statuses = results.map((r) => r.response.status);
      expect(statuses.filter((s) => s === 302)).toHaveLength(MAX_OPEN);
      expect(statuses.filter((s) => s === 429)).toHaveLength(40 - MAX_OPEN);
      expect(await openRows(sessionToken)).toBe(MAX_OPEN);
    }
  });
});
