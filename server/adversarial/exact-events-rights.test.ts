/**
 * Issue 14, findings 1, 11 and 9 (Exact's side), against the real server, the sandbox over HTTP and the real
 * outbox, on SQLite and (when its binaries are installed) PostgreSQL:
 * - an event, a poll or a fan-out never gives a connection a record its own Exact user may not read;
 * - replayed or repeated notifications of one record are stored once and cost one read;
 * - a signed notification holding a NUL or a division beyond 32 bits is refused like other bad content, never 500.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Operation } from "../../src/protocol";
import { countInbox } from "../connectors/exact-online/changes/inbox-repo";
import { exactHashCode } from "../connectors/exact-online/changes/receiver-hash";
import { allSubscriptions } from "../connectors/exact-online/changes/subscriptions-repo";
import { waitFor, waitForInbox } from "../connectors/exact-online/changes/test-helpers";
import { eventCreatedOn } from "../sandbox";
import { sandboxFaults } from "../sandbox/faults";
import { findConnection } from "../storage/connections-repo";
import { startTestServer, type TestServer } from "../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../webhooks/delivery-worker";

const DIV = 1234567;
const READS: Operation[] = ["genericContact::list", "genericContact::retrieve"];
const CONTACT_EVENTS = ["genericContact.created", "genericContact.updated", "genericContact.deleted"];
/** Connected while Exact refused its user `crm/Contacts GET`: UserHasRights recorded the refusal. */
const REFUSED = "org_rights_refused";
/** Connected while Exact could not say (UserHasRights failed): its rights are unknown. */
const UNKNOWN = "org_rights_unknown";
/** Connected with the right. */
const ALLOWED = "org_rights_allowed";

const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

describe.each(DATABASES)("Exact's events respect each connection's rights, on $name", ({ postgres }) => {
  let pg: TempPostgres | undefined;
  let server: TestServer;
  let worker: DeliveryWorker;
  const receivers = new Map<string, WebhookReceiver>();
  let inboxTotal = 0;
  let accountId: string;

  const connectionId = async (ownerId: string) => (await findConnection(server.ctx.db, "exact-online", ownerId))!.id;
  const eventsFor = async (ownerId: string) =>
    server.ctx.db.selectFrom("webhook_events").select(["type", "data", "raw"]).where("owner_id", "=", ownerId).where("model", "=", "genericContact").execute();
  const signed = (content: Record<string, unknown>) => {
    const text = JSON.stringify({ Topic: "Contacts", ClientId: "sandbox-client-id", Division: DIV, ExactOnlineEndpoint: "x", ...content });
    return `{"Content":${text},"HashCode":"${exactHashCode(text, server.sandbox.options.webhookSecret)}"}`;
  };
  const post = (body: string) => server.app.request("/v1/exact/webhooks", { method: "POST", headers: { "content-type": "application/json" }, body });
  /** A contact made in Exact while its webhooks are off: only the notifications the test sends name it. */
  const quietContact = async (lastName: string) => {
    server.sandbox.webhooks.pause();
    try {
      return String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: lastName })).ID);
    } finally {
      server.sandbox.webhooks.resume();
    }
  };

  /**
   * Processes the inbox until nothing is pending. A flood keeps the event loop busy for seconds while the
   * client's keep-alive socket to the sandbox sits idle; the sandbox may close it just as the next read goes
   * out (ECONNRESET, before the read reaches it). The processor retries that like any transport error.
   */
  const drainUntilDone = async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await server.ctx.exactEvents.processor.drain();
      if ((await countInbox(server.ctx.db, "pending")) === 0) return;
      server.clock.advance(60_000);
    }
    throw new Error("the inbox did not drain");
  };

  beforeAll(async () => {
    pg = postgres ? startTempPostgres(await freePort()) : undefined;
    server = await startTestServer({ listen: true, env: pg ? { DATABASE_URL: pg.url } : {}, sandbox: { minutelyLimit: 10_000 } });

    server.sandbox.control.setUserRight("crm/Contacts", "GET", false);
    await server.connect(REFUSED, READS);
    server.sandbox.control.setUserRight("crm/Contacts", "GET", true);
    const unknownRights = sandboxFaults(server.sandbox).inject({ target: "users/UserHasRights", fault: { kind: "status", status: 503 } });
    await server.connect(UNKNOWN, READS);
    unknownRights.remove();
    await server.connect(ALLOWED, READS);

    for (const ownerId of [REFUSED, UNKNOWN, ALLOWED]) {
      const receiver = await startWebhookReceiver();
      receivers.set(ownerId, receiver);
      const created = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url, events: CONTACT_EVENTS, ownerId, includeRaw: true }) });
      expect(created.status).toBe(201);
    }
    await server.ctx.exactEvents.subscriptions.sync();
    await waitFor(async () => (await allSubscriptions(server.ctx.db)).some((row) => row.topic === "Contacts" && row.status === "active"), "the Contacts subscription");
    worker = deliveryWorkerFor(server.ctx, { pollIntervalMs: 50 }).start();
    server.sandbox.webhooks.pause();
    accountId = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Rights B.V." })).ID);
    server.sandbox.webhooks.resume();
  }, 60_000);

  afterAll(async () => {
    await worker?.stop(100);
    for (const receiver of receivers.values()) await receiver.close();
    await server?.close();
    pg?.stop();
  });

  describe("finding 1: a record reaches only connections whose Exact user may read it", () => {
    it("the setting: Exact refused the first owner contacts (403 on its own reads), the others may ask", async () => {
      expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: REFUSED })).status).toBe(403);
      expect((await findConnection(server.ctx.db, "exact-online", REFUSED))!.missingOperations).toEqual(READS);
      expect((await findConnection(server.ctx.db, "exact-online", UNKNOWN))!.missingOperations).toBeNull();
      expect((await findConnection(server.ctx.db, "exact-online", ALLOWED))!.missingOperations).toEqual([]);
    });

    it("Exact's genericContact.updated reaches the allowed owner's endpoint, raw included, and nobody else's", async () => {
      const contact = await quietContact("Before");
      await server.sandbox.changes.update(DIV, "crm/Contacts", contact, { FirstName: "Geheim" });
      inboxTotal += 1;
      await waitForInbox(server, inboxTotal);
      await drainUntilDone();

      const [delivered] = await receivers.get(ALLOWED)!.waitFor(1);
      expect(JSON.parse(delivered!.body)).toMatchObject({ type: "genericContact.updated", ownerId: ALLOWED, data: { id: contact, firstName: "Geheim" }, raw: { FirstName: "Geheim" } });
      // Nothing was written for the others, so nothing can be delivered to them later either.
      expect(await eventsFor(REFUSED)).toEqual([]);
      expect(await eventsFor(UNKNOWN)).toEqual([]);
      expect(receivers.get(REFUSED)!.received).toEqual([]);
      expect(receivers.get(UNKNOWN)!.received).toEqual([]);
    });

    it("the poller reads nothing for a connection that may not read, and gives it nothing", async () => {
      const poller = server.ctx.exactEvents.poller;
      const [refused, allowed] = [await connectionId(REFUSED), await connectionId(ALLOWED)];
      // The first polls are a silent baseline; the change after them is what a poll would tell.
      await poller.pollConnection(refused, { force: true });
      await poller.pollConnection(allowed, { force: true });
      const contact = await quietContact("Polled");
      const before = server.sandbox.control.stats().restCalls;
      await poller.pollConnection(refused, { force: true });
      expect(server.sandbox.control.stats().restCalls).toBe(before); // not even a read with its token
      await poller.pollConnection(allowed, { force: true });

      expect((await eventsFor(REFUSED)).map((e) => e.type)).toEqual([]);
      expect((await eventsFor(ALLOWED)).filter((e) => e.data.includes(contact)).map((e) => e.type)).toEqual(["genericContact.created"]);
    });
  });

  describe("finding 11: replays and repeats of one record's notification are stored once and read once", () => {
    it("500 replays of one signed notification leave one pending row, and one read", async () => {
      const contact = await quietContact("Replayed");
      const body = signed({ Action: "Update", Key: contact, EventCreatedOn: eventCreatedOn(server.clock.now()) });
      const pendingBefore = await countInbox(server.ctx.db, "pending");
      for (let i = 0; i < 500; i++) expect((await post(body)).status).toBe(200);
      expect(await countInbox(server.ctx.db, "pending")).toBe(pendingBefore + 1);

      const before = server.sandbox.control.stats().restCalls;
      await drainUntilDone();
      expect(server.sandbox.control.stats().restCalls - before).toBe(1);
      expect((await eventsFor(ALLOWED)).filter((e) => e.data.includes(contact)).map((e) => e.type)).toEqual(["genericContact.updated"]);
    }, 60_000);

    it("500 distinct notifications of one record collapse into one pending row: one read, one created event", async () => {
      const contact = await quietContact("Busy");
      const start = server.clock.now();
      const pendingBefore = await countInbox(server.ctx.db, "pending");
      for (let i = 0; i < 500; i++) {
        const body = signed({ Action: i === 0 ? "Create" : "Update", Key: contact, EventCreatedOn: eventCreatedOn(start + i) });
        expect((await post(body)).status).toBe(200);
      }
      expect(await countInbox(server.ctx.db, "pending")).toBe(pendingBefore + 1);

      const before = server.sandbox.control.stats().restCalls;
      await drainUntilDone();
      expect(server.sandbox.control.stats().restCalls - before).toBe(1);
      // The Create among the collapsed notifications is not lost: the record is new to the owner.
      expect((await eventsFor(ALLOWED)).filter((e) => e.data.includes(contact)).map((e) => e.type)).toEqual(["genericContact.created"]);
    }, 60_000);

    it("the inbox processor's reads of Exact queue behind interactive calls", async () => {
      const contact = await quietContact("Background");
      const call = vi.spyOn(server.ctx.exact, "call");
      try {
        expect((await post(signed({ Action: "Update", Key: contact, EventCreatedOn: eventCreatedOn(server.clock.now()) }))).status).toBe(200);
        await drainUntilDone();
        expect(call).toHaveBeenCalled();
        for (const [, , options] of call.mock.calls) expect(options).toMatchObject({ background: true });
      } finally {
        call.mockRestore();
      }
    });
  });

  describe("finding 9: a signed notification the inbox cannot hold is refused like other bad content", () => {
    it.each([
      ["a NUL in Key", { Key: "00000000-0000-0000-0000-00000000\u000001" }],
      ["a NUL in EventCreatedOn", { Key: "00000000-0000-0000-0000-0000000000d1", EventCreatedOn: "2026-03-02T09:00:00\u0000" }],
      ["a Division beyond 32 bits", { Key: "00000000-0000-0000-0000-0000000000d2", Division: 2147483648 }],
      ["a Division beyond 32 bits, as text", { Key: "00000000-0000-0000-0000-0000000000d3", Division: "2147483648" }],
    ])("%s", async (_what, content) => {
      const malformed = await post(signed({ Action: "Bogus", Key: "00000000-0000-0000-0000-0000000000d0" }));
      const rowsBefore = await countInbox(server.ctx.db);
      const response = await post(signed({ Action: "Update", EventCreatedOn: "2026-03-02T09:00:00.123", ...content }));
      expect(response.status).not.toBe(500);
      expect(response.status).toBe(malformed.status);
      expect(await response.json()).toEqual(await malformed.json());
      expect(await countInbox(server.ctx.db)).toBe(rowsBefore);
    });
  });
});
