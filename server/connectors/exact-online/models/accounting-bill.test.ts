import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { parseCustomModels } from "../custom-models";
import { accountingBill } from "./accounting-bill";

const SUPPLIER = "9a1f7c2e-4b3d-4e5f-8a6b-7c8d9e0f1a2b";
const GL_4000 = "1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809";
const exactEntry = {
  EntryID: "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a",
  EntryNumber: 25600005,
  Supplier: SUPPLIER,
  Journal: "60",
  YourRef: "MFN-2025-0318",
  EntryDate: "/Date(1742256000000)/",
  DueDate: "/Date(1744848000000)/",
  Currency: "EUR",
  AmountFC: 1437.06,
  VATAmountFC: 118.66,
  Status: 50,
  Type: 30,
  Description: "Tarwebloem maart",
  PaymentReference: null,
  Document: null,
  Created: "/Date(1742342400000)/",
  Modified: "/Date(1742688000000)/",
  PurchaseEntryLines: {
    results: [
      {
        ID: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", LineNumber: 1, Description: "Tarwebloem type 550", GLAccount: GL_4000,
        AmountFC: 1318.4, Quantity: 1, VATCode: "1  ", VATPercentage: 0.09, VATAmountFC: 118.66,
      },
    ],
  },
};

describe("accountingBill mapping", () => {
  test("maps a purchase entry with its lines; Exact's VAT fraction as a percentage", () => {
    expect(accountingBill.toUnified(exactEntry)).toEqual({
      id: exactEntry.EntryID, createdAt: "2025-03-19T00:00:00.000Z", updatedAt: "2025-03-23T00:00:00.000Z",
      number: "25600005", supplier: { id: SUPPLIER }, journal: "60", reference: "MFN-2025-0318", issueDate: "2025-03-18", dueDate: "2025-04-17",
      currency: "EUR", totalAmount: 1437.06, taxAmount: 118.66, status: "processed", type: "bill", description: "Tarwebloem maart",
      paymentReference: null, attachment: null,
      lines: [{ id: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", lineNumber: 1, description: "Tarwebloem type 550", account: { id: GL_4000 }, amount: 1318.4, quantity: 1, taxCode: "1  ", taxRate: 9, taxAmount: 118.66 }],
    });
  });

  test("a create writes the lines inline; an update cannot touch lines or journal", () => {
    const input = accountingBill.createSchema!.parse({
      supplier: { id: SUPPLIER }, journal: "60", reference: "F-1", issueDate: "2025-05-01", lines: [{ account: { id: GL_4000 }, amount: 100, taxCode: "1" }],
    });
    expect(accountingBill.toExact!(input)).toEqual({
      Supplier: SUPPLIER, Journal: "60", YourRef: "F-1", EntryDate: "2025-05-01T00:00:00", PurchaseEntryLines: [{ GLAccount: GL_4000, AmountFC: 100, VATCode: "1" }],
    });
    expect(accountingBill.updateSchema!.safeParse({ lines: [] }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["lines"] });
    expect(accountingBill.updateSchema!.safeParse({ journal: "61" }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["journal"] });
  });

  test("Exact's mandatory Supplier and lines are required, each line with an account and an amount", () => {
    const line = { account: { id: GL_4000 }, amount: 10 };
    expect(accountingBill.createSchema!.safeParse({ lines: [line] }).error?.issues[0]?.path).toEqual(["supplier"]);
    expect(accountingBill.createSchema!.safeParse({ supplier: { id: SUPPLIER } }).error?.issues[0]?.path).toEqual(["lines"]);
    expect(accountingBill.createSchema!.safeParse({ supplier: { id: SUPPLIER }, lines: [] }).error?.issues[0]?.path).toEqual(["lines"]);
    expect(accountingBill.createSchema!.safeParse({ supplier: { id: SUPPLIER }, lines: [{ amount: 10 }] }).error?.issues[0]?.path).toEqual(["lines", 0, "account"]);
    expect(accountingBill.createSchema!.safeParse({ supplier: { id: SUPPLIER }, lines: [{ ...line, taxAmount: 2 }] }).error?.issues[0]?.path).toEqual(["lines", 0]);
  });

  test("without a journal, the only purchase journal; none or several is a validation error naming journal", async () => {
    const none = { salesJournals: async () => [], purchaseJournals: async () => [] };
    await expect(accountingBill.completeCreate!({ supplier: { id: SUPPLIER } }, none)).rejects.toMatchObject({ code: "VALIDATION_ERROR", details: { field: "journal" } });
    const one = { salesJournals: async () => [], purchaseJournals: async () => [{ code: "60", description: "Inkoopboek" }] };
    expect(await accountingBill.completeCreate!({ supplier: { id: SUPPLIER } }, one)).toMatchObject({ journal: "60" });
    const two = { salesJournals: async () => [], purchaseJournals: async () => [{ code: "60", description: null }, { code: "61", description: null }] };
    await expect(accountingBill.completeCreate!({}, two)).rejects.toThrow(/2 purchase journals; give one of 60, 61/);
  });

  test("a custom model may name purchaseentry/PurchaseEntryLines: Exact's mandatory properties become required", () => {
    const [lines] = parseCustomModels([
      {
        name: "billLine", endpoint: "purchaseentry/PurchaseEntryLines", key: "ID", keyType: "guid", operations: ["list", "create"],
        fields: [
          { name: "bill", exact: "EntryID", type: "reference", writable: true },
          { name: "account", exact: "GLAccount", type: "reference", writable: true },
          { name: "amount", exact: "AmountFC", type: "number", writable: true },
          { name: "note", exact: "Notes", type: "string", writable: true },
        ],
      },
    ]);
    expect(lines?.fields.filter((f) => f.required).map((f) => f.name)).toEqual(["bill", "account", "amount"]);
    // LineNumber is read-only in the reference: a custom model cannot write it.
    expect(() => parseCustomModels([{ name: "billLineNumber", endpoint: "purchaseentry/PurchaseEntryLines", key: "ID", keyType: "guid", operations: ["create"], fields: [{ name: "position", exact: "LineNumber", type: "integer", writable: true }] }])).toThrow(/LineNumber/);
  });

  test("events come on Exact's PurchaseEntries topic; there is no bulk or sync endpoint", () => {
    expect(accountingBill.reference).toMatchObject({ webhookTopic: "PurchaseEntries" });
    expect(accountingBill.reference?.bulk).toBeUndefined();
    expect(accountingBill.reference?.sync).toBeUndefined();
  });
});

const OWNER = "org_bills";
const SECOND_OWNER = "org_bills_vastgoed";
const OPERATIONS: Operation[] = ["accountingBill::list", "accountingBill::retrieve", "accountingBill::create", "accountingBill::update", "accountingBill::delete", "proxy::read"];
type Body = { data: Record<string, unknown> & Array<Record<string, unknown>>; error?: { code: string; message: string; details?: Record<string, unknown> } };

describe("accountingBill through /v1/resources against the sandbox", () => {
  let server: TestServer;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await server.backend(path, { method, ownerId: OWNER, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Body };
  };
  const proxy = async (path: string): Promise<Array<Record<string, unknown>>> => {
    const response = await server.backend(`/v1/proxy/api/v1/{division}/${path}`, { ownerId: OWNER });
    return ((await response.json()) as { d: { results: Array<Record<string, unknown>> } }).d.results;
  };
  const glAccount = async (code: string) => String((await proxy(`financial/GLAccounts?$filter=${encodeURIComponent(`Code eq '${code}'`)}&$select=ID`))[0]?.ID);

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, OPERATIONS);
  });
  afterAll(async () => {
    await server.close();
  });

  test("the seeded bills add up: each total is its lines plus their VAT", async () => {
    const list = await call("GET", "/v1/resources/accountingBill?limit=100");
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBe(8);
    for (const bill of list.body.data) {
      const lines = bill.lines as Array<{ amount: number; taxAmount: number; account: { id: string } }>;
      const total = lines.reduce((sum, l) => sum + l.amount + l.taxAmount, 0);
      expect(bill.totalAmount).toBeCloseTo(total, 2);
      expect(bill.journal).toBe("60");
    }
    const rent = list.body.data.find((b) => b.reference === "HUUR-2025-04");
    expect(rent).toMatchObject({ totalAmount: 2843.5, taxAmount: 493.5, status: "processed", type: "bill", currency: "EUR" });
    expect((rent?.lines as Array<{ account: { id: string } }>)[0]?.account.id).toBe(await glAccount("4100"));
    expect(list.body.data.find((b) => b.reference === "VH-104502")).toMatchObject({ type: "creditNote", totalAmount: -110.11 });
  });

  test("create with lines (the only purchase journal taken), update, delete", async () => {
    const supplier = (await call("GET", "/v1/resources/accountingBill?limit=1")).body.data[0]?.supplier as { id: string };
    const created = await call("POST", "/v1/resources/accountingBill", {
      supplier, reference: "MFN-2025-0502", issueDate: "2025-05-02", description: "Tarwebloem mei",
      lines: [
        { account: { id: await glAccount("4000") }, amount: 1000, description: "Tarwebloem" },
        { account: { id: await glAccount("4200") }, amount: 50, taxCode: "2", description: "Bezorgkosten" },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // 4000 books at its own VAT code 1 (9 %): 90; 50 at 21 %: 10.50.
    expect(created.body.data).toMatchObject({ journal: "60", status: "open", type: "bill", issueDate: "2025-05-02", dueDate: "2025-06-01", taxAmount: 100.5, totalAmount: 1150.5 });
    expect((created.body.data.lines as unknown[]).length).toBe(2);
    const id = String(created.body.data.id);
    const updated = await call("PATCH", `/v1/resources/accountingBill/${id}`, { description: "Tarwebloem mei (gecontroleerd)", dueDate: "2025-06-15" });
    expect(updated.body.data).toMatchObject({ description: "Tarwebloem mei (gecontroleerd)", dueDate: "2025-06-15", totalAmount: 1150.5 });
    expect((await call("DELETE", `/v1/resources/accountingBill/${id}`)).status).toBe(204);
    expect((await call("GET", `/v1/resources/accountingBill/${id}`)).status).toBe(404);
  });

  test("a bill without a supplier is refused before Exact is called, naming the field", async () => {
    server.sandbox.control.resetStats();
    const refused = await call("POST", "/v1/resources/accountingBill", { lines: [{ account: { id: "1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809" }, amount: 10 }] });
    expect(server.sandbox.control.stats().restCalls).toBe(0);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "supplier" } });
  });

  test("an administration without a purchase journal: refused naming journal, nothing posted", async () => {
    // The second administration (Korenschoof Vastgoed) keeps no purchase journal. Its own server: the same Exact
    // user consenting twice would end the first connection's token chain, as on Exact.
    const other = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    try {
      await other.connect(SECOND_OWNER, OPERATIONS, { division: 2345678 });
      const supplier = { id: "9a1f7c2e-4b3d-4e5f-8a6b-7c8d9e0f1a2b" };
      other.sandbox.control.resetStats();
      const response = await other.backend("/v1/resources/accountingBill", {
        method: "POST", ownerId: SECOND_OWNER, body: JSON.stringify({ supplier, lines: [{ account: { id: supplier.id }, amount: 10 }] }),
      });
      const body = (await response.json()) as Body;
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "journal" } });
      expect(body.error?.message).toContain("no purchase journal");
      // one call: the journal look-up; no POST reached Exact
      expect(other.sandbox.control.stats().restCalls).toBe(1);
    } finally {
      await other.close();
    }
  });

  test("a sales journal given as the journal is Exact's own refusal, passed on", async () => {
    const supplier = (await call("GET", "/v1/resources/accountingBill?limit=1")).body.data[0]?.supplier;
    const refused = await call("POST", "/v1/resources/accountingBill", { supplier, journal: "70", lines: [{ account: { id: await glAccount("4000") }, amount: 10 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain("not a purchase journal");
  });

  test("a processed bill cannot be changed", async () => {
    const processed = (await call("GET", "/v1/resources/accountingBill?filter[status]=processed&limit=1")).body.data[0];
    const refused = await call("PATCH", `/v1/resources/accountingBill/${String(processed?.id)}`, { description: "x" });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain("processed");
  });
});
