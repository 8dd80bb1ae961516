/** The poller over the sandbox's sync endpoints: silent baseline, changes webhooks missed, and dedupe with webhooks. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { findConnection } from "../../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import type { NewEvent } from "../../../webhooks/events";
import { takePollLease } from "./cursors-repo";
import { insertInboxEvent } from "./inbox-repo";
import { fetchByKeys } from "./record-fetcher";
import { captureEvents, summary, waitForInbox } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = ["genericContact::list", "genericContact::retrieve", "genericUser::list", "accountingInvoice::list", "accountingInvoiceItem::list"];

describe("the poller", () => {
  let server: TestServer;
  let events: NewEvent[];
  let connectionId: string;
  let accountId: string;
  let inboxTotal = 0;
  const poll = () => server.ctx.exactEvents.poller.pollConnection(connectionId, { force: true });
  const drain = async (arrived: number) => {
    inboxTotal += arrived;
    await waitForInbox(server, inboxTotal);
    await server.ctx.exactEvents.processor.drain();
  };

  beforeAll(async () => {
    const captured = captureEvents(["genericContact", "genericUser", "accountingInvoice", "accountingInvoiceItem"]);
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    await server.connect("org_poller", OPERATIONS);
    connectionId = (await findConnection(server.ctx.db, "exact-online", "org_poller"))!.id;
    await server.ctx.exactEvents.subscriptions.sync();
    accountId = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Poll B.V." })).ID);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it("starts with a silent baseline: what already exists emits nothing", async () => {
    const before = server.sandbox.control.stats().restCalls;
    await poll();
    expect(events).toEqual([]);
    // contacts (sync), invoices (sync; each invoice then read with its lines), sync/Deleted, users (whole): a handful of calls
    expect(server.sandbox.control.stats().restCalls - before).toBeLessThan(20);
    await poll();
    expect(events).toEqual([]);
  });

  it("catches changes made while webhooks were off: created, updated, deleted", async () => {
    server.sandbox.webhooks.pause();
    try {
      const kept = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: "Offline" })).ID);
      await poll();
      expect(summary(events)).toEqual([`genericContact.created ${kept}`]);
      events.length = 0;
      await server.sandbox.changes.update(DIV, "crm/Contacts", kept, { LastName: "Offline, changed" });
      await poll();
      expect(summary(events)).toEqual([`genericContact.updated ${kept}`]);
      expect(events[0]?.data).toMatchObject({ lastName: "Offline, changed" });
      events.length = 0;
      await server.sandbox.changes.delete(DIV, "crm/Contacts", kept);
      await poll();
      expect(summary(events)).toEqual([`genericContact.deleted ${kept}`]);
    } finally {
      server.sandbox.webhooks.resume();
    }
  });

  it("does not repeat what a webhook already brought, nor a webhook what the poller brought", async () => {
    const id = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: "Twice" })).ID);
    await drain(1);
    expect(summary(events)).toEqual([`genericContact.created ${id}`]);
    await poll();
    expect(summary(events)).toEqual([`genericContact.created ${id}`]);

    // The poller first, then the late webhook of the same change.
    server.sandbox.webhooks.pause();
    await server.sandbox.changes.update(DIV, "crm/Contacts", id, { LastName: "Twice, changed" });
    server.sandbox.webhooks.resume();
    await poll();
    expect(events.map((e) => e.type)).toEqual(["genericContact.created", "genericContact.updated"]);
    // Exact's notification of that change, arriving late
    await insertInboxEvent(server.ctx.db, { division: DIV, topic: "Contacts", action: "Update", key: id, eventCreatedOn: null }, server.clock.now());
    inboxTotal += 1;
    await server.ctx.exactEvents.processor.drain();
    expect(events.map((e) => e.type)).toEqual(["genericContact.created", "genericContact.updated"]);

    // Deleted: the webhook's tombstone keeps sync/Deleted from saying it again.
    await server.sandbox.changes.delete(DIV, "crm/Contacts", id);
    await drain(1);
    await poll();
    expect(events.map((e) => e.type)).toEqual(["genericContact.created", "genericContact.updated", "genericContact.deleted"]);
  });

  it("catches an invoice line changed while webhooks were off", async () => {
    await poll(); // baseline of whatever the previous tests left
    events.length = 0;
    server.sandbox.webhooks.pause();
    try {
      // Any seeded invoice that can still change: its first line's quantity goes up by one.
      const connection = (await findConnection(server.ctx.db, "exact-online", "org_poller"))!;
      const page = await server.ctx.exact.call(connection, { url: "/api/v1/{division}/salesinvoice/SalesInvoices", query: { $filter: "Status eq 10", $select: "InvoiceID", $top: "1" } });
      const invoiceId = String((page.body as { d: { results: Array<{ InvoiceID: string }> } }).d.results[0]!.InvoiceID);
      const invoice = (await fetchByKeys(server.ctx.exact, connection, server.ctx.models.get("accountingInvoice")!, [invoiceId])).get(invoiceId)!;
      const line = (invoice.SalesInvoiceLines as { results: Array<{ ID: string; Quantity: number }> }).results[0]!;
      await server.sandbox.changes.update(DIV, "salesinvoice/SalesInvoiceLines", line.ID, { Quantity: line.Quantity + 1 });
      await poll();
      expect(summary(events).sort()).toEqual([`accountingInvoice.updated ${invoiceId}`, `accountingInvoiceItem.updated ${line.ID}`]);
    } finally {
      server.sandbox.webhooks.resume();
    }
  });

  // Contacts have a healthy subscription here: read at the reconciliation interval (poll-schedule.test.ts has the rest).
  it("a tick polls a connection once it is due (contacts, which webhooks cover: at the reconciliation interval), not before", async () => {
    await poll();
    const before = server.sandbox.control.stats().restCalls;
    await server.ctx.exactEvents.poller.tick();
    expect(server.sandbox.control.stats().restCalls).toBe(before);
    server.clock.advance(server.ctx.exactEvents.poller.reconcileIntervalMs + 1);
    server.sandbox.webhooks.pause();
    const id = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: "Ticked" })).ID);
    server.sandbox.webhooks.resume();
    await server.ctx.exactEvents.poller.tick();
    expect(summary(events)).toEqual([`genericContact.created ${id}`]);
  });

  it("polls one connection at a time across instances: a held lease is not polled again", async () => {
    expect(await takePollLease(server.ctx.db, connectionId, server.clock.now(), 60_000, true)).toBe(true);
    const before = server.sandbox.control.stats().restCalls;
    await poll();
    expect(server.sandbox.control.stats().restCalls).toBe(before);
    server.clock.advance(60_001);
    await poll();
    expect(server.sandbox.control.stats().restCalls).toBeGreaterThan(before);
  });
});
