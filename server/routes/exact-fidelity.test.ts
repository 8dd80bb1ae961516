/**
 * The core paths a user takes, through the real server against the sandbox that enforces Exact's
 * reference: list companies (mandatory filtering), read invoice lines (no Created/Modified), create an
 * invoice with one item line (sales journal, OrderedBy, Item), and an operator's custom models.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operation, SessionInfo } from "../../src/protocol";
import { loadConfig } from "../config";
import { MAIN_ACCOUNTS } from "../sandbox/seed-data";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_fidelity";
const SECOND_OWNER = "org_second_division";
type Body = { data: Array<Record<string, unknown>> & Record<string, unknown>; next: string | null; error?: { code: string; message: string; details?: Record<string, unknown> } };

const CUSTOM_MODELS = [
  {
    name: "exactJournal", label: "Journals", endpoint: "financial/Journals", key: "ID", keyType: "guid", operations: ["list", "retrieve"],
    fields: [
      { name: "code", exact: "Code", type: "string", filter: true },
      { name: "description", exact: "Description", type: "string", search: true, label: "Description" },
      { name: "type", exact: "Type", type: "integer", filter: true },
    ],
  },
  {
    name: "exactItem", label: "Items", endpoint: "logistics/Items", key: "ID", keyType: "guid", operations: ["list", "retrieve"],
    fields: [
      { name: "code", exact: "Code", type: "string", filter: true },
      { name: "description", exact: "Description", type: "string", search: true },
      { name: "isSalesItem", exact: "IsSalesItem", type: "boolean" },
    ],
  },
];

const OPERATIONS: Operation[] = [
  "genericCompany::list", "accountingInvoice::list", "accountingInvoice::retrieve", "accountingInvoice::create",
  "accountingInvoiceItem::list", "accountingInvoiceItem::retrieve", "accountingInvoiceItem::create",
  "exactItem::list", "exactItem::retrieve", "exactJournal::list",
];

describe("Exact's rules, end to end through the server", () => {
  let server: TestServer;
  let dir: string;
  const get = async (path: string, ownerId = OWNER) => {
    const response = await server.backend(path, { ownerId });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const post = async (path: string, body: unknown, ownerId = OWNER) => {
    const response = await server.backend(path, { method: "POST", ownerId, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Body };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-custom-"));
    const file = join(dir, "models.json");
    writeFileSync(file, JSON.stringify(CUSTOM_MODELS));
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 }, env: { MORPH_CUSTOM_MODELS: file } });
    await server.connect(OWNER, OPERATIONS);
    await server.connect(SECOND_OWNER, OPERATIONS, { division: 2345678 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every company although crm/Accounts has mandatory filtering", async () => {
    const first = await get("/v1/resources/genericCompany?limit=30");
    expect(first.status).toBe(200);
    const second = await get(`/v1/resources/genericCompany?limit=30&cursor=${first.body.next}`);
    expect(second.status).toBe(200);
    expect(new Set([...first.body.data, ...second.body.data].map((c) => c.name))).toEqual(new Set(MAIN_ACCOUNTS.map(([name]) => name)));
    const fields = await get("/v1/resources/genericCompany/fields");
    expect(fields.status).toBe(200);
    expect(fields.body.data.exact).toContain("IsSales");
  });

  it("reads invoice lines with null timestamps and the item sold", async () => {
    const lines = await get("/v1/resources/accountingInvoiceItem?limit=5");
    expect(lines.status).toBe(200);
    for (const line of lines.body.data) {
      expect(line).toMatchObject({ createdAt: null, updatedAt: null, item: { id: expect.any(String) } });
    }
  });

  it("creates an invoice with one item line, choosing the division's only sales journal", async () => {
    const customer = (await get("/v1/resources/genericCompany?limit=1")).body.data[0]!;
    const item = (await get("/v1/resources/exactItem?filter[code]=BR-VK")).body.data[0]!;
    expect(item).toMatchObject({ code: "BR-VK", description: "Volkorenbrood", isSalesItem: true });
    const created = await post("/v1/resources/accountingInvoice", { customer: { id: customer.id }, items: [{ item: { id: item.id }, quantity: 12 }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ customer: { id: customer.id }, company: { id: customer.id }, journal: "70", status: "draft" });
    const [line] = created.body.data.items as Array<{ id: string }>;
    const read = await get(`/v1/resources/accountingInvoiceItem/${line!.id}`);
    expect(read.body.data).toMatchObject({ item: { id: item.id }, itemCode: "BR-VK", description: "Volkorenbrood", quantity: 12, lineNumber: 1 });
  });

  it("asks which journal when the division has several sales journals, and takes the one given", async () => {
    const customer = (await get("/v1/resources/genericCompany?limit=1", SECOND_OWNER)).body.data[0]!;
    const item = (await get("/v1/resources/exactItem?limit=1", SECOND_OWNER)).body.data[0]!;
    const input = { customer: { id: customer.id }, items: [{ item: { id: item.id }, quantity: 1 }] };
    const ambiguous = await post("/v1/resources/accountingInvoice", input, SECOND_OWNER);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error).toMatchObject({
      code: "VALIDATION_ERROR",
      details: { field: "journal", journals: [{ code: "70", description: "Verkoopboek huur" }, { code: "71", description: "Verkoopboek servicekosten" }] },
    });
    const chosen = await post("/v1/resources/accountingInvoice", { ...input, journal: "71" }, SECOND_OWNER);
    expect(chosen.status).toBe(201);
    expect(chosen.body.data).toMatchObject({ journal: "71" });
  });

  it("refuses lines without an item before calling Exact, and says so in /fields", async () => {
    const customer = (await get("/v1/resources/genericCompany?limit=1")).body.data[0]!;
    const before = server.sandbox.control.stats().restCalls;
    const freeText = await post("/v1/resources/accountingInvoice", { customer: { id: customer.id }, items: [{ description: "Bezorgen", quantity: 1, unitPrice: 15 }] });
    expect(freeText.status).toBe(400);
    expect(freeText.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "items.0.item" } });
    expect(server.sandbox.control.stats().restCalls).toBe(before);
    const fields = (await get("/v1/resources/accountingInvoice/fields")).body.data.unified as unknown as Array<Record<string, unknown>>;
    expect(fields.find((f) => f.name === "items")).toMatchObject({ writable: true, required: true });
    expect(fields.find((f) => f.name === "journal")).toMatchObject({ writable: true, filter: true });
    expect(fields.find((f) => f.name === "issueDate")).toMatchObject({ writable: false });
  });

  it("serves custom models: list with search and filters, paging, retrieve, fields", async () => {
    const journals = await get("/v1/resources/exactJournal?filter[type]=20");
    expect(journals.status).toBe(200);
    expect(journals.body.data.map((j) => j.code)).toEqual(["70"]);
    expect(journals.body.data[0]).toMatchObject({ description: "Verkoopboek", createdAt: expect.stringMatching(/^\d{4}-/) });
    const searched = await get("/v1/resources/exactItem?search=croissant");
    expect(searched.body.data.map((i) => i.code)).toEqual(["VK-CR12"]);
    const page = await get("/v1/resources/exactItem?limit=2");
    expect(page.body.data).toHaveLength(2);
    const next = await get(`/v1/resources/exactItem?limit=2&cursor=${page.body.next}`);
    expect(next.body.data.map((i) => i.id)).not.toContain(page.body.data[0]!.id);
    const one = await get(`/v1/resources/exactItem/${String(page.body.data[0]!.id)}`);
    expect(one.body.data).toEqual(page.body.data[0]);
    const fields = await get("/v1/resources/exactItem/fields");
    expect(fields.body.data).toMatchObject({ model: "exactItem", operations: ["list", "retrieve"] });
    expect(fields.body.data.exact).toContain("IsSalesItem");
  });

  it("refuses custom-model operations that were not granted or that the model does not declare", async () => {
    expect((await get("/v1/resources/exactJournal/00000000-0000-4000-8000-000000000000")).body.error?.code).toBe("INSUFFICIENT_PERMISSIONS");
    expect((await post("/v1/resources/exactItem", { code: "X" })).status).toBe(405);
    const session = await server.backend("/v1/sessions", {
      method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: OWNER, operations: ["exactItem::create"] }),
    });
    expect(session.status).toBe(400);
  });

  it("tells the widget each model's label and operations, custom models included", async () => {
    const token = await server.mintSession(OWNER, ["exactItem::list", "genericCompany::list"], ["exactJournal::list"]);
    const response = await server.app.request("/v1/connect/session", { headers: { authorization: `Bearer ${token}` } });
    const info = (await response.json()) as SessionInfo;
    expect(info.models).toEqual([
      { name: "exactItem", label: "Items", operations: ["list", "retrieve"] },
      { name: "genericCompany", label: "Companies", operations: ["list", "retrieve", "create", "update", "delete"] },
      { name: "exactJournal", label: "Journals", operations: ["list", "retrieve"] },
    ]);
  });
});

describe("MORPH_CUSTOM_MODELS at start-up", () => {
  const env = (models: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), "morph-custom-"));
    const file = join(dir, "models.json");
    writeFileSync(file, typeof models === "string" ? models : JSON.stringify(models));
    return { file, env: { MORPH_CUSTOM_MODELS: file, DATABASE_URL: `file:${join(dir, "db.sqlite")}` } };
  };
  const model = CUSTOM_MODELS[0]!;

  it.each([
    ["a property Exact does not have", [{ ...model, fields: [model.fields[0], { name: "x", exact: "Cod", type: "string" }] }], /\[0\]\.fields\[1\]\.exact: financial\/Journals has no property "Cod"/],
    ["a name shadowing a built-in model", [{ ...model, name: "genericContact" }], /\[0\]\.name: shadows a built-in model/],
    ["an unknown field type", [{ ...model, fields: [{ name: "x", exact: "Code", type: "text" }] }], /\[0\]\.fields\[0\]\.type/],
    ["a read-only property made writable", [{ ...model, operations: ["list", "create"], fields: [{ name: "x", exact: "BankAccountIBAN", type: "string", writable: true }] }], /\[0\]\.fields\[0\]\.writable: BankAccountIBAN is read-only in Exact/],
    ["broken JSON", "[{", /is not valid JSON/],
  ])("stops with the path and the field at fault: %s", (_what, models, message) => {
    const { file, env: vars } = env(models);
    expect(() => loadConfig(vars)).toThrow(new RegExp(`MORPH_CUSTOM_MODELS ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ${message.source}`));
  });

  it("allows an endpoint outside the reference table, unchecked", () => {
    const { env: vars } = env([{ name: "exactProject", endpoint: "project/Projects", key: "ID", keyType: "guid", operations: ["list"], fields: [{ name: "code", exact: "Code", type: "string" }] }]);
    expect(loadConfig(vars).customModels.map((m) => m.model)).toEqual(["exactProject"]);
  });
});

describe("object built-ins are never field names", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.connect(OWNER, ["genericContact::list", "genericContact::create", "genericContact::update"]);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"])("filter[%s] is refused without calling Exact", async (name) => {
    const before = server.sandbox.control.stats().restCalls;
    const response = await server.backend(`/v1/resources/genericContact?filter[${name}]=x`, { ownerId: OWNER });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: `filter[${name}]` } } });
    expect(server.sandbox.control.stats().restCalls).toBe(before);
  });

  it.each(['{"lastName":"X","constructor":"x"}', '{"lastName":"X","__proto__":{"Email":"x"}}', '{"lastName":"X","toString":"x"}'])(
    "a body with %s is refused without calling Exact",
    async (body) => {
      const before = server.sandbox.control.stats().restCalls;
      const response = await server.backend("/v1/resources/genericContact", { method: "POST", ownerId: OWNER, body });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
      expect(server.sandbox.control.stats().restCalls).toBe(before);
    },
  );
});
