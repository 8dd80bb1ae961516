/**
 * The mappings against the Exact Online sandbox, in-process over its HTTP routes: every `$select`,
 * `$expand`, search field and filter must be accepted by it, every seeded record must map, a filter on a
 * record's own unified value must find that record again, and every create/update body must be one
 * Exact takes (unknown properties are a 400 there, as on Exact).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { MODELS } from "../../../../src/protocol";
import { createExactSandbox, type ExactSandbox } from "../../../sandbox";
import { submitConsent, tokenRequest } from "../../../test-support/sandbox-client";
import { and, literal, searchFilter } from "../odata";
import { MODEL_MAPPINGS } from "./index";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const DIVISION = 1234567;
const REDIRECT_URI = "http://127.0.0.1:9/callback";

let sandbox: ExactSandbox;
let accessToken: string;

async function signIn(): Promise<string> {
  const redirect = await submitConsent(sandbox, { division: DIVISION, redirectUri: REDIRECT_URI });
  const answer = await tokenRequest(sandbox, { grant_type: "authorization_code", code: redirect.searchParams.get("code") ?? "", redirect_uri: REDIRECT_URI });
  return ((await answer.json()) as { access_token: string }).access_token;
}

async function exact(method: string, path: string, query: Record<string, string | undefined> = {}, body?: unknown) {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const response = await sandbox.app.request(`/api/v1/${DIVISION}/${path}?${params}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json", "content-type": "application/json", prefer: "return=representation" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as { d: ExactRecord & { results?: ExactRecord[] } }) : undefined, text };
}

/** A list read exactly as the connector does it: $select, $expand, $filter from the mapping. */
async function list(mapping: ModelMapping, filter?: string): Promise<ExactRecord[]> {
  const answer = await exact("GET", mapping.endpoint, { $select: mapping.select.join(","), $expand: mapping.expand, $filter: and([mapping.alwaysFilter, filter]) });
  expect(answer.status, answer.text).toBe(200);
  return answer.json?.d.results ?? [];
}

async function retrieve(mapping: ModelMapping, id: string): Promise<UnifiedRecord> {
  const answer = await exact("GET", `${mapping.endpoint}(${mapping.keyLiteral(id)})`, { $select: mapping.select.join(","), $expand: mapping.expand });
  expect(answer.status, answer.text).toBe(200);
  return mapping.toUnified(answer.json?.d ?? {});
}

/** How a unified value is written in `?filter[field]=…`. */
function filterText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object" && value !== null && "id" in value) return String(value.id);
  return undefined;
}

beforeAll(async () => {
  sandbox = createExactSandbox({ publicUrl: "http://127.0.0.1:9", minutelyLimit: 100_000, dailyLimit: 100_000, errorBlockThreshold: Infinity });
  accessToken = await signIn();
});

describe.each(MODELS)("%s against the sandbox", (model) => {
  const mapping = MODEL_MAPPINGS[model];

  test("the select is accepted and every seeded record maps to a unified record", async () => {
    const rows = await list(mapping);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const unified = mapping.toUnified(row);
      expect(unified.id).not.toBe("");
      if (mapping.select.includes("Created")) {
        expect(unified.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        expect(unified.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      } else {
        // Exact keeps no timestamps on invoice lines.
        expect([unified.createdAt, unified.updatedAt]).toEqual([null, null]);
      }
    }
    const first = mapping.toUnified(rows[0] as ExactRecord);
    expect(await retrieve(mapping, first.id)).toEqual(first);
  });

  test("each search field finds a record by part of its own text", async () => {
    const [row] = await list(mapping);
    const full = await exact("GET", `${mapping.endpoint}(${mapping.keyLiteral(mapping.toUnified(row as ExactRecord).id)})`);
    const raw = full.json?.d ?? {};
    for (const field of mapping.searchFields) {
      const value = raw[field];
      expect(typeof value, `${field} is a text field`).toBe("string");
      const needle = (value as string).trim().slice(0, 6).toUpperCase(); // Exact's search is case-insensitive
      const found = await list(mapping, searchFilter(mapping.searchFields, needle));
      expect(found.map((r) => r[mapping.keyField])).toContain(raw[mapping.keyField]);
    }
  });

  test("each filter finds a record by its own unified value", async () => {
    const [row] = await list(mapping);
    const unified = mapping.toUnified(row as ExactRecord);
    for (const [field, filter] of Object.entries(mapping.filters)) {
      const given = filterText(unified[field]);
      expect(given, `${model}.${field} has a value to filter on`).toBeDefined();
      const exactValue = filter.toExactValue ? filter.toExactValue(given as string) : given;
      const lit = exactValue === undefined ? undefined : literal(filter.type, exactValue);
      expect(lit, `${model}.${field}=${given}`).toBeDefined();
      const found = await list(mapping, and([`${filter.exactField} eq ${lit}`]));
      expect(found.map((r) => mapping.toUnified(r).id), `${model}.${field}=${given}`).toContain(unified.id);
    }
  });
});

describe("writes through the sandbox", () => {
  async function firstId(mapping: ModelMapping): Promise<string> {
    return mapping.toUnified((await list(mapping))[0] as ExactRecord).id;
  }

  async function create(mapping: ModelMapping, input: unknown): Promise<UnifiedRecord> {
    const body = mapping.toExact!(mapping.createSchema!.parse(input));
    const answer = await exact("POST", mapping.endpoint, {}, body);
    expect(answer.status, answer.text).toBe(201);
    return retrieve(mapping, mapping.toUnified(answer.json?.d ?? {}).id);
  }

  async function update(mapping: ModelMapping, id: string, input: unknown): Promise<UnifiedRecord> {
    const answer = await exact("PUT", `${mapping.endpoint}(${mapping.keyLiteral(id)})`, {}, mapping.toExact!(mapping.updateSchema!.parse(input)));
    expect(answer.status, answer.text).toBe(204);
    return retrieve(mapping, id);
  }

  test("genericCompany: create and update round-trip", async () => {
    const mapping = MODEL_MAPPINGS.genericCompany;
    const created = await create(mapping, {
      name: "Bakkerij Test B.V.", email: "info@test.example", phoneNumber: "+31 20 000 0000", website: "https://test.example",
      code: "99990", city: "Utrecht", country: "NL", status: "prospect", isSupplier: true,
    });
    expect(created).toMatchObject({
      name: "Bakkerij Test B.V.", email: "info@test.example", phoneNumber: "+31 20 000 0000", website: "https://test.example",
      code: "99990", city: "Utrecht", country: "NL", status: "prospect", isCustomer: true, isSupplier: true,
    });
    expect(await update(mapping, created.id, { status: "customer", website: null })).toMatchObject({ status: "customer", website: null, name: "Bakkerij Test B.V." });
  });

  test("genericContact: create and update round-trip", async () => {
    const mapping = MODEL_MAPPINGS.genericContact;
    const company = await firstId(MODEL_MAPPINGS.genericCompany);
    const created = await create(mapping, {
      firstName: "Liam", lastName: "O'Brien", email: "liam@obrien.example", phoneNumber: "+31 20 111 2222",
      mobileNumber: "+31 6 1111 2222", jobTitle: "Eigenaar", company: { id: company },
    });
    expect(created).toMatchObject({
      firstName: "Liam", lastName: "O'Brien", fullName: "Liam O'Brien", email: "liam@obrien.example", phoneNumber: "+31 20 111 2222",
      mobileNumber: "+31 6 1111 2222", jobTitle: "Eigenaar", company: { id: company },
    });
    expect(await update(mapping, created.id, { company: null, jobTitle: "Inkoper" })).toMatchObject({ company: null, jobTitle: "Inkoper", lastName: "O'Brien" });
  });

  test("accountingInvoice with lines, then a line of its own", async () => {
    const customer = await firstId(MODEL_MAPPINGS.genericCompany);
    const items = (await exact("GET", "logistics/Items", { $filter: "ID ne guid'00000000-0000-0000-0000-000000000000'", $select: "ID,Code" })).json?.d.results ?? [];
    const item = (code: string) => ({ id: String(items.find((i) => i.Code === code)?.ID) });
    const invoice = await create(MODEL_MAPPINGS.accountingInvoice, {
      customer: { id: customer },
      journal: "70",
      dueDate: "2026-03-02",
      currency: "EUR",
      description: "Levering januari 2026",
      items: [
        { item: item("BR-VK"), quantity: 20, unitPrice: 3.45, taxCode: "1" },
        { item: item("BR-WT"), description: "Bezorgkosten", quantity: 1, unitPrice: 15, taxCode: "2" },
      ],
    });
    expect(invoice).toMatchObject({
      customer: { id: customer }, company: { id: customer }, journal: "70", dueDate: "2026-03-02", currency: "EUR",
      description: "Levering januari 2026", status: "draft", type: "invoice",
      totalAmountExcludingTax: 84, taxAmount: 9.36, totalAmount: 93.36, // 69 × 9 % = 6.21, 15 × 21 % = 3.15
    });
    expect(invoice.number).toMatch(/^\d+$/);
    expect(invoice.items).toHaveLength(2);

    const lines = MODEL_MAPPINGS.accountingInvoiceItem;
    const [firstLine] = invoice.items as Array<{ id: string }>;
    expect(await retrieve(lines, firstLine?.id ?? "")).toMatchObject({
      invoice: { id: invoice.id }, lineNumber: 1, description: "Volkorenbrood", quantity: 20, unitPrice: 3.45, amount: 69, taxRate: 9, taxCode: "1", taxAmount: 6.21,
    });
    const added = await create(lines, { invoice: { id: invoice.id }, item: item("BR-WT"), description: "Workshop broodbakken", quantity: 2, unitPrice: 65, taxCode: "2" });
    expect(added).toMatchObject({ invoice: { id: invoice.id }, lineNumber: 3, amount: 130, taxRate: 21, taxAmount: 27.3 });
    expect(await update(lines, added.id, { quantity: 3 })).toMatchObject({ quantity: 3, amount: 195 });
    expect((await retrieve(MODEL_MAPPINGS.accountingInvoice, invoice.id)).items).toHaveLength(3);

    const changed = await update(MODEL_MAPPINGS.accountingInvoice, invoice.id, { description: "Gewijzigd", dueDate: "2026-04-01" });
    expect(changed).toMatchObject({ description: "Gewijzigd", dueDate: "2026-04-01", issueDate: invoice.issueDate });
  });
});
