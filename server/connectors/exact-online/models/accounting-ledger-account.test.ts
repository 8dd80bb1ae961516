import { describe, expect, test } from "vitest";
import { accountingLedgerAccount } from "./accounting-ledger-account";

const exactAccount = {
  ID: "6f1b8c52-1d0e-4c7a-9a55-0e1f2d3c4b5a",
  Code: "8000",
  Description: "Omzet hoog tarief",
  Type: 110,
  BalanceType: "W",
  BalanceSide: "C",
  VATCode: "2",
  IsBlocked: false,
  Created: "/Date(1735714800000)/",
  Modified: "/Date(1735714800000)/",
};

describe("accountingLedgerAccount.toUnified", () => {
  test("maps a revenue account: Exact's codes as words, the VAT code as it is", () => {
    expect(accountingLedgerAccount.toUnified(exactAccount)).toEqual({
      id: "6f1b8c52-1d0e-4c7a-9a55-0e1f2d3c4b5a",
      createdAt: "2025-01-01T07:00:00.000Z",
      updatedAt: "2025-01-01T07:00:00.000Z",
      code: "8000",
      name: "Omzet hoog tarief",
      type: "revenue",
      classification: "profitAndLoss",
      balanceSide: "credit",
      taxCode: "2",
      isBlocked: false,
    });
  });

  test.each([
    [12, "bank"],
    [20, "accountsReceivable"],
    [22, "accountsPayable"],
    [24, "vat"],
    [999, null],
  ])("Type %s reads as %s", (type, word) => {
    expect(accountingLedgerAccount.toUnified({ ...exactAccount, Type: type }).type).toBe(word);
  });
});

describe("accountingLedgerAccount writes", () => {
  test("a create maps every field to Exact's property and code", () => {
    const input = accountingLedgerAccount.createSchema!.parse({
      code: " 4600 ", name: "Kantoorkosten", type: "otherCosts", classification: "profitAndLoss", balanceSide: "debit", taxCode: "2",
    });
    expect(accountingLedgerAccount.toExact!(input)).toEqual({
      Code: "4600", Description: "Kantoorkosten", Type: 120, BalanceType: "W", BalanceSide: "D", VATCode: "2",
    });
  });

  test("code and name are required on create, as Exact's Code and Description are", () => {
    const missing = accountingLedgerAccount.createSchema!.safeParse({ name: "Kantoorkosten" });
    expect(missing.error?.issues[0]?.path).toEqual(["code"]);
    expect(accountingLedgerAccount.createSchema!.safeParse({ code: "4600", name: "  " }).error?.issues[0]?.path).toEqual(["name"]);
  });

  test("an unknown type or side is refused by name", () => {
    expect(accountingLedgerAccount.createSchema!.safeParse({ code: "1", name: "x", type: "asset" }).error?.issues[0]?.path).toEqual(["type"]);
    expect(accountingLedgerAccount.updateSchema!.safeParse({ balanceSide: "left" }).error?.issues[0]?.path).toEqual(["balanceSide"]);
  });

  test("an update sends only what changes, and may clear the VAT code", () => {
    expect(accountingLedgerAccount.toExact!(accountingLedgerAccount.updateSchema!.parse({ isBlocked: true, taxCode: null }))).toEqual({ IsBlocked: true, VATCode: null });
  });

  test("lists use the bulk endpoint; filter[code] is one of its filters", () => {
    expect(accountingLedgerAccount.reference?.bulk).toBe("bulk/Financial/GLAccounts");
    expect(accountingLedgerAccount.reference?.bulkFilters).toEqual(expect.arrayContaining(["Code", "Type"]));
    expect(accountingLedgerAccount.filters.code?.exactField).toBe("Code");
  });
});
