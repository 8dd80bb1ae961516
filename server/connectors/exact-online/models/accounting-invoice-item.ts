/**
 * accountingInvoiceItem ↔ Exact `salesinvoice/SalesInvoiceLines`. Exact computes the line's amounts and VAT
 * from quantity, unit price and VAT code, so those are read only. A line carries no currency of its own in
 * Exact: its amounts are in the currency of its invoice.
 */
import { z } from "zod";
import { guidLiteral } from "../odata";
import { MODEL_ENDPOINTS } from "../operations";
import { AT_LEAST_ONE_FIELD, RECORD_FIELDS, STAMP_FIELDS, atLeastOneField, copyGiven, guidRef, num, isoDateTime, recordId, ref, refId, text } from "./convert";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const KEY = "ID";

/**
 * Exact's VATPercentage is a fraction (0.21 for 21 %); the unified taxRate is a percentage (21). Rounded to
 * two decimals of a percent because 0.09 × 100 is 9.000000000000002 in binary floating point.
 */
export function taxRatePercent(fraction: unknown): number | null {
  const value = num(fraction);
  return value === null ? null : Math.round(value * 10_000) / 100;
}

const lineFields = z.strictObject({
  invoice: guidRef,
  description: z.string().trim().min(1),
  quantity: z.number(),
  unitPrice: z.number(),
  /** Exact VAT code, e.g. "2" (21 %) in a Dutch administration; Exact's default when absent */
  taxCode: z.string().trim().min(1).optional(),
  glAccount: guidRef.nullable().optional(),
  /** position on the invoice; Exact appends the line when absent */
  lineNumber: z.int().positive().optional(),
});

const createSchema = lineFields;
// A line stays on its invoice: moving it is a delete and a create.
const updateSchema = lineFields.omit({ invoice: true }).partial().refine(atLeastOneField, AT_LEAST_ONE_FIELD);

function toUnified(raw: ExactRecord): UnifiedRecord {
  return {
    id: recordId(raw, KEY),
    createdAt: isoDateTime(raw.Created),
    updatedAt: isoDateTime(raw.Modified),
    invoice: ref(raw.InvoiceID),
    lineNumber: num(raw.LineNumber),
    description: text(raw.Description),
    itemCode: text(raw.ItemCode),
    quantity: num(raw.Quantity),
    unitPrice: num(raw.UnitPrice),
    amount: num(raw.AmountFC),
    taxRate: taxRatePercent(raw.VATPercentage),
    taxCode: text(raw.VATCode),
    taxAmount: num(raw.VATAmountFC),
    glAccount: ref(raw.GLAccount),
  };
}

function toExact(input: Record<string, unknown>): ExactRecord {
  const out = copyGiven(input, {
    description: "Description",
    quantity: "Quantity",
    unitPrice: "UnitPrice",
    taxCode: "VATCode",
    lineNumber: "LineNumber",
  });
  if (input.invoice !== undefined) out.InvoiceID = refId(input.invoice);
  if (input.glAccount !== undefined) out.GLAccount = refId(input.glAccount);
  return out;
}

export const accountingInvoiceItem: ModelMapping = {
  model: "accountingInvoiceItem",
  ...MODEL_ENDPOINTS.accountingInvoiceItem,
  keyField: KEY,
  keyLiteral: guidLiteral,
  select: [
    KEY, "InvoiceID", "LineNumber", "Description", "ItemCode", "Quantity", "UnitPrice", "AmountFC", "VATPercentage", "VATCode",
    "VATAmountFC", "GLAccount", ...STAMP_FIELDS,
  ],
  searchFields: ["Description", "ItemCode"],
  filters: {
    invoice: { exactField: "InvoiceID", type: "guid" },
    itemCode: { exactField: "ItemCode", type: "string" },
    taxCode: { exactField: "VATCode", type: "string" },
  },
  fields: [
    ...RECORD_FIELDS,
    { name: "invoice", type: "reference", description: "The accountingInvoice the line is on", writable: true },
    { name: "lineNumber", type: "number", description: "Position on the invoice", writable: true },
    { name: "description", type: "string", description: "Line description", writable: true },
    { name: "itemCode", type: "string", description: "Code of the Exact item sold, if any", writable: false },
    { name: "quantity", type: "number", description: "Quantity", writable: true },
    { name: "unitPrice", type: "number", description: "Price per unit, excluding VAT, in the invoice's currency", writable: true },
    { name: "amount", type: "number", description: "Line amount excluding VAT, in the invoice's currency", writable: false },
    { name: "taxRate", type: "number", description: "VAT rate as a percentage, e.g. 21 (Exact stores 0.21)", writable: false },
    { name: "taxCode", type: "string", description: "Exact's VAT code, e.g. \"2\"", writable: true },
    { name: "taxAmount", type: "number", description: "VAT amount, in the invoice's currency", writable: false },
    { name: "glAccount", type: "reference", description: "Revenue general ledger account", writable: true },
  ],
  toUnified,
  createSchema,
  updateSchema,
  toExact,
};
