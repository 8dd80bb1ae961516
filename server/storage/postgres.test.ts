import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { createContext } from "../context";
import { postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, type TestServer } from "../test-support/harness";
import { openDatabase } from "./database";

// The same schema, queries and refresh lease on PostgreSQL, the production database.
describe.skipIf(!postgresBinDir())("on PostgreSQL", () => {
  let pg: TempPostgres;
  let server: TestServer;

  beforeAll(async () => {
    pg = startTempPostgres(54329);
    server = await startTestServer({ env: { DATABASE_URL: pg.url }, sandbox: { minutelyLimit: 1000 } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  it("runs migrations, connects and serves resources", async () => {
    const { page } = await server.connect("org_pg", ["genericContact::list"]);
    expect(page.status).toBe(200);
    const response = await server.backend("/v1/resources/genericContact?limit=5", { ownerId: "org_pg" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(5);
  });

  it("two server processes (own pools, own single-flight maps) refresh a token once between them", async () => {
    await server.connect("org_pg_two", ["genericContact::list"]);
    const otherDb = await openDatabase(pg.url);
    try {
      const other = createApp(createContext(server.ctx.config, otherDb, server.clock));
      server.clock.advance(580_000);
      const before = server.sandbox.control.stats().refreshes;
      const call = (app: typeof other) =>
        app.request("/v1/resources/genericContact?limit=1", { headers: { authorization: `Bearer ${server.ctx.config.secretKey}`, "x-owner-id": "org_pg_two" } });
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i % 2 ? other : server.app)));
      expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
      expect(server.sandbox.control.stats().refreshes - before).toBe(1);
    } finally {
      server.clock.advance(-580_000);
      await otherDb.destroy();
    }
  });
});
