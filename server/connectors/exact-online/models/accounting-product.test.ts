import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { accountingProduct } from "./accounting-product";

const exactItem = {
  ID: "5b7c9a10-3d2e-4f61-8a9b-0c1d2e3f4a5b",
  Code: "BR-VK",
  Description: "Volkorenbrood",
  Notes: null,
  Unit: "stuk",
  Barcode: "8712345678906",
  IsSalesItem: true,
  IsPurchaseItem: false,
  IsStockItem: true,
  SalesVatCode: "1",
  GLRevenue: "0e2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8",
  GLCosts: null,
  CostPriceStandard: 1.1,
  StandardSalesPrice: 3.45,
  Stock: 120,
  Created: "/Date(1736150400000)/",
  Modified: "/Date(1736150400000)/",
};

describe("accountingProduct mapping", () => {
  test("maps an item: Description as name, GL accounts as references", () => {
    expect(accountingProduct.toUnified(exactItem)).toEqual({
      id: exactItem.ID, createdAt: "2025-01-06T08:00:00.000Z", updatedAt: "2025-01-06T08:00:00.000Z",
      code: "BR-VK", name: "Volkorenbrood", notes: null, unit: "stuk", barcode: "8712345678906",
      isSalesItem: true, isPurchaseItem: false, isStockItem: true, salesTaxCode: "1",
      revenueAccount: { id: exactItem.GLRevenue }, costAccount: null, costPrice: 1.1, salesPrice: 3.45, stock: 120,
    });
  });

  test("a create needs code and name (Exact's mandatory Code and Description); read-only prices and stock are refused", () => {
    expect(accountingProduct.createSchema!.safeParse({ name: "Brood" }).error?.issues[0]?.path).toEqual(["code"]);
    expect(accountingProduct.createSchema!.safeParse({ code: "X", name: " " }).error?.issues[0]?.path).toEqual(["name"]);
    expect(accountingProduct.createSchema!.safeParse({ code: "X", name: "Y", salesPrice: 3 }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["salesPrice"] });
    expect(accountingProduct.createSchema!.safeParse({ code: "X", name: "Y", stock: 3 }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["stock"] });
    const input = accountingProduct.createSchema!.parse({ code: "KO-SP", name: "Speculaas", revenueAccount: { id: exactItem.GLRevenue }, costPrice: 4.2, isPurchaseItem: true });
    expect(accountingProduct.toExact!(input)).toEqual({ Code: "KO-SP", Description: "Speculaas", GLRevenue: exactItem.GLRevenue, CostPriceStandard: 4.2, IsPurchaseItem: true });
  });

  test("lists go through bulk/Logistics/Items; changes through the Items topic and sync/Logistics/Items", () => {
    expect(accountingProduct.reference).toMatchObject({ bulk: "bulk/Logistics/Items", sync: "sync/Logistics/Items", webhookTopic: "Items" });
    // Exact's mandatory filter on Items: an always-true clause on the key.
    expect(accountingProduct.alwaysFilter).toBe("ID ne guid'00000000-0000-0000-0000-000000000000'");
  });
});

const OWNER = "org_products";
const OPERATIONS: Operation[] = ["accountingProduct::list", "accountingProduct::retrieve", "accountingProduct::create", "accountingProduct::update", "accountingProduct::delete"];
type Body = { data: Record<string, unknown> & Array<Record<string, unknown>>; next: string | null; error?: { code: string; message: string; details?: Record<string, unknown> } };

describe("accountingProduct through /v1/resources against the sandbox", () => {
  let server: TestServer;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await server.backend(path, { method, ownerId: OWNER, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Body };
  };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, OPERATIONS);
  });
  afterAll(async () => {
    await server.close();
  });

  test("lists the seeded items in one bulk call, and retrieves one", async () => {
    server.sandbox.control.resetStats();
    const list = await call("GET", "/v1/resources/accountingProduct?limit=1000");
    expect(list.status).toBe(200);
    expect(server.sandbox.control.stats().restCalls).toBe(1);
    const bread = list.body.data.find((p) => p.code === "BR-VK");
    expect(bread).toMatchObject({ name: "Volkorenbrood", isSalesItem: true, salesTaxCode: "1", unit: "stuk" });
    const one = await call("GET", `/v1/resources/accountingProduct/${String(bread?.id)}`);
    expect(one.body.data).toEqual(bread);
    const found = await call("GET", "/v1/resources/accountingProduct?filter[code]=BR-VK");
    expect(found.body.data.map((p) => p.id)).toEqual([bread?.id]);
  });

  test("create, update and delete round-trip", async () => {
    const created = await call("POST", "/v1/resources/accountingProduct", { code: "TA-KWARK", name: "Kwarktaart", unit: "stuk", salesTaxCode: "1", costPrice: 6.4, isPurchaseItem: false });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ code: "TA-KWARK", name: "Kwarktaart", salesTaxCode: "1", costPrice: 6.4, isSalesItem: true });
    const id = String(created.body.data.id);
    const updated = await call("PATCH", `/v1/resources/accountingProduct/${id}`, { name: "Kwarktaart groot", costPrice: 7 });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ name: "Kwarktaart groot", costPrice: 7, code: "TA-KWARK" });
    expect((await call("DELETE", `/v1/resources/accountingProduct/${id}`)).status).toBe(204);
    expect((await call("GET", `/v1/resources/accountingProduct/${id}`)).status).toBe(404);
  });

  test("a create without a code is refused before Exact is called, naming the field", async () => {
    server.sandbox.control.resetStats();
    const refused = await call("POST", "/v1/resources/accountingProduct", { name: "Zonder code" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "code" } });
    expect(server.sandbox.control.stats().restCalls).toBe(0);
  });

  test("a duplicate code is Exact's own refusal, passed on", async () => {
    const refused = await call("POST", "/v1/resources/accountingProduct", { code: "BR-VK", name: "Nog een volkorenbrood" });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain("Code already exists");
  });
});
