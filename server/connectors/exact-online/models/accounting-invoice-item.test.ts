import { describe, expect, test } from "vitest";
import { accountingInvoiceItem, taxRatePercent } from "./accounting-invoice-item";

const INVOICE = "b3991e2e-0f22-4db9-8984-e3de16e3d8bd";
const GL = "aafef5d4-b026-4dc4-9402-53f2ced9eb17";

const exactLine = {
  ID: "bb9240cd-d656-402c-a48a-126547446c52",
  InvoiceID: INVOICE,
  LineNumber: 2,
  Description: "Lunchcatering per persoon",
  Item: "f6f604fe-a363-4ac4-8917-425018fc4814",
  ItemCode: "CA-LUNCH",
  Quantity: 19,
  UnitPrice: 12.5,
  NetPrice: 12.5,
  AmountDC: 237.5,
  AmountFC: 237.5,
  VATCode: "1",
  VATPercentage: 0.09,
  VATAmountDC: 21.38,
  VATAmountFC: 21.38,
  GLAccount: GL,
};

describe("accountingInvoiceItem.toUnified", () => {
  test("maps a line; taxRate is a percentage; no timestamps, as Exact keeps none on lines", () => {
    expect(accountingInvoiceItem.toUnified(exactLine)).toEqual({
      id: "bb9240cd-d656-402c-a48a-126547446c52",
      createdAt: null,
      updatedAt: null,
      invoice: { id: INVOICE },
      lineNumber: 2,
      item: { id: "f6f604fe-a363-4ac4-8917-425018fc4814" },
      itemCode: "CA-LUNCH",
      description: "Lunchcatering per persoon",
      quantity: 19,
      unitPrice: 12.5,
      amount: 237.5,
      taxRate: 9,
      taxCode: "1",
      taxAmount: 21.38,
      glAccount: { id: GL },
    });
  });

  test("taxRatePercent turns Exact's fraction into a clean percentage", () => {
    expect(taxRatePercent(0.21)).toBe(21);
    expect(taxRatePercent(0.09)).toBe(9);
    expect(taxRatePercent(0)).toBe(0);
    expect(taxRatePercent(null)).toBeNull();
  });
});

describe("accountingInvoiceItem writes", () => {
  test("create maps invoice to InvoiceID, item to Item and the rest to Exact's names; LineNumber is Exact's", () => {
    const input = accountingInvoiceItem.createSchema!.parse({
      invoice: { id: INVOICE },
      item: { id: exactLine.Item },
      description: "Bezorgkosten",
      quantity: 1,
      unitPrice: 15,
      taxCode: "2",
      glAccount: { id: GL },
    });
    expect(accountingInvoiceItem.toExact!(input)).toEqual({
      InvoiceID: INVOICE,
      Item: exactLine.Item,
      Description: "Bezorgkosten",
      Quantity: 1,
      UnitPrice: 15,
      VATCode: "2",
      GLAccount: GL,
    });
  });

  test("update sends only what changed and cannot move a line to another invoice", () => {
    expect(accountingInvoiceItem.toExact!(accountingInvoiceItem.updateSchema!.parse({ quantity: 25 }))).toEqual({ Quantity: 25 });
    expect(accountingInvoiceItem.updateSchema!.safeParse({ invoice: { id: INVOICE } }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["invoice"] });
  });

  test("rejects bad input with the field's path", () => {
    const parse = (input: unknown) => accountingInvoiceItem.createSchema!.safeParse(input).error?.issues[0];
    const valid = { invoice: { id: INVOICE }, item: { id: exactLine.Item }, description: "x", quantity: 1, unitPrice: 1 };
    expect(parse({ ...valid, invoice: undefined })?.path).toEqual(["invoice"]);
    expect(parse({ ...valid, item: undefined })?.path).toEqual(["item"]);
    expect(parse({ ...valid, unitPrice: "1" })?.path).toEqual(["unitPrice"]);
    expect(parse({ ...valid, lineNumber: 1 })).toMatchObject({ code: "unrecognized_keys", keys: ["lineNumber"] });
    expect(parse({ ...valid, amount: 10 })).toMatchObject({ code: "unrecognized_keys", keys: ["amount"] });
  });
});

test("keyLiteral rejects malformed ids", () => {
  expect(accountingInvoiceItem.keyLiteral("1' or 1 eq 1")).toBeUndefined();
  expect(accountingInvoiceItem.keyLiteral(exactLine.ID)).toBe(`guid'${exactLine.ID}'`);
});
