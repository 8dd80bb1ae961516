import { describe, expect, test } from "vitest";
import { accountingTaxRate, percentOf } from "./accounting-tax-rate";

const exactVatCode = {
  ID: "0b7d6e1a-3c2f-4e5d-8a9b-1c2d3e4f5a6b",
  Code: "1",
  Description: "Btw laag tarief",
  Percentage: 0.09,
  Type: "E",
  VATTransactionType: "B",
  Charged: false,
  GLToPay: "11111111-1111-4111-8111-111111111111",
  GLToClaim: "22222222-2222-4222-8222-222222222222",
  IsBlocked: false,
  Created: "/Date(1735714800000)/",
  Modified: "/Date(1735714800000)/",
  VATPercentages: {
    results: [
      { ID: "a", LineNumber: 2, Percentage: 0.09, StartDate: "/Date(1546300800000)/", EndDate: null },
      { ID: "b", LineNumber: 1, Percentage: 0.06, StartDate: "/Date(978307200000)/", EndDate: "/Date(1546214400000)/" },
    ],
  },
};

describe("accountingTaxRate.toUnified", () => {
  test("maps a VAT code with today's rate as a percentage and its dated history, oldest first", () => {
    expect(accountingTaxRate.toUnified(exactVatCode)).toEqual({
      id: "0b7d6e1a-3c2f-4e5d-8a9b-1c2d3e4f5a6b",
      createdAt: "2025-01-01T07:00:00.000Z",
      updatedAt: "2025-01-01T07:00:00.000Z",
      code: "1",
      name: "Btw laag tarief",
      rate: 9,
      calculation: "excluding",
      usage: "both",
      isReverseCharge: false,
      payableAccount: { id: "11111111-1111-4111-8111-111111111111" },
      claimableAccount: { id: "22222222-2222-4222-8222-222222222222" },
      isBlocked: false,
      rates: [
        { rate: 6, startDate: "2001-01-01", endDate: "2018-12-31" },
        { rate: 9, startDate: "2019-01-01", endDate: null },
      ],
    });
  });

  test("percentages come out without floating-point noise", () => {
    expect(percentOf(0.21)).toBe(21);
    expect(percentOf(0.07)).toBe(7);
    expect(percentOf(0.055)).toBe(5.5);
    expect(percentOf(null)).toBeNull();
  });

  test("reads only: no create or update schema, and $expand brings the percentages", () => {
    expect(accountingTaxRate.actions).toEqual(["list", "retrieve"]);
    expect(accountingTaxRate.createSchema).toBeUndefined();
    expect(accountingTaxRate.expand).toBe("VATPercentages");
  });
});
