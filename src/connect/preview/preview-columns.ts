import type { BuiltInModel, Model } from "../../protocol";
import { isBuiltInModel } from "../permissions";

type Row = Record<string, unknown>;
export interface PreviewColumn {
  /** A key of the catalogue's `columns` (translated), or a custom model's field name (shown as is). */
  header: string;
  value(row: Row, locale: string): string;
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
const field = (key: string) => (row: Row) => text(row[key]);
const personName = (row: Row) => [row.firstName, row.lastName].filter(Boolean).join(" ") || text(row.name);
/** References are `{ id }` objects; the server may add a display name. */
const reference = (key: string) => (row: Row) => {
  const value = row[key] as { name?: unknown; id?: unknown } | null | undefined;
  return typeof value === "object" && value ? text(value.name ?? value.id) : text(value);
};
const amount = (key: string) => (row: Row, locale: string) => {
  const value = row[key];
  if (typeof value !== "number") return text(value);
  const currency = typeof row.currency === "string" ? row.currency : undefined;
  try {
    return new Intl.NumberFormat(locale, currency ? { style: "currency", currency } : { maximumFractionDigits: 2 }).format(value);
  } catch {
    return String(value);
  }
};

const name: PreviewColumn = { header: "name", value: personName };
const email: PreviewColumn = { header: "email", value: field("email") };

/** A few telling columns per model: the preview proves the connection works, it is not a data grid. */
export const previewColumns: Record<BuiltInModel, PreviewColumn[]> = {
  genericContact: [name, email],
  genericCompany: [name, email],
  genericUser: [name, email],
  genericWorkspace: [name],
  accountingInvoice: [
    { header: "number", value: field("number") },
    { header: "customer", value: reference("customer") },
    { header: "total", value: amount("totalAmount") },
  ],
  accountingInvoiceItem: [
    { header: "description", value: field("description") },
    { header: "quantity", value: field("quantity") },
    { header: "amount", value: amount("amount") },
  ],
  accountingProduct: [
    { header: "code", value: field("code") },
    { header: "name", value: field("name") },
  ],
  accountingBill: [
    { header: "number", value: field("number") },
    { header: "supplier", value: reference("supplier") },
    { header: "total", value: amount("totalAmount") },
  ],
  accountingPayment: [
    { header: "number", value: field("invoiceNumber") },
    { header: "dueDate", value: field("dueDate") },
    { header: "amount", value: amount("amount") },
  ],
  accountingReceivable: [
    { header: "number", value: field("invoiceNumber") },
    { header: "dueDate", value: field("dueDate") },
    { header: "amount", value: amount("amount") },
  ],
  accountingLedgerAccount: [
    { header: "code", value: field("code") },
    { header: "name", value: field("name") },
  ],
  accountingTaxRate: [
    { header: "code", value: field("code") },
    { header: "name", value: field("name") },
  ],
  accountingJournalEntry: [{ header: "number", value: field("number") }],
  accountingBalance: [
    { header: "code", value: field("ledgerAccountCode") },
    { header: "amount", value: amount("amount") },
  ],
  accountingAttachment: [
    { header: "fileName", value: field("fileName") },
    { header: "subject", value: field("subject") },
  ],
};

const MAX_DERIVED_COLUMNS = 3;
/** Every record has these; they tell a person nothing about the data. */
const BOOKKEEPING_FIELDS = new Set(["id", "createdAt", "updatedAt", "raw"]);

const isShown = (value: unknown) =>
  typeof value === "string" ||
  typeof value === "number" ||
  typeof value === "boolean" ||
  (typeof value === "object" && value !== null && !Array.isArray(value) && "id" in value);

/**
 * A custom model's columns, from its rows: the first fields (in the server's order) that hold text,
 * numbers, booleans or references in any row, skipping id and timestamps. Without fields, the id.
 * Booleans show as ✓ and –, which need no translation.
 */
export function derivedColumns(rows: readonly Row[]): PreviewColumn[] {
  const fields: string[] = [];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (!BOOKKEEPING_FIELDS.has(key) && !fields.includes(key) && isShown(value)) fields.push(key);
    }
  }
  const chosen = fields.slice(0, MAX_DERIVED_COLUMNS);
  if (chosen.length === 0) return [{ header: "id", value: field("id") }];
  return chosen.map((key) => ({ header: key, value: (row: Row) => (typeof row[key] === "boolean" ? (row[key] ? "✓" : "–") : reference(key)(row)) }));
}

/** The built-in model's chosen columns, or columns derived from a custom model's rows. */
export function columnsFor(model: Model, rows: readonly Row[]): PreviewColumn[] {
  return isBuiltInModel(model) ? previewColumns[model] : derivedColumns(rows);
}
