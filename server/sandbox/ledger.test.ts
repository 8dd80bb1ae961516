/**
 * The sandbox's books agree with themselves: every source posts balanced bookings, the trial balance
 * (financial/ReportingBalance) sums to the postings, and the accounts carry what the seeded records say.
 */
import { describe, expect, test } from "vitest";
import { connectSandbox } from "../test-support/sandbox-client";
import { BOOKING_SOURCES, postingsOf, reportingBalances } from "./ledger";
import { MAIN_DIVISION, SECOND_DIVISION } from "./seed-data";
import { GL_ACCOUNT_SEEDS, VAT_CODE_SEEDS, glAccountId } from "./seed-ledger";
import { createSeededState } from "./seed";
import type { Row } from "./state";
import { tableOf } from "./state";

/** To the cent, and without a negative zero. */
const cents = (n: number): number => Math.round(n * 100) / 100 || 0;
const sum = (rows: Iterable<Row>, field: string): number => cents([...rows].reduce((total, row) => total + Number(row[field] ?? 0), 0));

describe.each([MAIN_DIVISION, SECOND_DIVISION])("division %i", (division) => {
  const state = createSeededState(60);
  const balances = [...reportingBalances(state, division).values()];
  const byAccount = (code: string) => balances.filter((b) => b.GLAccount === glAccountId(division, code));

  test("the chart of accounts and the VAT codes are seeded, VAT codes pointing at VAT accounts", () => {
    expect(tableOf(state, division, "financial/GLAccounts").size).toBe(GL_ACCOUNT_SEEDS.length);
    const accounts = tableOf(state, division, "financial/GLAccounts");
    for (const code of tableOf(state, division, "vat/VATCodes").values()) {
      for (const link of [code.GLToPay, code.GLToClaim]) if (link !== null) expect(accounts.get(String(link))?.Type).toBe(24);
    }
    expect(tableOf(state, division, "vat/VATCodes").size).toBe(VAT_CODE_SEEDS.length);
  });

  test("every booking source posts balanced bookings", () => {
    for (const source of BOOKING_SOURCES) expect(cents(source(state, division).reduce((total, p) => total + p.amount, 0)), source.name).toBe(0);
  });

  test("the trial balance sums to zero and to the postings, debit and credit apart", () => {
    const postings = postingsOf(state, division);
    expect(postings.length).toBeGreaterThan(10);
    expect(sum(balances, "Amount")).toBe(0);
    expect(sum(balances, "AmountDebit")).toBe(cents(postings.filter((p) => p.amount > 0).reduce((t, p) => t + p.amount, 0)));
    expect(sum(balances, "Count")).toBe(postings.length);
    for (const row of balances) expect(cents(Number(row.AmountDebit) - Number(row.AmountCredit))).toBe(row.Amount);
  });

  test("Debiteuren carries the processed sales invoices, including VAT; drafts and open invoices are not booked", () => {
    const processed = [...tableOf(state, division, "salesinvoice/SalesInvoices").values()].filter((i) => i.Status === 50);
    expect(processed.length).toBeGreaterThan(0);
    expect(sum(byAccount("1300"), "Amount")).toBe(sum(processed, "AmountDC"));
    const revenue = sum([...byAccount("8000"), ...byAccount("8010")], "Amount");
    const vat = sum([...byAccount("1500"), ...byAccount("1510")], "Amount");
    expect(revenue).toBe(-sum(processed, "AmountDCExclVat"));
    // The VAT accounts hold what the invoices charged less what the quarterly returns paid.
    const returns = [...tableOf(state, division, "generaljournalentry/GeneralJournalEntryLines").values()]
      .filter((l) => l.GLAccount === glAccountId(division, "1500") || l.GLAccount === glAccountId(division, "1510"));
    expect(vat).toBe(cents(-sum(processed, "VATAmountDC") + sum(returns, "AmountDC")));
  });

  test("each row is one year, period, account, type and status, with the account's code and classification", () => {
    const keys = balances.map((b) => `${String(b.ReportingYear)}:${String(b.ReportingPeriod)}:${String(b.GLAccount)}:${String(b.Type)}:${String(b.Status)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(balances.map((b) => b.ID)).size).toBe(balances.length);
    const opening = byAccount("1100").find((b) => b.Type === 10);
    expect(opening).toMatchObject({ ReportingYear: 2025, ReportingPeriod: 1, GLAccountCode: "1100", GLAccountDescription: "Bank", BalanceType: "B", Status: 50 });
    expect(reportingBalances(state, division).get(String(opening?.ID))).toEqual(opening);
  });
});

test("a new processed booking moves the balance: an entry of 100 on 4500 against 1100", () => {
  const state = createSeededState(60);
  const before = cents([...reportingBalances(state, MAIN_DIVISION).values()].filter((b) => b.GLAccountCode === "4500").reduce((t, b) => t + Number(b.Amount), 0));
  const entryId = "00000000-0000-4000-8000-00000000e001";
  tableOf(state, MAIN_DIVISION, "generaljournalentry/GeneralJournalEntries").set(entryId, { EntryID: entryId, Status: 50, Type: 90 });
  const lines = tableOf(state, MAIN_DIVISION, "generaljournalentry/GeneralJournalEntryLines");
  const date = Date.UTC(2025, 11, 31);
  lines.set("l1", { ID: "l1", EntryID: entryId, GLAccount: glAccountId(MAIN_DIVISION, "4500"), AmountDC: 100, Date: date });
  lines.set("l2", { ID: "l2", EntryID: entryId, GLAccount: glAccountId(MAIN_DIVISION, "1100"), AmountDC: -100, Date: date });
  const after = [...reportingBalances(state, MAIN_DIVISION).values()].filter((b) => b.GLAccountCode === "4500");
  expect(cents(after.reduce((t, b) => t + Number(b.Amount), 0))).toBe(cents(before + 100));
  expect(after.find((b) => b.ReportingPeriod === 12 && b.Type === 90 && b.Status === 50)).toMatchObject({ AmountDebit: 100, Count: 1 });
});

describe("the ledger's Exact endpoints in the sandbox", () => {
  const q = (text: string) => encodeURIComponent(text);

  test("G/L accounts: the bulk endpoint takes only its own filters, the sync endpoint lists every seeded account with a Timestamp", async () => {
    const { api } = await connectSandbox({ minutelyLimit: 1000 });
    const bulk = await api(`/api/v1/${MAIN_DIVISION}/bulk/Financial/GLAccounts?$select=ID,Code&$filter=${q("Type eq 24")}`);
    expect(bulk.status).toBe(200);
    expect(((await bulk.json()) as { d: { results: Row[] } }).d.results.map((a) => a.Code).sort()).toEqual(["1500", "1510", "1520"]);
    // Description is not among BulkFinancialGLAccounts' supported filters.
    expect((await api(`/api/v1/${MAIN_DIVISION}/bulk/Financial/GLAccounts?$select=ID&$filter=${q("Description eq 'Bank'")}`)).status).toBe(400);
    const sync = await api(`/api/v1/${MAIN_DIVISION}/sync/Financial/GLAccounts?$select=ID,Code,Timestamp&$filter=${q("Timestamp gt 1L")}`);
    const rows = ((await sync.json()) as { d: { results: Row[] } }).d.results;
    expect(rows).toHaveLength(GL_ACCOUNT_SEEDS.length);
    expect(rows.every((r) => Number.isInteger(r.Timestamp))).toBe(true);
  });

  test("the trial balance is GET only, and VAT codes expand their percentages", async () => {
    const { api } = await connectSandbox({ minutelyLimit: 1000 });
    const post = await api(`/api/v1/${MAIN_DIVISION}/financial/ReportingBalance`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    const vat = await api(`/api/v1/${MAIN_DIVISION}/vat/VATCodes?$select=Code,VATPercentages&$expand=VATPercentages&$filter=${q("Code eq '2'")}`);
    const [high] = ((await vat.json()) as { d: { results: Array<Row & { VATPercentages: { results: Row[] } }> } }).d.results;
    expect(high?.VATPercentages.results.map((p) => p.Percentage).sort()).toEqual([0.19, 0.21]);
  });
});
