/**
 * Exact → us, end to end over real HTTP against the sandbox: a change in Exact, the sandbox's signed
 * notification to our listening server, the inbox, the processor's batched reads, and the events emitted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { findConnection } from "../../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import type { NewEvent } from "../../../webhooks/events";
import { CLAIM_MS } from "./inbox-processor";
import { claimInboxEvents, countInbox } from "./inbox-repo";
import { captureEvents, json, summary, waitForInbox } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = [
  "genericContact::list", "genericContact::retrieve", "genericCompany::list",
  "accountingInvoice::list", "accountingInvoice::retrieve", "accountingInvoiceItem::list", "proxy::read",
];

describe("Exact's notifications become events", () => {
  let server: TestServer;
  let events: NewEvent[];
  let accountId: string;
  let inboxTotal = 0;
  const processor = () => server.ctx.exactEvents.processor;
  /** Waits for `n` more notifications to arrive, then processes the inbox. */
  const arrive = async (n: number) => {
    inboxTotal += n;
    await waitForInbox(server, inboxTotal);
    await processor().drain();
  };
  const proxyFirst = async (path: string): Promise<Record<string, unknown>> =>
    (await json<{ d: { results: Array<Record<string, unknown>> } }>(server.backend(`/v1/proxy/api/v1/{division}/${path}`, { ownerId: "org_events" }))).d.results[0]!;

  beforeAll(async () => {
    const captured = captureEvents(["genericContact", "accountingInvoice", "accountingInvoiceItem"]);
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    await server.connect("org_events", OPERATIONS);
    await server.ctx.exactEvents.subscriptions.sync();
    accountId = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Webhook B.V." })).ID);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it("a contact created, updated and deleted in Exact arrives as three events", async () => {
    const created = await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, FirstName: "Femke", LastName: "Jansen" });
    const id = String(created.ID);
    await arrive(1);
    await server.sandbox.changes.update(DIV, "crm/Contacts", id, { FirstName: "Fenna" });
    await arrive(1);
    await server.sandbox.changes.delete(DIV, "crm/Contacts", id);
    await arrive(1);

    expect(summary(events)).toEqual([`genericContact.created ${id}`, `genericContact.updated ${id}`, `genericContact.deleted ${id}`]);
    const connection = (await findConnection(server.ctx.db, "exact-online", "org_events"))!.id;
    expect(events[0]).toMatchObject({ connectionId: connection, ownerId: "org_events", model: "genericContact", action: "created", data: { id, firstName: "Femke", lastName: "Jansen", company: { id: accountId } } });
    expect(events[0]!.raw).toMatchObject({ ID: id, FirstName: "Femke" });
    expect(events[1]).toMatchObject({ action: "updated", data: { firstName: "Fenna" } });
    expect(events[2]).toEqual({ type: "genericContact.deleted", connectionId: connection, ownerId: "org_events", division: DIV, model: "genericContact", action: "deleted", data: { id } });
    expect(await countInbox(server.ctx.db, "done")).toBe(3);
    events.length = 0;
  });

  it("reads many notified records in far fewer calls than notifications", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: `Batch ${i}` })).ID));
    inboxTotal += 50;
    await waitForInbox(server, inboxTotal);
    const before = server.sandbox.control.stats().restCalls;
    await processor().drain();
    const calls = server.sandbox.control.stats().restCalls - before;
    expect(calls).toBeLessThanOrEqual(2); // 50 keys: two `ID eq … or ID eq …` reads, not 50 GETs
    expect(events.map((e) => e.type)).toEqual(Array(50).fill("genericContact.created"));
    expect(new Set(events.map((e) => (e.data as { id: string }).id))).toEqual(new Set(ids));
    events.length = 0;
  });

  it("an invoice's line added, changed and removed arrive as accountingInvoiceItem events", async () => {
    const item = String((await proxyFirst("logistics/Items?$filter=ID ne guid'00000000-0000-0000-0000-000000000000'&$select=ID&$top=1")).ID);
    const journal = String((await proxyFirst("financial/Journals?$filter=Type eq 20&$select=Code")).Code);
    const invoice = await server.sandbox.changes.create(DIV, "salesinvoice/SalesInvoices", {
      Journal: journal, OrderedBy: accountId, SalesInvoiceLines: [{ Item: item, Quantity: 1 }],
    });
    const invoiceId = String(invoice.InvoiceID);
    await arrive(1);
    const firstLine = events.find((e) => e.type === "accountingInvoiceItem.created");
    expect(events.map((e) => e.type).sort()).toEqual(["accountingInvoice.created", "accountingInvoiceItem.created"]);
    expect(firstLine?.data).toMatchObject({ invoice: { id: invoiceId }, quantity: 1 });
    events.length = 0;

    const added = await server.sandbox.changes.create(DIV, "salesinvoice/SalesInvoiceLines", { InvoiceID: invoiceId, Item: item, Quantity: 2 });
    const addedId = String(added.ID);
    await arrive(1);
    expect(summary(events).sort()).toEqual([`accountingInvoice.updated ${invoiceId}`, `accountingInvoiceItem.created ${addedId}`]);
    events.length = 0;

    await server.sandbox.changes.update(DIV, "salesinvoice/SalesInvoiceLines", addedId, { Quantity: 5 });
    await arrive(1);
    // The first line did not change: nothing for it.
    expect(summary(events).sort()).toEqual([`accountingInvoice.updated ${invoiceId}`, `accountingInvoiceItem.updated ${addedId}`]);
    expect(events.find((e) => e.model === "accountingInvoiceItem")?.data).toMatchObject({ quantity: 5 });
    events.length = 0;

    await server.sandbox.changes.delete(DIV, "salesinvoice/SalesInvoiceLines", addedId);
    await arrive(1);
    expect(summary(events).sort()).toEqual([`accountingInvoice.updated ${invoiceId}`, `accountingInvoiceItem.deleted ${addedId}`]);
    events.length = 0;

    await server.sandbox.changes.delete(DIV, "salesinvoice/SalesInvoices", invoiceId);
    await arrive(1);
    expect(summary(events).sort()).toEqual([`accountingInvoice.deleted ${invoiceId}`, `accountingInvoiceItem.deleted ${String(firstLine?.data && (firstLine.data as { id: string }).id)}`]);
    events.length = 0;
  });

  it("a notification claimed by a process that died is processed once its claim expires", async () => {
    const created = await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: "Survivor" });
    inboxTotal += 1;
    await waitForInbox(server, inboxTotal);
    // Another process claims the row, then dies without finishing.
    const dead = await claimInboxEvents(server.ctx.db, server.clock.now(), 10, CLAIM_MS);
    expect(dead.events).toHaveLength(1);
    expect(await processor().drain()).toBe(0);
    expect(events).toEqual([]);
    server.clock.advance(CLAIM_MS + 1);
    expect(await processor().drain()).toBe(1);
    expect(summary(events)).toEqual([`genericContact.created ${String(created.ID)}`]);
    events.length = 0;
  });

  it("the running processor picks a notification up by itself, and stops cleanly", async () => {
    processor().start();
    try {
      const created = await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: "Live" });
      inboxTotal += 1;
      const deadline = Date.now() + 5_000;
      while (events.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(summary(events)).toEqual([`genericContact.created ${String(created.ID)}`]);
      events.length = 0;
    } finally {
      await processor().stop();
    }
  });
});
