/**
 * Issue 19's models with an Exact webhook topic, end to end against the sandbox: a change in Exact, its signed
 * notification, the inbox, the record read back, the event. Items (accountingProduct) and PurchaseEntries
 * (accountingBill, whose line changes Exact reports as an Update of the entry).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { glAccountId } from "../../../sandbox/seed-ledger";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import type { NewEvent } from "../../../webhooks/events";
import { captureEvents, summary, waitForInbox } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = ["accountingProduct::list", "accountingProduct::retrieve", "accountingBill::list", "accountingBill::retrieve", "genericCompany::list"];

describe("accountingProduct and accountingBill events", () => {
  let server: TestServer;
  let events: NewEvent[];
  let inboxTotal = 0;
  const arrive = async (n: number) => {
    inboxTotal += n;
    await waitForInbox(server, inboxTotal);
    await server.ctx.exactEvents.processor.drain();
  };

  beforeAll(async () => {
    const captured = captureEvents(["accountingProduct", "accountingBill"]);
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    await server.connect("org_accounting_events", OPERATIONS);
    await server.ctx.exactEvents.subscriptions.sync();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it("an item created, changed and deleted in Exact arrives as three accountingProduct events", async () => {
    const id = String((await server.sandbox.changes.create(DIV, "logistics/Items", { Code: "BR-SPELT", Description: "Speltbrood" })).ID);
    await arrive(1);
    await server.sandbox.changes.update(DIV, "logistics/Items", id, { Description: "Speltbrood heel" });
    await arrive(1);
    await server.sandbox.changes.delete(DIV, "logistics/Items", id);
    await arrive(1);
    expect(summary(events)).toEqual([`accountingProduct.created ${id}`, `accountingProduct.updated ${id}`, `accountingProduct.deleted ${id}`]);
    expect(events[0]).toMatchObject({ data: { id, code: "BR-SPELT", name: "Speltbrood" } });
    expect(events[1]).toMatchObject({ data: { name: "Speltbrood heel" } });
  });

  it("a bill booked in Exact arrives as accountingBill.created; a change of its line as accountingBill.updated", async () => {
    const supplier = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Zuivelhandel Noord", IsSupplier: true })).ID);
    const entry = await server.sandbox.changes.create(DIV, "purchaseentry/PurchaseEntries", {
      Supplier: supplier, Journal: "60", YourRef: "ZN-001", PurchaseEntryLines: [{ GLAccount: glAccountId(DIV, "4000"), AmountFC: 200, Description: "Roomboter" }],
    });
    const id = String(entry.EntryID);
    await arrive(1);
    const [line] = (events[0]?.data as { lines: Array<{ id: string }> }).lines;
    await server.sandbox.changes.update(DIV, "purchaseentry/PurchaseEntryLines", String(line?.id), { AmountFC: 250 });
    await arrive(1);
    expect(summary(events)).toEqual([`accountingBill.created ${id}`, `accountingBill.updated ${id}`]);
    expect(events[0]).toMatchObject({ data: { id, supplier: { id: supplier }, reference: "ZN-001", totalAmount: 218, taxAmount: 18 } });
    expect(events[1]).toMatchObject({ data: { totalAmount: 272.5, taxAmount: 22.5 } });
  });
});
