import { describe, expect, test } from "vitest";
import { postingsOf } from "./ledger";
import { purchaseEntryPostings } from "./purchase-postings";
import { createSeededState } from "./seed";
import { glAccountId } from "./seed-ledger";
import { PAYMENTS } from "./entities-cashflow";
import { PURCHASE_ENTRIES } from "./entities-purchase";
import { tableOf } from "./state";

const MAIN = 1234567;
const sum = (amounts: number[]) => Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100;

describe("the seeded bills in the books", () => {
  const state = createSeededState(60);
  const postings = purchaseEntryPostings(state, MAIN);

  test("every purchase booking balances, and the whole ledger still sums to zero", () => {
    expect(postings.length).toBeGreaterThan(0);
    expect(sum(postings.map((p) => p.amount))).toBe(0);
    expect(sum(postingsOf(state, MAIN).map((p) => p.amount))).toBe(0);
  });

  test("Crediteuren (1600) is credited the bills' totals; 1520 is debited their VAT", () => {
    const bills = [...tableOf(state, MAIN, PURCHASE_ENTRIES).values()];
    const credited = sum(postings.filter((p) => p.glAccount === glAccountId(MAIN, "1600")).map((p) => p.amount));
    expect(credited).toBe(-sum(bills.map((b) => Number(b.AmountDC))));
    const claimed = sum(postings.filter((p) => p.glAccount === glAccountId(MAIN, "1520")).map((p) => p.amount));
    expect(claimed).toBe(sum(bills.map((b) => Number(b.VATAmountDC))));
  });

  test("what is still owed to suppliers (open payments) is the unpaid processed bills", () => {
    const open = [...tableOf(state, MAIN, PAYMENTS).values()].filter((p) => p.Status === 20);
    const unpaid = [...tableOf(state, MAIN, PURCHASE_ENTRIES).values()].filter((b) => b.Status === 50 && open.some((p) => p.TransactionEntryID === b.EntryID));
    expect(open.length).toBe(3);
    expect(sum(open.map((p) => Number(p.AmountDC)))).toBe(sum(unpaid.map((b) => Number(b.AmountDC))));
  });
});
