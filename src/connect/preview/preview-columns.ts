import type { Messages } from "../../i18n/en";
import type { Model } from "../../protocol";

type Row = Record<string, unknown>;
export interface PreviewColumn {
  header: keyof Messages["columns"];
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
export const previewColumns: Record<Model, PreviewColumn[]> = {
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
};
