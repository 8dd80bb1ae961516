import { describe, expect, test } from "vitest";
import { accountingJournalEntry, imbalanceOf } from "./accounting-journal-entry";

const BANK = "11111111-1111-4111-8111-111111111111";
const SALARIES = "22222222-2222-4222-8222-222222222222";

const exactEntry = {
  EntryID: "3a1c9e7b-5d2f-4b8a-9c6e-7f0a1b2c3d4e",
  EntryNumber: 25900002,
  JournalCode: "90",
  Currency: "EUR",
  FinancialYear: 2025,
  FinancialPeriod: 1,
  Status: 50,
  Type: 90,
  Created: "/Date(1738357200000)/",
  Modified: "/Date(1738357200000)/",
  GeneralJournalEntryLines: {
    results: [
      { ID: "l2", LineNumber: 2, GLAccount: BANK, AmountFC: -14250, Description: "Salarissen januari 2025", Date: "/Date(1738281600000)/", Account: null, VATCode: null, AmountVATFC: null },
      { ID: "l1", LineNumber: 1, GLAccount: SALARIES, AmountFC: 14250, Description: "Salarissen januari 2025", Date: "/Date(1738281600000)/", Account: null, VATCode: null, AmountVATFC: null },
    ],
  },
};

describe("accountingJournalEntry.toUnified", () => {
  test("maps an entry with its lines in order, the lines' date as the entry's", () => {
    expect(accountingJournalEntry.toUnified(exactEntry)).toEqual({
      id: "3a1c9e7b-5d2f-4b8a-9c6e-7f0a1b2c3d4e",
      createdAt: "2025-01-31T21:00:00.000Z",
      updatedAt: "2025-01-31T21:00:00.000Z",
      number: "25900002",
      journal: "90",
      currency: "EUR",
      financialYear: 2025,
      financialPeriod: 1,
      status: "processed",
      type: "other",
      date: "2025-01-31",
      lines: [
        { id: "l1", lineNumber: 1, ledgerAccount: { id: SALARIES }, amount: 14250, description: "Salarissen januari 2025", company: null, taxCode: null, taxAmount: null },
        { id: "l2", lineNumber: 2, ledgerAccount: { id: BANK }, amount: -14250, description: "Salarissen januari 2025", company: null, taxCode: null, taxAmount: null },
      ],
    });
  });
});

describe("accountingJournalEntry writes", () => {
  const balanced = {
    journal: "90",
    date: "2026-01-31",
    lines: [
      { ledgerAccount: { id: SALARIES }, amount: 14250, description: "Salarissen januari 2026" },
      { ledgerAccount: { id: BANK }, amount: -14250 },
    ],
  };

  test("a balanced create becomes Exact's header with inline lines, each dated", () => {
    expect(accountingJournalEntry.toExact!(accountingJournalEntry.createSchema!.parse(balanced))).toEqual({
      JournalCode: "90",
      GeneralJournalEntryLines: [
        { GLAccount: SALARIES, AmountFC: 14250, Description: "Salarissen januari 2026", Date: "2026-01-31T00:00:00" },
        { GLAccount: BANK, AmountFC: -14250, Date: "2026-01-31T00:00:00" },
      ],
    });
  });

  test("lines that do not balance are refused, naming lines and the difference", () => {
    const result = accountingJournalEntry.createSchema!.safeParse({ ...balanced, lines: [balanced.lines[0], { ledgerAccount: { id: BANK }, amount: -14200 }] });
    expect(result.error?.issues[0]).toMatchObject({ path: ["lines"], message: expect.stringContaining("50.00") });
  });

  test("balance is to the cent: 0.1 + 0.2 against 0.3 balances", () => {
    expect(imbalanceOf([{ amount: 0.1 }, { amount: 0.2 }, { amount: -0.3 }])).toBe(0);
    expect(imbalanceOf([{ amount: 0.1 }, { amount: -0.11 }])).toBe(-0.01);
  });

  test("an entry needs a journal and two lines; Exact's journal entries cannot be updated", () => {
    expect(accountingJournalEntry.createSchema!.safeParse({ lines: balanced.lines }).error?.issues[0]?.path).toEqual(["journal"]);
    expect(accountingJournalEntry.createSchema!.safeParse({ ...balanced, lines: [balanced.lines[0]] }).error?.issues[0]?.path).toEqual(["lines"]);
    expect(accountingJournalEntry.updateSchema).toBeUndefined();
    expect(accountingJournalEntry.actions).toEqual(["list", "retrieve", "create"]);
  });
});
