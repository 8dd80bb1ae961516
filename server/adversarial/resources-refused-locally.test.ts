/**
 * Issue 14, findings 2 and 5: input that Exact would refuse never reaches Exact. Each 400 from Exact counts
 * towards its block of the API key ("10 errors an hour per endpoint per user"), which then fails every call
 * of every owner of that Exact user for an hour. So crafted cursors, mapped-field filters and writes of the
 * wrong type, writes to read-only or key properties, and ids of the wrong key type are refused here, with
 * the sandbox seeing zero calls for them. Runs on SQLite and, where a PostgreSQL is installed, on it too.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Action, Operation } from "../../src/protocol";
import { encodeCursor } from "../connectors/exact-online/cursor";
import { findConnection, recordMissingOperations, saveFieldMapping } from "../storage/connections-repo";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER_A = "org_refused_a";
const OWNER_B = "org_refused_b";
const GUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

/** One custom model over an entity of the reference table, one outside it (integer key). */
const CUSTOM_MODELS = [
  {
    name: "exactItem", endpoint: "logistics/Items", key: "ID", keyType: "guid", operations: ["list", "retrieve"],
    fields: [{ name: "code", exact: "Code", type: "string", filter: true }],
  },
  {
    name: "exactDocumentType", endpoint: "documents/DocumentTypes", key: "ID", keyType: "int", operations: ["list", "retrieve", "update"],
    fields: [{ name: "description", exact: "Description", type: "string", writable: true }],
  },
];

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

type Body = { data?: unknown; next?: string | null; error?: { code: string; message: string; details?: { field?: string } } };

const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

describe.each(DATABASES)("refused locally, on $name", ({ postgres }) => {
  let pg: TempPostgres | undefined;
  let server: TestServer;
  let dir: string;
  let division: number;
  const fixture = { contactId: "", contactCursor: "", companyCursor: "", ownerBCursor: "" };

  const exactCalls = () => {
    const stats = server.sandbox.control.stats();
    return stats.restCalls + stats.tokenRequests;
  };

  /** One request, with the Exact calls it caused. */
  async function send(method: string, path: string, { ownerId = OWNER_A, body }: { ownerId?: string; body?: unknown } = {}) {
    const before = exactCalls();
    const response = await server.backend(path, { method, ownerId, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Body, calls: exactCalls() - before };
  }

  beforeAll(async () => {
    pg = postgres ? startTempPostgres(await freePort()) : undefined;
    dir = mkdtempSync(join(tmpdir(), "morph-refused-"));
    const file = join(dir, "custom-models.json");
    writeFileSync(file, JSON.stringify(CUSTOM_MODELS));
    // Exact's own block threshold (10 errors an hour): a refusal that leaked would show as a block.
    server = await startTestServer({ sandbox: { minutelyLimit: 100_000 }, env: { MORPH_CUSTOM_MODELS: file, ...(pg ? { DATABASE_URL: pg.url } : {}) } });
    const everything = server.ctx.models.all().flatMap((m) => m.actions.map((action): Operation => `${m.model}::${action}`));
    await server.connect(OWNER_A, everything);
    await server.connect(OWNER_B, ["genericContact::list", "genericCompany::list"]);
    // The sandbox does not serve documents/DocumentTypes, so it says the user lacks the rights: as real Exact would grant them.
    await recordMissingOperations(server.ctx.db, (await findConnection(server.ctx.db, "exact-online", OWNER_A))!.id, [], server.clock.now());
    division = ((await (await server.backend(`/v1/connections/exact-online/${OWNER_A}`)).json()) as { data: { division: number } }).data.division;
    const contacts = await send("GET", "/v1/resources/genericContact?limit=1");
    fixture.contactId = (contacts.body.data as Array<{ id: string }>)[0]!.id;
    fixture.contactCursor = contacts.body.next!;
    fixture.companyCursor = (await send("GET", "/v1/resources/genericCompany?limit=1")).body.next!;
    fixture.ownerBCursor = (await send("GET", "/v1/resources/genericContact?limit=1", { ownerId: OWNER_B })).body.next!;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe("cursors", () => {
    const crafted = (model: string, key: string, ownerId = OWNER_A) => encodeCursor({ model, connectorId: "exact-online", ownerId, division }, key);
    const cases: Array<[string, string, () => string]> = [
      ["the original attack: an integer key into a GUID-keyed model", "genericContact", () => b64url({ v: 1, a: "12345" })],
      ["a well-bound cursor carrying an integer key into a GUID-keyed model", "genericContact", () => crafted("genericContact", "12345")],
      ["a well-bound cursor carrying a GUID into the integer-keyed genericWorkspace", "genericWorkspace", () => crafted("genericWorkspace", GUID)],
      ["a well-bound cursor carrying a division code beyond Int32", "genericWorkspace", () => crafted("genericWorkspace", "99999999999")],
      ["a well-bound cursor carrying OData syntax", "genericContact", () => crafted("genericContact", `${GUID}' or 1 eq 1`)],
      ["genericContact's cursor used for genericCompany", "genericCompany", () => fixture.contactCursor],
      ["genericCompany's cursor used for genericContact", "genericContact", () => fixture.companyCursor],
      ["owner B's cursor used by owner A", "genericContact", () => fixture.ownerBCursor],
      ["a cursor bound to another model by hand", "genericCompany", () => crafted("genericContact", GUID)],
      ["garbage", "genericContact", () => "!!!not-a-cursor***"],
      ["an empty object", "genericContact", () => b64url({})],
      ["a huge cursor", "genericContact", () => b64url({ v: 2, k: "1".repeat(50_000) })],
    ];
    it.each(cases)("%s: 400 VALIDATION_ERROR on cursor, no call to Exact", async (_label, model, cursor) => {
      const answer = await send("GET", `/v1/resources/${model}?limit=1&cursor=${encodeURIComponent(cursor())}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "cursor" } });
      expect(answer.calls).toBe(0);
    });

    it("the cursor each list returns still pages on", async () => {
      const next = await send("GET", `/v1/resources/genericContact?limit=1&cursor=${fixture.contactCursor}`);
      expect(next.status).toBe(200);
      expect((next.body.data as Array<{ id: string }>)[0]!.id).not.toBe(fixture.contactId);
      expect((await send("GET", `/v1/resources/genericContact?limit=1&cursor=${fixture.ownerBCursor}`, { ownerId: OWNER_B })).status).toBe(200);
    });

    it("13 crafted cursors in a row, then a valid list still succeeds: Exact never blocked the key", async () => {
      for (let i = 0; i < 13; i++) {
        const answer = await send("GET", `/v1/resources/genericContact?limit=1&cursor=${b64url({ v: 1, a: String(1000 + i) })}`);
        expect(answer.status).toBe(400);
      }
      const list = await send("GET", "/v1/resources/genericContact?limit=1");
      expect(list.status).toBe(200);
      expect((await send("GET", "/v1/resources/genericContact?limit=1", { ownerId: OWNER_B })).status).toBe(200);
    });
  });

  describe("field mappings", () => {
    const putMapping = (body: unknown) => send("PUT", `/v1/connections/exact-online/${OWNER_A}/field-mapping`, { body });

    beforeAll(async () => {
      const put = await putMapping({
        // BirthDate: Edm.DateTime; Account: Edm.Guid, mandatory; FullName, AccountName: read-only; HID: Edm.Int32
        genericContact: { bd: "BirthDate", acct: "Account", full: "FullName", accountName: "AccountName", hid: "HID", mail: "Email" },
        // CreditLineSales: Edm.Double, not filterable on crm/Accounts
        genericCompany: { creditLine: "CreditLineSales" },
      });
      expect(put.status).toBe(200);
    });

    it.each([
      ["a date field with a non-date", "genericContact", "bd", "notadate"],
      ["a date field with an impossible date", "genericContact", "bd", "2020-13-45"],
      ["a GUID field with a non-GUID", "genericContact", "acct", "notaguid"],
      ["a GUID field with OData syntax", "genericContact", "acct", `${GUID}' or 1 eq 1`],
      ["an integer field with text", "genericContact", "hid", "12a"],
      ["an Int32 field beyond its range", "genericContact", "hid", "99999999999"],
      ["a field Exact cannot filter on", "genericCompany", "creditLine", "100"],
    ])("a mapped-field filter on %s: 400 naming filter[field], no call to Exact", async (_label, model, field, value) => {
      const answer = await send("GET", `/v1/resources/${model}?filter[${field}]=${encodeURIComponent(value)}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: `filter[${field}]` } });
      expect(answer.calls).toBe(0);
    });

    it("a built-in filter beyond its property's width (genericWorkspace code, an Int32): 400, no call to Exact", async () => {
      const answer = await send("GET", "/v1/resources/genericWorkspace?filter[code]=99999999999");
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "filter[code]" } });
      expect(answer.calls).toBe(0);
      expect((await send("GET", `/v1/resources/genericWorkspace?filter[code]=${division}`)).status).toBe(200);
    });

    it("mapped-field filters of the right type reach Exact as the right literal", async () => {
      const contact = (await send("GET", `/v1/resources/genericContact/${fixture.contactId}`)).body.data as { acct: string };
      const byAccount = await send("GET", `/v1/resources/genericContact?limit=100&filter[acct]=${contact.acct}`);
      expect(byAccount.status).toBe(200);
      expect((byAccount.body.data as Array<{ id: string }>).map((c) => c.id)).toContain(fixture.contactId);
      expect((await send("GET", `/v1/resources/genericContact?filter[bd]=2020-01-01`)).status).toBe(200);
      expect((await send("GET", "/v1/resources/genericContact?filter[hid]=12")).status).toBe(200);
    });

    it.each([
      ["a non-GUID into a GUID property", { acct: "notaguid" }, "acct"],
      ["null into a mandatory property", { acct: null }, "acct"],
      ["an object into a string property", { mail: { a: 1 } }, "mail"],
      ["a number into a string property", { mail: 42 }, "mail"],
      ["a string into an integer property", { hid: "12" }, "hid"],
      ["a fraction into an integer property", { hid: 1.5 }, "hid"],
      ["a non-date into a date property", { bd: "yesterday" }, "bd"],
      ["a read-only property", { full: "Rewritten" }, "full"],
      ["another read-only property, beside a valid field", { jobTitle: "Baker", accountName: "X" }, "accountName"],
    ])("a mapped write of %s: 400 naming the field, no call to Exact", async (_label, body, field) => {
      const answer = await send("PATCH", `/v1/resources/genericContact/${fixture.contactId}`, { body });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field } });
      expect(answer.calls).toBe(0);
    });

    it("a mapped write of the right type goes through and reads back", async () => {
      const answer = await send("PATCH", `/v1/resources/genericContact/${fixture.contactId}`, { body: { bd: "1990-05-01", mail: "mapped@example.nl" } });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({ bd: "1990-05-01T00:00:00.000Z", mail: "mapped@example.nl", id: fixture.contactId });
    });

    it.each([
      ["the model's key", { genericContact: { id2: "ID" } }],
      ["a custom model's key", { exactItem: { itemId: "ID" } }],
      ["__proto__ as a field", '{"genericContact":{"__proto__":"Email"}}'],
      ["__proto__ as a model", '{"__proto__":{"mail":"Email"}}'],
      ["constructor as a field", { genericContact: { constructor: "Email" } }],
      ["toString as a field", { genericContact: { toString: "Email" } }],
    ])("a mapping naming %s is refused at PUT with 400, nothing stored, no call to Exact", async (_label, body) => {
      const answer = await putMapping(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe("VALIDATION_ERROR");
      expect(answer.calls).toBe(0);
      const stored = (await send("GET", `/v1/connections/exact-online/${OWNER_A}/field-mapping`)).body.data as Record<string, Record<string, string>>;
      expect(stored.genericContact).toMatchObject({ bd: "BirthDate" });
      expect(stored.genericContact).not.toHaveProperty("id2");
    });

    it("a mapped field of a model outside the reference table is read-only and not filterable (its type is unknown)", async () => {
      // The PUT reads a live record of a model outside the table (the sandbox does not serve this one): stored directly.
      const row = (await findConnection(server.ctx.db, "exact-online", OWNER_A))!;
      await saveFieldMapping(server.ctx.db, row.id, { ...row.fieldMapping, exactDocumentType: { extra: "Extra" } }, server.clock.now());
      const filter = await send("GET", "/v1/resources/exactDocumentType?filter[extra]=x");
      expect(filter.status).toBe(400);
      expect(filter.body.error?.details?.field).toBe("filter[extra]");
      expect(filter.calls).toBe(0);
      const write = await send("PATCH", "/v1/resources/exactDocumentType/7", { body: { extra: "x" } });
      expect(write.status).toBe(400);
      expect(write.body.error?.details?.field).toBe("extra");
      expect(write.calls).toBe(0);
    });
  });

  describe("ids of the wrong key type", () => {
    const WRONG_IDS: Record<"guid" | "int", string[]> = {
      guid: ["12345", "not-a-guid", `${GUID}x`, `guid'${GUID}'`],
      int: [GUID, "abc", "-1", "1.5", "1e3"],
    };
    /** Beyond Int32: an Int32 key (a division code) cannot have it; an integer key of unknown width might. */
    const BEYOND_INT32 = "99999999999";
    const METHOD: Partial<Record<Action, string>> = { retrieve: "GET", update: "PATCH", delete: "DELETE" };

    it("for every model and every keyed action it allows: 404 NOT_FOUND, no call to Exact", async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const mapping of server.ctx.models.all()) {
        const keyType = mapping.reference?.keyType ?? "guid";
        for (const action of mapping.actions) {
          const method = METHOD[action];
          if (!method) continue;
          const int32 = mapping.reference?.properties[mapping.keyField]?.type === "Edm.Int32";
          for (const id of [...WRONG_IDS[keyType], ...(int32 ? [BEYOND_INT32] : [])]) {
            checked += 1;
            const answer = await send(method, `/v1/resources/${mapping.model}/${encodeURIComponent(id)}`, method === "PATCH" ? { body: { [mapping.fields.find((f) => f.writable)?.name ?? "x"]: "x" } } : {});
            const label = `${method} ${mapping.model}/${id}`;
            if (answer.status !== 404 || answer.body.error?.code !== "NOT_FOUND") failures.push(`${label}: ${answer.status} ${JSON.stringify(answer.body)}`);
            if (answer.calls !== 0) failures.push(`${label}: ${answer.calls} call(s) to Exact`);
          }
        }
      }
      expect(checked).toBeGreaterThan(40);
      expect(failures).toEqual([]);
    });

    it("a GET of a well-formed key still asks Exact", async () => {
      const answer = await send("GET", `/v1/resources/genericContact/${fixture.contactId}`);
      expect(answer.status).toBe(200);
      expect(answer.calls).toBe(1);
    });
  });
});
