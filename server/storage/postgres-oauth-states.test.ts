import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";


// The widget's nonce may be 16–128 characters; the first schema gave it varchar(64), which
// PostgreSQL enforces (SQLite does not): a longer nonce made authorize answer 500.
describe.skipIf(!postgresBinDir())("OAuth states on PostgreSQL", () => {
  let pg: TempPostgres;
  let server: TestServer;

  beforeAll(async () => {
    pg = startTempPostgres(await freePort());
    server = await startTestServer({ env: { DATABASE_URL: pg.url } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  const authorize = async (sessionToken: string, nonce: string) =>
    server.app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce })}`);

  it.each([65, 100, 128])("a %i-character nonce starts an attempt that the widget can read back", async (length) => {
    const sessionToken = await server.mintSession("org_long_nonce", ["genericContact::list"]);
    const nonce = `${length}`.padEnd(length, "n");
    const response = await authorize(sessionToken, nonce);
    expect(response.status).toBe(302);
    const read = await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ status: "pending" });
  });

  it("a 129-character nonce is a 400 on the callback page, as before", async () => {
    const response = await authorize(await server.mintSession("org_long_nonce", ["genericContact::list"]), "n".repeat(129));
    expect(response.status).toBe(400);
  });

  it("at most 10 open attempts per session token, also for simultaneous calls on a connection pool", async () => {
    const sessionToken = await server.mintSession("org_pg_cap", ["genericContact::list"]);
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => authorize(sessionToken, `pg-cap-nonce-${String(i).padStart(6, "0")}`).then((r) => r.status)));
    expect(statuses.filter((status) => status === 302)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it("the column is wide enough for the pattern's longest nonce", async () => {
    const { rows } = await sql<{ character_maximum_length: number }>`
      select character_maximum_length from information_schema.columns where table_name = 'oauth_states' and column_name = 'nonce'
    `.execute(server.ctx.db);
    expect(rows[0]?.character_maximum_length).toBeGreaterThanOrEqual(128);
  });
});
