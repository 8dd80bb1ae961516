/**
 * Which division a connection gets (issue 18, first slice): only one the user granted at consent, whatever
 * Exact's `current/Me` calls current (picqer/exact-php-client#470). Real server, real SQLite, the sandbox as Exact.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_DIVISION, SECOND_DIVISION } from "../sandbox/seed-data";
import { findConnection } from "../storage/connections-repo";
import { answerConsent } from "../test-support/consent";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";

type Posted = { result: { ok: boolean; error?: { code: string; message: string }; connection?: { division: number; divisionName: string } } };

describe("the division a connection is stored on", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** The OAuth dance with the divisions granted and the user's current division in Exact chosen by the test. */
  async function connect(ownerId: string, granted: number[], currentDivision?: number): Promise<Posted["result"]> {
    const sessionToken = await server.mintSession(ownerId, ["genericContact::list"]);
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: `nonce-${randomUUID()}` });
    const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
    const consentUrl = authorize.headers.get("location")!;
    const callback = await answerConsent(consentUrl, "approve", granted, fetch, `tester-${randomUUID()}`, currentDivision);
    const page = await (await server.app.request(`${callback.pathname}${callback.search}`)).text();
    const json = /<script type="application\/json" id="morph-result">(.*?)<\/script>/s.exec(page)?.[1];
    return (JSON.parse(json ?? "null") as { message: Posted }).message.result;
  }

  it("stores a granted division when Exact's CurrentDivision was not granted, and reads work there", async () => {
    const result = await connect("org_div_trap", [SECOND_DIVISION], MAIN_DIVISION);
    expect(result).toMatchObject({ ok: true, connection: { division: SECOND_DIVISION, divisionName: "Korenschoof Vastgoed B.V." } });
    expect((await findConnection(server.ctx.db, "exact-online", "org_div_trap"))?.division).toBe(SECOND_DIVISION);
    const stats = server.sandbox.control.stats().responsesByStatus[403] ?? 0;
    const read = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_div_trap" });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect(server.sandbox.control.stats().responsesByStatus[403] ?? 0).toBe(stats); // no NoDivisionAccess on the way
  });

  it("with several granted, stores nothing yet and offers them with the current division pre-selected", async () => {
    // Issue 18: the user chooses on the division picker (server/routes/division-picker.test.ts has the rest).
    const sessionToken = await server.mintSession("org_div_several", ["genericContact::list"]);
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: `nonce-${randomUUID()}` });
    const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
    const callback = await answerConsent(authorize.headers.get("location")!, "approve", [MAIN_DIVISION, SECOND_DIVISION], fetch, `tester-${randomUUID()}`, SECOND_DIVISION);
    const page = await (await server.app.request(`${callback.pathname}${callback.search}`)).text();
    expect(page).not.toContain('id="morph-result"');
    expect([...page.matchAll(/name="division" value="(\d+)"( checked)?/g)].map((m) => [Number(m[1]), m[2] !== undefined])).toEqual([
      [MAIN_DIVISION, false],
      [SECOND_DIVISION, true],
    ]);
    expect(await findConnection(server.ctx.db, "exact-online", "org_div_several")).toBeUndefined();
  });

  it("fails the attempt and stores nothing when no division was granted", async () => {
    const result = await connect("org_div_none", [], MAIN_DIVISION);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe("INSUFFICIENT_PERMISSIONS");
    expect(result.error?.message).toMatch(/no Exact Online administration/i);
    expect(await findConnection(server.ctx.db, "exact-online", "org_div_none")).toBeUndefined();
  });
});
