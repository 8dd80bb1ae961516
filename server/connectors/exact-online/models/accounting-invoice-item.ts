/**
 * accountingInvoiceItem ↔ Exact `salesinvoice/SalesInvoiceLines`. Exact computes the line's amounts and VAT
 * from quantity, unit price and VAT code, so those are read only. A line carries no currency of its own in
 * Exact: its amounts are in the currency of its invoice. Exact keeps no Created/Modified on lines, so
 * `createdAt`/`updatedAt` are null. Every line sells an item (`logistics/Items`): Exact refuses free-text lines.
 */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { salesInvoiceLines } from "../reference/salesinvoice-sales-invoice-lines";
import { num } from "./convert";
import { defineModel, type FieldDecl } from "./define-model";
import { createShape } from "./input-schemas";

/**
 * Exact's VATPercentage is a fraction (0.21 for 21 %); the unified taxRate is a percentage (21). Rounded to
 * two decimals of a percent because 0.09 × 100 is 9.000000000000002 in binary floating point.
 */
export function taxRatePercent(fraction: unknown): number | null {
  const value = num(fraction);
  return value === null ? null : Math.round(value * 10_000) / 100;
}

const fields: readonly FieldDecl[] = [
  // A line stays on its invoice: moving it is a delete and a create.
  { name: "invoice", exact: "InvoiceID", type: "reference", writable: true, required: true, createOnly: true, filter: true, description: "The accountingInvoice the line is on" },
  { name: "lineNumber", exact: "LineNumber", type: "integer", description: "Position on the invoice, assigned by Exact" },
  // Exact fills description, VAT code and revenue account from the item.
  { name: "item", exact: "Item", type: "reference", writable: true, required: true, filter: true, description: "The Exact item sold (logistics/Items)" },
  { name: "itemCode", exact: "ItemCode", type: "string", filter: true, search: true, description: "Code of the Exact item sold" },
  {
    name: "description", exact: "Description", type: "string", writable: true, input: z.string().trim().min(1), search: true,
    description: "Line description; the item's when not given",
  },
  { name: "quantity", exact: "Quantity", type: "number", writable: true, required: true, description: "Quantity" },
  { name: "unitPrice", exact: "UnitPrice", type: "number", writable: true, description: "Price per unit, excluding VAT, in the invoice's currency" },
  { name: "amount", exact: "AmountFC", type: "number", description: "Line amount excluding VAT, in the invoice's currency" },
  { name: "taxRate", exact: "VATPercentage", type: "number", read: (raw) => taxRatePercent(raw.VATPercentage), description: "VAT rate as a percentage, e.g. 21 (Exact stores 0.21)" },
  { name: "taxCode", exact: "VATCode", type: "string", writable: true, input: z.string().trim().min(1), filter: true, description: "Exact's VAT code, e.g. \"2\"" },
  { name: "taxAmount", exact: "VATAmountFC", type: "number", description: "VAT amount, in the invoice's currency" },
  { name: "glAccount", exact: "GLAccount", type: "reference", writable: true, nullable: true, description: "Revenue general ledger account; the item's when not given" },
];

/** One line as a new invoice takes it inline in `items`: what a line create takes, but its invoice. */
export const lineInput = z.strictObject(createShape("accountingInvoice.items", fields.filter((field) => field.name !== "invoice")));

export const accountingInvoiceItem = defineModel({
  model: "accountingInvoiceItem",
  label: "Invoice lines",
  reference: salesInvoiceLines,
  actions: ACTIONS,
  fields,
});
