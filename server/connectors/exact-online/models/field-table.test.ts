/**
 * Each field is declared once: the create/update schemas are derived from the field table that `/fields`
 * shows. These tests hold the two to each other for every model (custom ones too), and the table to
 * Exact's reference: a create with only the required fields gives Exact every property it makes mandatory.
 */
import { describe, expect, test } from "vitest";
import { MODELS } from "../../../../src/protocol";
import { parseCustomModels } from "../custom-models";
import { checkMapping, missingOnCreate, sampleOf } from "./check-mapping";
import { MODEL_MAPPINGS } from "./index";
import type { ModelMapping, UnifiedField } from "./types";

const ID = { id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" };
const LINE = { item: ID, quantity: 1 };

/** A valid value per field where its type's sample is not one (a format, an enum, nested lines). */
/** A tiny PDF, base64: what an attachment's `content` must be (its first bytes say %PDF-). */
const PDF = Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64");
const VALID: Record<string, unknown> = { content: PDF, fileName: "factuur.pdf", linkedTo: { type: "invoice", id: ID.id }, email: "a@b.example", country: "NL", currency: "EUR", status: "customer", type: "creditNote", items: [LINE], lines: [{ account: ID, amount: 100 }] };
/** Model-level rules a create must also meet, beyond the required fields. */
const RULE_EXTRAS: Record<string, Record<string, unknown>> = { genericContact: { lastName: "Jansen" } };
/** Fields written on create only (the table marks them writable; an update refuses them as unknown). */
const CREATE_ONLY: Record<string, string[]> = { accountingInvoice: ["journal", "items"], accountingInvoiceItem: ["invoice"], accountingBill: ["journal", "lines"], accountingJournalEntry: ["journal", "currency", "date", "lines"] };

const custom = parseCustomModels([
  {
    name: "exactProject",
    endpoint: "crm/Accounts",
    key: "ID",
    keyType: "guid",
    operations: ["list", "retrieve", "create", "update"],
    fields: [
      { name: "title", exact: "Name", type: "string", writable: true },
      { name: "since", exact: "StartDate", type: "date", writable: true },
      { name: "parent", exact: "Parent", type: "reference", writable: true },
      { name: "blocked", exact: "Blocked", type: "boolean", writable: true, filter: true },
      { name: "code", exact: "Code", type: "string" },
    ],
  },
])[0]!;

const MAPPINGS: ModelMapping[] = [...MODELS.map((model) => MODEL_MAPPINGS[model]), custom];

/** The same, per model, where a field name means another enum there (a ledger account's `type`). */
const VALID_IN: Record<string, Record<string, unknown>> = {
  accountingLedgerAccount: { type: "revenue", classification: "profitAndLoss", balanceSide: "credit" },
  accountingJournalEntry: { lines: [{ ledgerAccount: ID, amount: 100 }, { ledgerAccount: ID, amount: -100 }] },
};

function validValue(mapping: ModelMapping, field: UnifiedField): unknown {
  const own = VALID_IN[mapping.model];
  if (own && Object.hasOwn(own, field.name)) return own[field.name];
  return Object.hasOwn(VALID, field.name) ? VALID[field.name] : sampleOf(mapping)[field.name];
}

/** The smallest create the table allows: its required fields, and what a model-level rule asks. */
function minimalCreate(mapping: ModelMapping): Record<string, unknown> {
  const required = mapping.fields.filter((f) => f.required).map((f) => [f.name, validValue(mapping, f)]);
  return { ...Object.fromEntries(required), ...RULE_EXTRAS[mapping.model] };
}

/** The schema refused the field by name: as an unknown key, or with its own message at its path. */
function refusedField(result: { success: boolean; error?: { issues: Array<{ code: string; path: PropertyKey[]; keys?: string[] }> } }, name: string) {
  const issue = result.error?.issues[0];
  return result.success === false && (issue?.code === "unrecognized_keys" ? issue.keys?.includes(name) === true : issue?.path[0] === name);
}

describe.each(MAPPINGS.filter((m) => m.createSchema).map((m) => [m.model, m] as const))("%s: schemas and field table agree", (_model, mapping) => {
  const create = mapping.createSchema!;
  // A model Exact creates but never updates (a journal entry: no PUT) has no update schema at all.
  const update = mapping.updateSchema;
  const writable = mapping.fields.filter((f) => f.writable);
  const createOnly = CREATE_ONLY[mapping.model] ?? [];

  test("a create of only the required fields passes", () => {
    expect(create.safeParse(minimalCreate(mapping)).error?.issues).toBeUndefined();
  });

  test.each(writable.map((f) => [f.name, f] as const))("writable %s is taken on create, and on update unless create-only", (name, field) => {
    const value = validValue(mapping, field);
    expect(create.safeParse({ ...minimalCreate(mapping), [name]: value }).error?.issues).toBeUndefined();
    if (!update) return expect(mapping.actions).not.toContain("update");
    const updated = update.safeParse({ [name]: value });
    if (createOnly.includes(name)) expect(refusedField(updated, name)).toBe(true);
    else expect(updated.error?.issues).toBeUndefined();
  });

  test.each(mapping.fields.filter((f) => !f.writable).map((f) => [f.name] as const))("read-only %s is refused on create and update", (name) => {
    expect(refusedField(create.safeParse({ ...minimalCreate(mapping), [name]: "x" }), name)).toBe(true);
    if (update) expect(refusedField(update.safeParse({ [name]: "x" }), name)).toBe(true);
  });

  test.each(mapping.fields.filter((f) => f.required).map((f) => [f.name] as const))("required %s is needed on create, and not as null", (name) => {
    const { [name]: _left, ...rest } = minimalCreate(mapping);
    expect(create.safeParse(rest).error?.issues[0]?.path).toEqual([name]);
    expect(create.safeParse({ ...rest, [name]: null }).error?.issues[0]?.path).toEqual([name]);
  });

  test("an unknown field is refused, and an empty update", () => {
    expect(refusedField(create.safeParse({ ...minimalCreate(mapping), notAField: 1 }), "notAField")).toBe(true);
    if (update) expect(update.safeParse({}).success).toBe(false);
  });
});

describe.each(MAPPINGS.filter((m) => m.createSchema).map((m) => [m.model, m] as const))("%s: field table and Exact's reference agree", (_model, mapping) => {
  test("every writable field, at a valid value, writes a property Exact has, that is writable, with a value its type takes", () => {
    const all = Object.fromEntries(mapping.fields.filter((f) => f.writable).map((f) => [f.name, validValue(mapping, f)]));
    expect(checkMapping(mapping, all)).toEqual([]);
  });

  test("a create of only the required fields gives Exact every mandatory property (with the model's own defaults)", async () => {
    const parsed = mapping.createSchema!.parse(minimalCreate(mapping));
    const completed = mapping.completeCreate ? await mapping.completeCreate(parsed, { salesJournals: async () => [{ code: "70", description: null }], purchaseJournals: async () => [{ code: "60", description: null }], createFirst: async () => ({ ID: ID.id }) }) : parsed;
    expect(missingOnCreate(mapping.reference!, mapping.toExact!(completed))).toEqual([]);
  });
});

describe("the checks bite", () => {
  test("a required field the table forgets is a mandatory property missing on create", () => {
    const contact = MODEL_MAPPINGS.genericContact;
    expect(missingOnCreate(contact.reference!, contact.toExact!({ lastName: "Jansen" }))).toEqual(["Account"]);
    const invoice = MODEL_MAPPINGS.accountingInvoice;
    expect(missingOnCreate(invoice.reference!, invoice.toExact!({ customer: ID, items: [{ quantity: 1 }] }))).toEqual(["Journal", "OrderedBy", "SalesInvoiceLines.Item"]);
  });

  test("a value of the wrong type for its property is named", () => {
    const line = MODEL_MAPPINGS.accountingInvoiceItem;
    expect(checkMapping(line, { quantity: "many" })).toEqual([
      'accountingInvoiceItem (salesinvoice/SalesInvoiceLines): writes Quantity as "many", which is not a number',
    ]);
  });
});
