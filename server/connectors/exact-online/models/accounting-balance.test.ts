import { describe, expect, test } from "vitest";
import { accountingBalance } from "./accounting-balance";

const exactRow = {
  ID: 1234567890123,
  GLAccount: "6f1b8c52-1d0e-4c7a-9a55-0e1f2d3c4b5a",
  GLAccountCode: "1100",
  GLAccountDescription: "Bank",
  BalanceType: "B",
  ReportingYear: 2025,
  ReportingPeriod: 1,
  AmountDebit: 18500,
  AmountCredit: 14250,
  Amount: 4250,
  Count: 2,
  Type: 90,
  Status: 50,
};

describe("accountingBalance", () => {
  test("maps a trial balance row: integer key as a string id, no timestamps, Exact's codes as words", () => {
    expect(accountingBalance.toUnified(exactRow)).toEqual({
      id: "1234567890123",
      createdAt: null,
      updatedAt: null,
      ledgerAccount: { id: "6f1b8c52-1d0e-4c7a-9a55-0e1f2d3c4b5a" },
      ledgerAccountCode: "1100",
      ledgerAccountName: "Bank",
      classification: "balanceSheet",
      year: 2025,
      period: 1,
      debit: 18500,
      credit: 14250,
      amount: 4250,
      count: 2,
      transactionType: 90,
      status: "processed",
    });
  });

  test("reads only, keyed by Exact's Int64 ID, filterable by year and period", () => {
    expect(accountingBalance.actions).toEqual(["list", "retrieve"]);
    expect(accountingBalance.createSchema).toBeUndefined();
    expect(accountingBalance.keyLiteral("1234567890123")).toBe("1234567890123");
    expect(accountingBalance.keyLiteral("guid'x'")).toBeUndefined();
    expect(Object.keys(accountingBalance.filters)).toEqual(expect.arrayContaining(["year", "period", "ledgerAccount", "status"]));
  });
});
