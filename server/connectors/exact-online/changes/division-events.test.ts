/**
 * Issue 18: events per division. A connection holding two divisions gets Exact's subscriptions in both, the
 * poller reads each with its own cursors, every event names its division, and a division removed by PATCH stops
 * its events and releases its subscriptions at Exact. On SQLite and, where installed, on PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAIN_DIVISION, SECOND_DIVISION } from "../../../sandbox/seed-data";
import { connectWithDivisions } from "../../../test-support/granted-divisions";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../../../test-support/postgres";
import type { NewEvent } from "../../../webhooks/events";
import { countInbox } from "./inbox-repo";
import { allSubscriptions } from "./subscriptions-repo";
import { captureEvents, waitForInbox } from "./test-helpers";

const OWNER = "org_div_events";

function divisionEvents(database: "sqlite" | "postgres") {
  let pg: TempPostgres | undefined;
  let server: TestServer;
  let events: NewEvent[];
  let connectionId: string;
  let inboxTotal = 0;
  const accounts = new Map<number, string>();
  const seen = () => events.map((e) => `${e.type} ${e.division} ${(e.data as { id: string }).id}`);
  const addContact = async (division: number, lastName: string) =>
    String((await server.sandbox.changes.create(division, "crm/Contacts", { Account: accounts.get(division)!, LastName: lastName })).ID);
  const subscribedDivisions = async () => [...new Set((await allSubscriptions(server.ctx.db)).filter((r) => r.status === "active").map((r) => Number(r.division)))].sort();
  const cursorDivisions = async () =>
    [...new Set((await server.ctx.db.selectFrom("exact_sync_cursors").select("division").where("connection_id", "=", connectionId).execute()).map((r) => Number(r.division)))].sort();

  beforeAll(async () => {
    if (database === "postgres") pg = startTempPostgres(await freePort());
    const captured = captureEvents(["genericContact"]);
    server = await startTestServer({ listen: true, env: pg ? { DATABASE_URL: pg.url } : {}, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    for (const division of [MAIN_DIVISION, SECOND_DIVISION]) accounts.set(division, String((await server.sandbox.changes.create(division, "crm/Accounts", { Name: `Divisie ${division} B.V.` })).ID));
    const connection = await connectWithDivisions(server, OWNER, ["genericContact::list", "genericContact::retrieve"], [MAIN_DIVISION, SECOND_DIVISION], [MAIN_DIVISION, SECOND_DIVISION]);
    connectionId = connection.id;
    await server.ctx.exactEvents.subscriptions.sync();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });
  beforeEach(() => {
    events.length = 0;
  });

  it("subscribes in every division of the connection, and each notification's event carries its division", async () => {
    expect(await subscribedDivisions()).toEqual([MAIN_DIVISION, SECOND_DIVISION]);
    const inMain = await addContact(MAIN_DIVISION, "Hoofdkantoor");
    const inSecond = await addContact(SECOND_DIVISION, "Vastgoed");
    inboxTotal += 2;
    await waitForInbox(server, inboxTotal);
    await server.ctx.exactEvents.processor.drain();
    expect(seen().sort()).toEqual([`genericContact.created ${MAIN_DIVISION} ${inMain}`, `genericContact.created ${SECOND_DIVISION} ${inSecond}`].sort());
    expect(events.every((e) => e.connectionId === connectionId)).toBe(true);
  });

  it("polls each division with its own cursors: a change missed by webhooks in the second division comes with its division", async () => {
    await server.ctx.exactEvents.poller.pollConnection(connectionId, { force: true });
    expect(events).toEqual([]); // the baseline of each division is silent (or already known from the webhooks)
    expect(await cursorDivisions()).toEqual([MAIN_DIVISION, SECOND_DIVISION]);
    server.sandbox.webhooks.pause();
    const missed = await addContact(SECOND_DIVISION, "Gemist");
    server.sandbox.webhooks.resume();
    await server.ctx.exactEvents.poller.pollConnection(connectionId, { force: true });
    expect(seen()).toEqual([`genericContact.created ${SECOND_DIVISION} ${missed}`]);
  });

  it("a division removed by PATCH loses its subscriptions at Exact, its poll state and its events; the others keep theirs", async () => {
    const response = await server.backend(`/v1/connections/exact-online/${OWNER}`, { method: "PATCH", body: JSON.stringify({ divisions: [MAIN_DIVISION] }) });
    expect(response.status).toBe(200);
    await server.ctx.exactEvents.subscriptions.sync();
    expect(await subscribedDivisions()).toEqual([MAIN_DIVISION]);
    expect(await cursorDivisions()).toEqual([MAIN_DIVISION]);

    // Exact no longer notifies the second division (its subscription is gone there), and the poller no longer reads it.
    await addContact(SECOND_DIVISION, "Niet meer");
    const kept = await addContact(MAIN_DIVISION, "Nog steeds");
    inboxTotal += 1;
    await waitForInbox(server, inboxTotal);
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a notification that should not come
    expect(await countInbox(server.ctx.db)).toBe(inboxTotal);
    await server.ctx.exactEvents.processor.drain();
    await server.ctx.exactEvents.poller.pollConnection(connectionId, { force: true });
    expect(seen()).toEqual([`genericContact.created ${MAIN_DIVISION} ${kept}`]);
  });
}

describe("events per division (SQLite)", () => divisionEvents("sqlite"));
describe.skipIf(!postgresBinDir())("events per division (PostgreSQL)", () => divisionEvents("postgres"));
