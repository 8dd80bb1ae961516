/**
 * The ledger models' events, end to end against the sandbox: a G/L account changed in Exact arrives through the
 * GLAccounts topic, a journal entry through the GeneralJournalEntries topic (its lines included).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import type { NewEvent } from "../../../webhooks/events";
import { captureEvents, summary, waitForInbox } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = [
  "accountingLedgerAccount::list", "accountingLedgerAccount::retrieve", "accountingJournalEntry::list", "accountingJournalEntry::retrieve",
];

describe("ledger changes in Exact become events", () => {
  let server: TestServer;
  let events: NewEvent[];
  let inboxTotal = 0;
  const arrive = async (n: number) => {
    inboxTotal += n;
    await waitForInbox(server, inboxTotal);
    await server.ctx.exactEvents.processor.drain();
  };

  beforeAll(async () => {
    const captured = captureEvents(["accountingLedgerAccount", "accountingJournalEntry"]);
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    await server.connect("org_ledger_events", OPERATIONS);
    await server.ctx.exactEvents.subscriptions.sync();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it("a ledger account created, renamed and deleted arrives as three events", async () => {
    const created = await server.sandbox.changes.create(DIV, "financial/GLAccounts", { Code: "4650", Description: "Representatiekosten", Type: 120, BalanceType: "W" });
    const id = String(created.ID);
    await arrive(1);
    await server.sandbox.changes.update(DIV, "financial/GLAccounts", id, { Description: "Representatie- en reiskosten" });
    await arrive(1);
    await server.sandbox.changes.delete(DIV, "financial/GLAccounts", id);
    await arrive(1);
    expect(summary(events)).toEqual([`accountingLedgerAccount.created ${id}`, `accountingLedgerAccount.updated ${id}`, `accountingLedgerAccount.deleted ${id}`]);
    expect(events[0]).toMatchObject({ data: { code: "4650", name: "Representatiekosten", type: "otherCosts", classification: "profitAndLoss" } });
    expect(events[1]).toMatchObject({ data: { name: "Representatie- en reiskosten" } });
  });

  it("a journal entry booked in Exact arrives with its lines", async () => {
    const response = await server.backend("/v1/resources/accountingLedgerAccount?limit=100", { ownerId: "org_ledger_events" });
    const accounts = ((await response.json()) as { data: Array<{ id: string; code: string }> }).data;
    const id = (code: string) => String(accounts.find((a) => a.code === code)?.id);
    const entry = await server.sandbox.changes.create(DIV, "generaljournalentry/GeneralJournalEntries", {
      JournalCode: "90",
      GeneralJournalEntryLines: [
        { GLAccount: id("4100"), AmountFC: 1850, Description: "Huur december" },
        { GLAccount: id("1100"), AmountFC: -1850, Description: "Huur december" },
      ],
    });
    await arrive(1);
    expect(summary(events)).toEqual([`accountingJournalEntry.created ${String(entry.EntryID)}`]);
    expect(events[0]).toMatchObject({
      data: { journal: "90", status: "open", lines: [expect.objectContaining({ amount: 1850, ledgerAccount: { id: id("4100") } }), expect.objectContaining({ amount: -1850 })] },
    });
  });
});
