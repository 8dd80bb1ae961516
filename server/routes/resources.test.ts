import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS, type Operation } from "../../src/protocol";
import { MODEL_MAPPINGS } from "../connectors/exact-online/models";
import { startTestServer, type TestServer } from "../test-support/harness";

const ALL_OPERATIONS: Operation[] = [...MODELS.flatMap((model) => MODEL_MAPPINGS[model].actions.map((action): Operation => `${model}::${action}`)), "proxy::read"];
const OWNER = "org_resources";

type Body = { data: Array<Record<string, unknown>> & Record<string, unknown>; next: string | null; error?: { code: string; message: string; details?: Record<string, unknown> } };

describe("unified resources through the real HTTP stack against the sandbox", () => {
  let server: TestServer;
  const get = async (path: string, ownerId = OWNER) => {
    const response = await server.backend(path, { ownerId });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const send = async (method: string, path: string, body: unknown, ownerId = OWNER) => {
    const response = await server.backend(path, { method, ownerId, body: JSON.stringify(body) });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Body };
  };

  /** An item to sell on invoice lines, found as the README shows: through the proxy. */
  const firstItemId = async (): Promise<string> => {
    const filter = encodeURIComponent("ID ne guid'00000000-0000-0000-0000-000000000000'");
    const response = await server.backend(`/v1/proxy/api/v1/{division}/logistics/Items?$filter=${filter}&$select=ID,Code&$top=1`, { ownerId: OWNER });
    return String(((await response.json()) as { d: { results: Array<{ ID: string }> } }).d.results[0]?.ID);
  };

  beforeAll(async () => {
    // These tests make well over Exact's 60 calls a minute; the limiter itself is tested in token-refresh.test.ts.
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, ALL_OPERATIONS);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(MODELS)("lists and retrieves %s with ids and ISO timestamps", async (model) => {
    const list = await get(`/v1/resources/${model}?limit=3`);
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    const first = list.body.data[0]!;
    expect(typeof first.id).toBe("string");
    for (const stamp of [first.createdAt, first.updatedAt]) if (stamp !== null) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(first)).not.toContain("/Date(");
    const one = await get(`/v1/resources/${model}/${first.id}?raw=true`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id: first.id });
    expect(one.body.data.raw).toBeTypeOf("object");
  });

  it("pages with an opaque cursor across more than three Exact pages, without duplicates", async () => {
    const ids = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await get(`/v1/resources/genericContact?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      for (const record of body.data) ids.add(String(record.id));
      cursor = body.next;
      if (cursor) expect(cursor).not.toContain("skiptoken");
      pages += 1;
    } while (cursor && pages < 20);
    // The sandbox seeds 225 contacts in the main division: four Exact pages of 60.
    expect(ids.size).toBe(225);
    expect(pages).toBe(3);
  });

  it("refuses a forged cursor", async () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, a: "guid'x') or 1 eq 1" })).toString("base64url");
    const { status, body } = await get(`/v1/resources/genericContact?cursor=${forged}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "cursor" } });
  });

  it("searches with escaped OData: O'Brien is found and quotes cannot inject", async () => {
    const found = await get(`/v1/resources/genericCompany?search=${encodeURIComponent("O'Brien")}`);
    expect(found.status).toBe(200);
    expect(found.body.data.map((c) => c.name)).toContain("O'Brien Consultancy");
    const injection = await get(`/v1/resources/genericCompany?search=${encodeURIComponent("x') or substringof('a', Name) or ('")}`);
    expect(injection.status).toBe(200);
    expect(injection.body.data).toEqual([]);
  });

  it("filters on unified fields and names a field it cannot filter", async () => {
    const sample = (await get("/v1/resources/genericContact?limit=1")).body.data[0]!;
    const filtered = await get(`/v1/resources/genericContact?filter[email]=${encodeURIComponent(String(sample.email))}`);
    expect(filtered.body.data.map((c) => c.id)).toContain(sample.id);
    expect(filtered.body.data.every((c) => c.email === sample.email)).toBe(true);
    const bad = await get("/v1/resources/genericContact?filter[shoeSize]=42");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain("shoeSize");
  });

  it("translates unified filter values: invoice status and padded account codes", async () => {
    const open = await get("/v1/resources/accountingInvoice?filter[status]=open&limit=100");
    expect(open.status).toBe(200);
    expect(open.body.data.length).toBeGreaterThan(0);
    expect(open.body.data.every((invoice) => invoice.status === "open")).toBe(true);
    const company = (await get("/v1/resources/genericCompany?limit=1")).body.data[0]!;
    const byCode = await get(`/v1/resources/genericCompany?filter[code]=${company.code}`);
    expect(byCode.body.data.map((c) => c.id)).toEqual([company.id]);
    expect((await get("/v1/resources/accountingInvoice?filter[status]=lost")).status).toBe(400);
  });

  it("validates limit", async () => {
    expect((await get("/v1/resources/genericContact?limit=0")).body.error?.code).toBe("VALIDATION_ERROR");
    expect((await get("/v1/resources/genericContact?limit=1001")).status).toBe(400);
    expect((await get("/v1/resources/genericContact?limit=1000")).status).toBe(200);
    for (const odd of ["1e2", "0x10", "%205", "5.0", "-1"]) expect((await get(`/v1/resources/genericContact?limit=${odd}`)).status, odd).toBe(400);
  });

  it("creates, updates and deletes a contact", async () => {
    const company = (await get("/v1/resources/genericCompany?limit=1")).body.data[0]!;
    const created = await send("POST", "/v1/resources/genericContact", {
      firstName: "Femke",
      lastName: "Jansen",
      email: "femke@example.nl",
      company: { id: company.id },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ firstName: "Femke", lastName: "Jansen", email: "femke@example.nl", company: { id: company.id } });
    const id = String(created.body.data.id);
    const updated = await send("PATCH", `/v1/resources/genericContact/${id}`, { lastName: "de Jong" });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ id, firstName: "Femke", lastName: "de Jong" });
    expect((await send("DELETE", `/v1/resources/genericContact/${id}`, undefined)).status).toBe(204);
    expect((await get(`/v1/resources/genericContact/${id}`)).body.error?.code).toBe("NOT_FOUND");
  });

  it.each([
    ["genericCompany", () => ({ name: "Bakkerij Test" }), { city: "Utrecht" }],
    [
      "accountingInvoiceItem",
      (ids: Record<string, string>) => ({ invoice: { id: ids.invoice }, item: { id: ids.item }, description: "Roggebrood", quantity: 2, unitPrice: 4.5 }),
      { quantity: 3 },
    ],
    [
      "accountingInvoice",
      (ids: Record<string, string>) => ({ customer: { id: ids.company }, currency: "EUR", description: "Test", items: [{ item: { id: ids.item }, quantity: 1 }] }),
      { description: "Aangepast" },
    ],
  ] as const)("creates, updates and deletes %s", async (model, input, patch) => {
    const ids = {
      company: String((await get("/v1/resources/genericCompany?limit=1")).body.data[0]!.id),
      // Exact refuses changes to a processed invoice: lines go on a draft.
      invoice: String((await get("/v1/resources/accountingInvoice?filter[status]=draft&limit=1")).body.data[0]!.id),
      item: await firstItemId(),
    };
    const created = await send("POST", `/v1/resources/${model}`, input(ids));
    expect(created.status).toBe(201);
    const id = String(created.body.data.id);
    const updated = await send("PATCH", `/v1/resources/${model}/${id}`, patch);
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject(patch);
    expect((await send("DELETE", `/v1/resources/${model}/${id}`, undefined)).status).toBe(204);
    expect((await get(`/v1/resources/${model}/${id}`)).status).toBe(404);
  });

  it("creates an invoice with items and reads the items back as references", async () => {
    const customer = (await get("/v1/resources/genericCompany?limit=1")).body.data[0]!;
    const created = await send("POST", "/v1/resources/accountingInvoice", {
      customer: { id: customer.id },
      currency: "EUR",
      description: "Broodlevering week 12",
      items: [{ item: { id: await firstItemId() }, description: "Volkorenbrood", quantity: 10, unitPrice: 3.25 }],
    });
    expect(created.status).toBe(201);
    const items = created.body.data.items as Array<{ id: string }>;
    expect(items).toHaveLength(1);
    const item = await get(`/v1/resources/accountingInvoiceItem/${items[0]!.id}`);
    expect(item.body.data).toMatchObject({ description: "Volkorenbrood", quantity: 10, unitPrice: 3.25, invoice: { id: created.body.data.id } });
  });

  it("refuses a body over 1 MB and malformed JSON with clear errors", async () => {
    const huge = await send("POST", "/v1/resources/genericContact", { firstName: "x".repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    const broken = await server.backend("/v1/resources/genericContact", { method: "POST", ownerId: OWNER, body: "{not json" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "body" } } });
  });

  it("names the bad field of a write", async () => {
    const missing = await send("POST", "/v1/resources/genericCompany", { email: "x@example.nl" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "name" } });
    const wrongType = await send("POST", "/v1/resources/genericContact", { firstName: 42 });
    expect(wrongType.body.error?.details?.field).toBe("firstName");
    const company = (await get("/v1/resources/genericCompany?limit=1")).body.data[0]!;
    const unknown = await send("POST", "/v1/resources/genericContact", { firstName: "A", company: { id: company.id }, favouriteColour: "red" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toContain("favouriteColour");
  });

  it.each(["genericUser", "genericWorkspace"])("answers 405 OPERATION_NOT_SUPPORTED for writes on %s", async (model) => {
    const { status, body } = await send("POST", `/v1/resources/${model}`, { name: "x" });
    expect(status).toBe(405);
    expect(body.error).toMatchObject({ code: "OPERATION_NOT_SUPPORTED", details: { operations: ["list", "retrieve"] } });
  });

  it("answers CONNECTION_NOT_FOUND, a missing owner header and an unknown model", async () => {
    expect((await get("/v1/resources/genericContact", "org_nobody")).body.error?.code).toBe("CONNECTION_NOT_FOUND");
    const noOwner = await server.backend("/v1/resources/genericContact");
    expect(noOwner.status).toBe(400);
    expect((await get("/v1/resources/genericThing")).status).toBe(404);
  });

  it("maps extra fields per connection on read and write", async () => {
    const bad = await send("PUT", `/v1/connections/exact-online/${OWNER}/field-mapping`, { genericCompany: { vatNumber: "VATNummer" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain("VATNummer");
    const put = await send("PUT", `/v1/connections/exact-online/${OWNER}/field-mapping`, { genericCompany: { vatNumber: "VATNumber" } });
    expect(put.status).toBe(200);
    const list = await get("/v1/resources/genericCompany?limit=5");
    expect(list.body.data.some((c) => typeof c.vatNumber === "string" && /^NL\d{9}B\d\d$/.test(c.vatNumber as string))).toBe(true);
    const created = await send("POST", "/v1/resources/genericCompany", { name: "Molen De Hoop", vatNumber: "NL001122334B01" });
    expect(created.body.data).toMatchObject({ name: "Molen De Hoop", vatNumber: "NL001122334B01" });
    const fields = await get("/v1/resources/genericCompany/fields");
    expect(fields.body.data).toMatchObject({ mapped: [{ name: "vatNumber", exactField: "VATNumber" }] });
    expect(fields.body.data.exact).toContain("VATNumber");
    expect((fields.body.data.unified as unknown as Array<{ name: string }>).map((f) => f.name)).toEqual(expect.arrayContaining(["name", "email", "phoneNumber", "website"]));
  });

  it("proxies raw Exact calls with {division} filled in, passing status and body through", async () => {
    const response = await server.backend("/v1/proxy/api/v1/{division}/crm/Contacts?$top=2&$select=ID,FullName", { ownerId: OWNER });
    expect(response.status).toBe(200);
    expect(response.headers.get("authorization")).toBeNull();
    expect(response.headers.get("x-ratelimit-minutely-remaining")).not.toBeNull();
    const body = (await response.json()) as { d: { results: unknown[] } };
    expect(body.d.results).toHaveLength(2);
    const missing = await server.backend("/v1/proxy/api/v1/{division}/crm/Accounts(guid'00000000-0000-4000-8000-000000000000')", { ownerId: OWNER });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty("error.message.value");
    expect((await server.backend("/v1/proxy/api/oauth2/token", { method: "POST", ownerId: OWNER })).status).toBe(400);
  });
});

describe("permissions", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("refuses an operation that was not granted, before calling Exact", async () => {
    await server.connect("org_narrow", ["genericContact::list"]);
    const before = server.sandbox.control.stats().restCalls;
    const response = await server.backend("/v1/resources/genericCompany", { ownerId: "org_narrow" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "INSUFFICIENT_PERMISSIONS", details: { missing: ["genericCompany::list"] } } });
    expect(server.sandbox.control.stats().restCalls).toBe(before);
  });

  it("detects missing rights right after connecting and re-checks on request", async () => {
    server.sandbox.control.setUserRight("crm/Accounts", "POST", false);
    const { page } = await server.connect("org_rights", ["genericCompany::list", "genericCompany::create"]);
    expect(await page.text()).toContain("genericCompany::create");
    const connection = (await (await server.backend("/v1/connections/exact-online/org_rights")).json()) as { data: { missingOperations: string[] } };
    expect(connection.data.missingOperations).toEqual(["genericCompany::create"]);
    const refused = await server.backend("/v1/resources/genericCompany", { method: "POST", ownerId: "org_rights", body: JSON.stringify({ name: "X" }) });
    expect((await refused.json()) as unknown).toMatchObject({ error: { code: "INSUFFICIENT_PERMISSIONS", details: { operation: "genericCompany::create" } } });

    server.sandbox.control.setUserRight("crm/Accounts", "POST", true);
    const recheck = await server.backend("/v1/connections/exact-online/org_rights/permissions");
    expect(await recheck.json()).toMatchObject({ data: { missing: [], allowed: ["genericCompany::list", "genericCompany::create"] } });
  });

  it("turns Exact's runtime 403 into INSUFFICIENT_PERMISSIONS naming the operation", async () => {
    await server.connect("org_runtime", ["genericContact::list"]);
    server.sandbox.control.setUserRight("crm/Contacts", "GET", false);
    const response = await server.backend("/v1/resources/genericContact", { ownerId: "org_runtime" });
    server.sandbox.control.setUserRight("crm/Contacts", "GET", true);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "INSUFFICIENT_PERMISSIONS", details: { operation: "genericContact::list" } } });
  });
});
