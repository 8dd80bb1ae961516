/**
 * accountingInvoice ↔ Exact `salesinvoice/SalesInvoices`. Amounts are in the invoice's own currency (Exact's
 * "FC" fields), so they always go with `currency`. Lines are read by expanding `SalesInvoiceLines`; they are
 * written inline on create only (Exact refuses navigation properties on PUT: change lines through
 * accountingInvoiceItem).
 */
import { z } from "zod";
import { guidLiteral } from "../odata";
import { MODEL_ENDPOINTS } from "../operations";
import { AT_LEAST_ONE_FIELD, RECORD_FIELDS, STAMP_FIELDS, atLeastOneField, codeTable, copyGiven, dateInput, exactCalendarDate, guidRef, isoDate, num, isoDateTime, recordId, ref, refId, text } from "./convert";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const KEY = "InvoiceID";
const LINES = "SalesInvoiceLines";

/** Exact's sales invoice Status: 10 draft, 20 open, 50 processed. */
export const INVOICE_STATUS = codeTable([
  [10, "draft"],
  [20, "open"],
  [50, "processed"],
] as const);

/** Exact's sales invoice Type: 8020 invoice, 8021 credit note. */
export const INVOICE_TYPE = codeTable([
  [8020, "invoice"],
  [8021, "creditNote"],
] as const);

const lineInput = z.strictObject({
  description: z.string().trim().min(1),
  quantity: z.number(),
  unitPrice: z.number(),
  /** Exact VAT code, e.g. "2" (21 %) in a Dutch administration; Exact's default when absent */
  taxCode: z.string().trim().min(1).optional(),
  glAccount: guidRef.optional(),
});

const invoiceFields = z.strictObject({
  customer: guidRef,
  company: guidRef.optional(),
  issueDate: dateInput.optional(),
  dueDate: dateInput.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "Expected an ISO 4217 currency code such as EUR").optional(),
  description: z.string().nullable().optional(),
  type: z.enum(INVOICE_TYPE.values).optional(),
  items: z.array(lineInput).optional(),
});

// Exact requires OrderedBy on create; the unified default is the invoiced customer, the same rule by which
// `toUnified` reads an absent OrderedBy. Done here, not in toExact, so an update never moves OrderedBy.
const createSchema = invoiceFields.transform((input) => ({ ...input, company: input.company ?? input.customer }));

const updateSchema = invoiceFields.omit({ items: true }).partial().refine(atLeastOneField, AT_LEAST_ONE_FIELD);

/** The expanded lines: OData v2 verbose JSON wraps them in `{ results }`; a bare array is accepted too. */
function expandedLines(value: unknown): ExactRecord[] {
  const list = Array.isArray(value) ? value : typeof value === "object" && value !== null && "results" in value ? value.results : [];
  return Array.isArray(list) ? list.filter((line): line is ExactRecord => typeof line === "object" && line !== null) : [];
}

function toUnified(raw: ExactRecord): UnifiedRecord {
  const customer = ref(raw.InvoiceTo);
  return {
    id: recordId(raw, KEY),
    createdAt: isoDateTime(raw.Created),
    updatedAt: isoDateTime(raw.Modified),
    // InvoiceNumber is an Edm.Int32; unified ids and numbers are strings.
    number: raw.InvoiceNumber === null || raw.InvoiceNumber === undefined ? null : String(raw.InvoiceNumber),
    customer,
    // OrderedBy is mandatory in Exact, so it is normally there; when it is not, the account invoiced is
    // also the one that ordered (Exact's own default, in the other direction: InvoiceTo defaults to OrderedBy).
    company: ref(raw.OrderedBy) ?? customer,
    issueDate: isoDate(raw.InvoiceDate),
    dueDate: isoDate(raw.DueDate),
    currency: text(raw.Currency),
    totalAmount: num(raw.AmountFC),
    totalAmountExcludingTax: num(raw.AmountFCExclVat),
    taxAmount: num(raw.VATAmountFC),
    status: INVOICE_STATUS.toUnified(raw.Status),
    type: INVOICE_TYPE.toUnified(raw.Type),
    description: text(raw.Description),
    items: expandedLines(raw[LINES]).flatMap((line) => ref(line.ID) ?? []),
  };
}

function lineToExact(line: Record<string, unknown>): ExactRecord {
  const out = copyGiven(line, { description: "Description", quantity: "Quantity", unitPrice: "UnitPrice", taxCode: "VATCode" });
  if (line.glAccount !== undefined) out.GLAccount = refId(line.glAccount);
  return out;
}

function toExact(input: Record<string, unknown>): ExactRecord {
  const out = copyGiven(input, { currency: "Currency", description: "Description" });
  if (input.customer !== undefined) out.InvoiceTo = refId(input.customer);
  if (input.company !== undefined) out.OrderedBy = refId(input.company);
  if (typeof input.issueDate === "string") out.InvoiceDate = exactCalendarDate(input.issueDate);
  if (typeof input.dueDate === "string") out.DueDate = exactCalendarDate(input.dueDate);
  if (input.type !== undefined) out.Type = INVOICE_TYPE.toExact(input.type);
  if (Array.isArray(input.items)) out[LINES] = input.items.map((line: Record<string, unknown>) => lineToExact(line));
  return out;
}

const codeOf =
  (table: { toExact(value: unknown): number | undefined }) =>
  (value: string): string | undefined => {
    const code = table.toExact(value);
    return code === undefined ? undefined : String(code);
  };

export const accountingInvoice: ModelMapping = {
  model: "accountingInvoice",
  ...MODEL_ENDPOINTS.accountingInvoice,
  keyField: KEY,
  keyLiteral: guidLiteral,
  select: [
    KEY, "InvoiceNumber", "InvoiceTo", "OrderedBy", "InvoiceDate", "DueDate", "Currency", "AmountFC", "AmountFCExclVat", "VATAmountFC",
    "Status", "Type", "Description", LINES, ...STAMP_FIELDS,
  ],
  expand: LINES,
  // InvoiceNumber is an integer in Exact, so substringof cannot search it: use filter[number].
  searchFields: ["InvoiceToName", "Description"],
  filters: {
    number: { exactField: "InvoiceNumber", type: "integer" },
    customer: { exactField: "InvoiceTo", type: "guid" },
    company: { exactField: "OrderedBy", type: "guid" },
    currency: { exactField: "Currency", type: "string" },
    status: { exactField: "Status", type: "integer", toExactValue: codeOf(INVOICE_STATUS) },
    type: { exactField: "Type", type: "integer", toExactValue: codeOf(INVOICE_TYPE) },
  },
  fields: [
    ...RECORD_FIELDS,
    { name: "number", type: "string", description: "Invoice number, assigned by Exact", writable: false },
    { name: "customer", type: "reference", description: "The genericCompany invoiced (Exact's InvoiceTo)", writable: true },
    { name: "company", type: "reference", description: "The genericCompany that ordered (Exact's OrderedBy); defaults to customer", writable: true },
    { name: "issueDate", type: "date", description: "Invoice date, YYYY-MM-DD", writable: true },
    { name: "dueDate", type: "date", description: "Due date, YYYY-MM-DD", writable: true },
    { name: "currency", type: "string", description: "ISO 4217 currency of every amount, e.g. EUR", writable: true },
    { name: "totalAmount", type: "number", description: "Total including VAT, in currency", writable: false },
    { name: "totalAmountExcludingTax", type: "number", description: "Total excluding VAT, in currency", writable: false },
    { name: "taxAmount", type: "number", description: "VAT total, in currency", writable: false },
    { name: "status", type: "string", description: "draft | open | processed (Exact's 10/20/50)", writable: false },
    { name: "type", type: "string", description: "invoice | creditNote (Exact's 8020/8021)", writable: true },
    { name: "description", type: "string", description: "Description", writable: true },
    {
      name: "items",
      type: "references",
      description: "The accountingInvoiceItem lines; on create, give [{ description, quantity, unitPrice, taxCode?, glAccount? }]",
      writable: true,
    },
  ],
  toUnified,
  createSchema,
  updateSchema,
  toExact,
};
