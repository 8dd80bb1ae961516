import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { readAmountDue } from "./invoice-amount-due";
import type { ExactRecord, ReadHelpers, UnifiedRecord } from "./types";

const unified = (): UnifiedRecord => ({ id: "x", createdAt: null, updatedAt: null, amountDue: null });

describe("readAmountDue", () => {
  test("a processed invoice owes its unmatched receivables, one not processed its total; one read for the page", async () => {
    const asked: Array<{ path: string; filter?: string }> = [];
    const exact: ReadHelpers = {
      readAll: async (path, query) => {
        asked.push({ path, filter: query.$filter });
        return [
          { InvoiceNumber: 25000001, AmountFC: 100.5 },
          { InvoiceNumber: 25000001, AmountFC: 20 }, // a split receivable: two parts still open
          { InvoiceNumber: 99, AmountFC: 7 }, // not on this page
        ];
      },
    };
    const records: Array<{ raw: ExactRecord; unified: UnifiedRecord }> = [
      { raw: { Status: 50, InvoiceNumber: 25000001, AmountFC: 500 }, unified: unified() },
      { raw: { Status: 50, InvoiceNumber: 25000002, AmountFC: 80 }, unified: unified() },
      { raw: { Status: 10, InvoiceNumber: 25000003, AmountFC: 42.1 }, unified: unified() },
    ];
    await readAmountDue(records, exact);
    expect(records.map((r) => r.unified.amountDue)).toEqual([120.5, 0, 42.1]);
    expect(asked).toEqual([{ path: "bulk/Cashflow/Receivables", filter: "(InvoiceNumber eq 25000001 or InvoiceNumber eq 25000002) and Status ne 50" }]);
  });

  test("no processed invoice on the page: no read at all", async () => {
    const exact: ReadHelpers = { readAll: () => Promise.reject(new Error("not asked")) };
    const records = [{ raw: { Status: 20, InvoiceNumber: 1, AmountFC: 10 }, unified: unified() }];
    await readAmountDue(records, exact);
    expect(records[0]?.unified.amountDue).toBe(10);
  });
});

const OWNER = "org_amount_due";
const OPERATIONS: Operation[] = ["accountingInvoice::list", "accountingInvoice::retrieve", "accountingReceivable::list", "accountingReceivable::retrieve"];
type Page = { data: Array<Record<string, unknown>> };

describe("amountDue through /v1/resources against the sandbox", () => {
  let server: TestServer;
  const get = async (path: string): Promise<Page> => (await (await server.backend(path, { ownerId: OWNER })).json()) as Page;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, OPERATIONS);
  });
  afterAll(async () => {
    await server.close();
  });

  test("agrees with the receivables: open ones owe their total, matched ones nothing; drafts owe all", async () => {
    server.sandbox.control.resetStats();
    const invoices = (await get("/v1/resources/accountingInvoice?limit=100")).data;
    // one page of invoices, one read of their open receivables
    expect(server.sandbox.control.stats().restCalls).toBe(2);
    const receivables = (await get("/v1/resources/accountingReceivable?limit=1000")).data;
    const processed = invoices.filter((i) => i.status === "processed");
    expect(processed.length).toBeGreaterThan(5);
    expect(receivables.length).toBe(processed.length);
    let open = 0;
    for (const invoice of processed) {
      const receivable = receivables.find((r) => r.invoiceNumber === invoice.number);
      expect(receivable, `receivable of ${String(invoice.number)}`).toBeDefined();
      expect(receivable?.amount).toBe(invoice.totalAmount);
      expect(receivable?.company).toEqual(invoice.customer);
      expect(invoice.amountDue).toBe(receivable?.isFullyPaid ? 0 : invoice.totalAmount);
      if (!receivable?.isFullyPaid) open++;
    }
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(processed.length);
    for (const invoice of invoices.filter((i) => i.status !== "processed")) expect(invoice.amountDue).toBe(invoice.totalAmount);
    const one = (await get(`/v1/resources/accountingInvoice/${String(processed[0]?.id)}`)) as unknown as { data: Record<string, unknown> };
    expect(one.data.amountDue).toBe(processed[0]?.amountDue);
  });

  test("receivables can be filtered the way a dunning run needs them", async () => {
    const open = (await get("/v1/resources/accountingReceivable?filter[isFullyPaid]=false&limit=1000")).data;
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) expect(r).toMatchObject({ status: "open", isFullyPaid: false, currency: "EUR" });
  });
});
