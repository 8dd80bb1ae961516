import { describe, expect, test } from "vitest";
import { accountingInvoice } from "./accounting-invoice";

const CUSTOMER = "53e461a1-8d50-446a-8011-e6e60c1cf5cf";
const ORDERER = "cde5911b-6faa-4b7e-b447-a386eed10f65";
const GL = "aafef5d4-b026-4dc4-9402-53f2ced9eb17";
const ITEM = "f6f604fe-a363-4ac4-8917-425018fc4814";
const ONE_LINE = [{ item: { id: ITEM }, quantity: 1 }];

const line = (ID: string, LineNumber: number) => ({ ID, InvoiceID: "29582a29-8bca-4ca0-afac-7131ec84f8f5", LineNumber, Description: "Speculaas (kg)" });

// As the sandbox sends it with $expand=SalesInvoiceLines.
const exactInvoice = {
  InvoiceID: "29582a29-8bca-4ca0-afac-7131ec84f8f5",
  InvoiceNumber: 25000002,
  InvoiceTo: CUSTOMER,
  InvoiceToName: "Basisschool De Regenboog",
  OrderedBy: ORDERER,
  InvoiceDate: "/Date(1761494091000)/",
  DueDate: "/Date(1764086091000)/",
  Currency: "EUR",
  AmountDC: 1644.37,
  AmountFC: 1644.37,
  AmountFCExclVat: 1508.6,
  VATAmountDC: 135.77,
  VATAmountFC: 135.77,
  Status: 20,
  Type: 8020,
  Description: "Levering oktober 2025",
  Journal: "70",
  Created: "/Date(1761494091000)/",
  Modified: "/Date(1761926091000)/",
  SalesInvoiceLines: { results: [line("d960ee02-0c22-4641-902f-7cac49b0bcea", 1), line("ee31fc2e-41bc-4f6f-a929-d6a44eb72870", 2)] },
};

describe("accountingInvoice.toUnified", () => {
  test("maps an invoice with its expanded lines", () => {
    expect(accountingInvoice.toUnified(exactInvoice)).toEqual({
      id: "29582a29-8bca-4ca0-afac-7131ec84f8f5",
      createdAt: "2025-10-26T15:54:51.000Z",
      updatedAt: "2025-10-31T15:54:51.000Z",
      number: "25000002",
      customer: { id: CUSTOMER },
      company: { id: ORDERER },
      journal: "70",
      issueDate: "2025-10-26",
      dueDate: "2025-11-25",
      currency: "EUR",
      totalAmount: 1644.37,
      totalAmountExcludingTax: 1508.6,
      taxAmount: 135.77,
      status: "open",
      type: "invoice",
      description: "Levering oktober 2025",
      items: [{ id: "d960ee02-0c22-4641-902f-7cac49b0bcea" }, { id: "ee31fc2e-41bc-4f6f-a929-d6a44eb72870" }],
      // read from cashflow/Receivables after the page (completeRead), not from the invoice itself
      amountDue: null,
    });
  });

  test("company falls back to the customer; a credit note in draft; lines as a bare array or not expanded", () => {
    const unified = accountingInvoice.toUnified({ ...exactInvoice, OrderedBy: null, Status: 10, Type: 8021, SalesInvoiceLines: [line("a7ec7a86-87b3-48d3-b92b-5b03add1baa6", 1)] });
    expect(unified.company).toEqual({ id: CUSTOMER });
    expect(unified.status).toBe("draft");
    expect(unified.type).toBe("creditNote");
    expect(unified.items).toEqual([{ id: "a7ec7a86-87b3-48d3-b92b-5b03add1baa6" }]);
    const deferred = { __deferred: { uri: "http://x/SalesInvoiceLines" } };
    expect(accountingInvoice.toUnified({ ...exactInvoice, SalesInvoiceLines: deferred }).items).toEqual([]);
    expect(accountingInvoice.toUnified({ ...exactInvoice, Status: 50 }).status).toBe("processed");
  });
});

describe("accountingInvoice writes", () => {
  test("create: customer also becomes OrderedBy, dates become Exact calendar dates, items become SalesInvoiceLines selling items", () => {
    const input = accountingInvoice.createSchema!.parse({
      customer: { id: CUSTOMER },
      journal: "70",
      dueDate: "2026-03-02T12:00:00+01:00",
      currency: "EUR",
      description: "Levering januari 2026",
      items: [
        { item: { id: ITEM }, description: "Volkorenbrood", quantity: 20, unitPrice: 3.45, taxCode: "1", glAccount: { id: GL } },
        { item: { id: ITEM }, quantity: 1 },
      ],
    });
    expect(accountingInvoice.toExact!(input)).toEqual({
      InvoiceTo: CUSTOMER,
      OrderedBy: CUSTOMER,
      Journal: "70",
      DueDate: "2026-03-02T00:00:00",
      Currency: "EUR",
      Description: "Levering januari 2026",
      SalesInvoiceLines: [
        { Item: ITEM, Description: "Volkorenbrood", Quantity: 20, UnitPrice: 3.45, VATCode: "1", GLAccount: GL },
        { Item: ITEM, Quantity: 1 },
      ],
    });
  });

  test("create: an explicit company is kept, type creditNote is 8021", () => {
    const input = accountingInvoice.createSchema!.parse({ customer: { id: CUSTOMER }, company: { id: ORDERER }, type: "creditNote", items: ONE_LINE });
    expect(accountingInvoice.toExact!(input)).toEqual({ InvoiceTo: CUSTOMER, OrderedBy: ORDERER, Type: 8021, SalesInvoiceLines: [{ Item: ITEM, Quantity: 1 }] });
  });

  test("create: without a journal, the division's only sales journal; with none or several, the caller must choose", async () => {
    const complete = (journals: Array<{ code: string; description: string | null }>) =>
      accountingInvoice.completeCreate!({ customer: { id: CUSTOMER } }, { salesJournals: async () => journals, purchaseJournals: async () => [] });
    expect(await complete([{ code: "70", description: "Verkoopboek" }])).toMatchObject({ journal: "70" });
    const several = [{ code: "70", description: "Verkoop" }, { code: "71", description: "Verkoop huur" }];
    await expect(complete(several)).rejects.toMatchObject({ code: "VALIDATION_ERROR", details: { field: "journal", journals: several } });
    await expect(complete([])).rejects.toMatchObject({ code: "VALIDATION_ERROR", details: { journals: [] } });
    const given = await accountingInvoice.completeCreate!({ journal: "71" }, { salesJournals: () => Promise.reject(new Error("not asked")), purchaseJournals: () => Promise.reject(new Error("not asked")) });
    expect(given).toEqual({ journal: "71" });
  });

  test("update: changing the customer does not move OrderedBy, and lines cannot be sent", () => {
    expect(accountingInvoice.toExact!(accountingInvoice.updateSchema!.parse({ customer: { id: ORDERER } }))).toEqual({ InvoiceTo: ORDERER });
    const withItems = accountingInvoice.updateSchema!.safeParse({ items: [] });
    expect(withItems.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["items"] });
    expect(accountingInvoice.updateSchema!.safeParse({}).success).toBe(false);
  });

  test("rejects bad input with the field's path", () => {
    const parse = (input: unknown) => accountingInvoice.createSchema!.safeParse(input).error?.issues[0];
    expect(parse({ items: ONE_LINE })?.path).toEqual(["customer"]);
    expect(parse({ customer: { id: "1' or 1 eq 1" }, items: ONE_LINE })?.path).toEqual(["customer", "id"]);
    expect(parse({ customer: { id: CUSTOMER }, items: ONE_LINE, issueDate: "2026-01-31" })).toMatchObject({ path: ["issueDate"], message: /invoice date/ });
    expect(parse({ customer: { id: CUSTOMER }, items: ONE_LINE, currency: "euro" })?.path).toEqual(["currency"]);
    expect(parse({ customer: { id: CUSTOMER } })?.path).toEqual(["items"]);
    expect(parse({ customer: { id: CUSTOMER }, items: [] })).toMatchObject({ path: ["items"], message: /at least one line/ });
    expect(parse({ customer: { id: CUSTOMER }, items: [{ item: { id: ITEM }, quantity: "2" }] })?.path).toEqual(["items", 0, "quantity"]);
    expect(parse({ customer: { id: CUSTOMER }, items: [{ description: "free text", quantity: 2, unitPrice: 1 }] })?.path).toEqual(["items", 0, "item"]);
    expect(parse({ customer: { id: CUSTOMER }, items: [{ item: { id: ITEM }, quantity: 1, unitPrice: 1, vat: 21 }] })).toMatchObject({
      code: "unrecognized_keys",
      keys: ["vat"],
      path: ["items", 0],
    });
    expect(parse({ customer: { id: CUSTOMER }, items: ONE_LINE, totalAmount: 10 })).toMatchObject({ code: "unrecognized_keys", keys: ["totalAmount"] });
  });
});

describe("accountingInvoice filters", () => {
  test("status and type are translated to Exact's codes", () => {
    expect(accountingInvoice.filters.status?.toExactValue?.("open")).toBe("20");
    expect(accountingInvoice.filters.status?.toExactValue?.("paid")).toBeUndefined();
    expect(accountingInvoice.filters.type?.toExactValue?.("creditNote")).toBe("8021");
  });

  test("the integer InvoiceNumber is not searched with substringof", () => {
    expect(accountingInvoice.searchFields).not.toContain("InvoiceNumber");
    expect(accountingInvoice.filters.number).toEqual({ exactField: "InvoiceNumber", type: "integer", edmType: "Edm.Int32" });
  });
});

test("keyLiteral rejects malformed ids", () => {
  expect(accountingInvoice.keyLiteral("1' or 1 eq 1")).toBeUndefined();
  expect(accountingInvoice.keyLiteral(exactInvoice.InvoiceID)).toBe(`guid'${exactInvoice.InvoiceID}'`);
});
