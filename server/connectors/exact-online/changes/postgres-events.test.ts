/** The inbox on PostgreSQL, the production database: two processes work one inbox, each notification once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext, type ServerContext } from "../../../context";
import { openDatabase, type Db } from "../../../storage/database";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../../../test-support/postgres";
import type { NewEvent } from "../../../webhooks/events";
import { countInbox } from "./inbox-repo";
import { captureEvents, waitForInbox } from "./test-helpers";

const DIV = 1234567;

describe.skipIf(!postgresBinDir())("Exact events on PostgreSQL", () => {
  let pg: TempPostgres;
  let server: TestServer;
  let otherDb: Db;
  let other: ServerContext;
  let events: NewEvent[];

  beforeAll(async () => {
    pg = startTempPostgres(await freePort());
    const captured = captureEvents(["genericContact"]);
    server = await startTestServer({ listen: true, env: { DATABASE_URL: pg.url }, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    // A second server process: its own pool, its own processor, the same hub for the test to watch.
    otherDb = await openDatabase(pg.url);
    other = createContext(server.ctx.config, otherDb, server.clock, { webhooks: captured.hub });
    await server.connect("org_pg_events", ["genericContact::list", "genericContact::retrieve"]);
    await server.ctx.exactEvents.subscriptions.sync();
  }, 60_000);
  afterAll(async () => {
    await other?.exactEvents.stop();
    await otherDb?.destroy();
    await server?.close();
    pg?.stop();
  });

  it("two processors draining one inbox emit each change exactly once", async () => {
    const account = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Postgres B.V." })).ID);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: account, LastName: `PG ${i}` })).ID));
    await waitForInbox(server, 40);
    await Promise.all([server.ctx.exactEvents.processor.drain(), other.exactEvents.processor.drain(), server.ctx.exactEvents.processor.drain()]);
    expect(await countInbox(server.ctx.db, "done")).toBe(40);
    expect(events.map((e) => (e.data as { id: string }).id).sort()).toEqual([...ids].sort());
    expect(events.every((e) => e.type === "genericContact.created")).toBe(true);
  });

  it("the poller's baseline and a later change, with the lease and cursors on PostgreSQL", async () => {
    events.length = 0;
    const connection = (await server.ctx.db.selectFrom("connections").select("id").executeTakeFirstOrThrow()).id;
    await Promise.all([
      server.ctx.exactEvents.poller.pollConnection(connection, { force: true }),
      other.exactEvents.poller.pollConnection(connection, { force: true }),
    ]);
    expect(events).toEqual([]);
    const account = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Polled B.V." })).ID);
    server.sandbox.webhooks.pause();
    const contact = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: account, LastName: "Polled on PG" })).ID);
    server.sandbox.webhooks.resume();
    await other.exactEvents.poller.pollConnection(connection, { force: true });
    expect(events.map((e) => `${e.type} ${(e.data as { id: string }).id}`)).toEqual([`genericContact.created ${contact}`]);
  });
});
