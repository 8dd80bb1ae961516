/**
 * accountingBill ↔ Exact `purchaseentry/PurchaseEntries`: a supplier's invoice, booked in a purchase journal. Its
 * lines (`PurchaseEntryLines`) are read with `$expand` and written inline on create only (Exact: the lines
 * parameter "is not necessary when you PUT"; the sandbox, like Exact for SalesInvoices, refuses navigation
 * properties on PUT). Each line books an amount excluding VAT on a ledger account; Exact computes the VAT from the
 * line's VAT code, or the account's own VAT code when none is given.
 *
 * Exact makes Supplier, Journal and at least one line mandatory; a bill missing one is refused here, naming the
 * field, before Exact is called. Without a journal, the division's only purchase journal is taken.
 */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { MorphError } from "../../../errors";
import { purchaseEntries } from "../reference/purchaseentry-purchase-entries";
import { purchaseEntryLines } from "../reference/purchaseentry-purchase-entry-lines";
import { taxRatePercent } from "./accounting-invoice-item";
import { codeTable } from "./convert";
import { defineModel, type FieldDecl } from "./define-model";
import { createShape } from "./input-schemas";
import type { CreateHelpers, ExactRecord } from "./types";

const LINES = "PurchaseEntryLines";

/** Exact's purchase entry Status: 5 rejected, 20 open, 50 processed. */
export const BILL_STATUS = codeTable([
  [5, "rejected"],
  [20, "open"],
  [50, "processed"],
] as const);

/** Exact's purchase entry Type: 30 purchase entry, 31 purchase credit note (negative amounts). */
export const BILL_TYPE = codeTable([
  [30, "bill"],
  [31, "creditNote"],
] as const);

const lineFields: readonly FieldDecl[] = [
  { name: "lineNumber", exact: "LineNumber", type: "integer", description: "Position on the bill, assigned by Exact" },
  { name: "description", exact: "Description", type: "string", writable: true, nullable: true, description: "Line description" },
  { name: "account", exact: "GLAccount", type: "reference", writable: true, required: true, description: "The accountingLedgerAccount (financial/GLAccounts) the cost is booked on" },
  // Exact's AmountFC on a purchase line excludes VAT; a credit note's amounts are negative ("In case of a credit invoice the amount should have negative value").
  { name: "amount", exact: "AmountFC", type: "number", writable: true, required: true, description: "Amount excluding VAT, in the bill's currency; negative on a credit note" },
  { name: "quantity", exact: "Quantity", type: "number", writable: true, nullable: true, description: "Quantity (informative)" },
  { name: "taxCode", exact: "VATCode", type: "string", writable: true, input: z.string().trim().min(1), description: "Exact's VAT code, e.g. \"2\"; the account's own when not given" },
  { name: "taxRate", exact: "VATPercentage", type: "number", read: (raw) => taxRatePercent(raw.VATPercentage), description: "VAT rate as a percentage, e.g. 21" },
  { name: "taxAmount", exact: "VATAmountFC", type: "number", description: "VAT amount, computed by Exact from the VAT code" },
];

/** The lines as one more model over PurchaseEntryLines: not a built-in model (Exact has no topic or sync of its own for them), only their conversions. */
const billLine = defineModel({ model: "accountingBill.lines", label: "Bill lines", reference: purchaseEntryLines, actions: ["list", "retrieve", "create"], fields: lineFields });
const lineInput = z.strictObject(createShape("accountingBill.lines", lineFields));

function expandedLines(value: unknown): ExactRecord[] {
  const list = Array.isArray(value) ? value : typeof value === "object" && value !== null && "results" in value ? value.results : [];
  return Array.isArray(list) ? list.filter((line): line is ExactRecord => typeof line === "object" && line !== null) : [];
}

/** Without a journal, the division's purchase journal when there is exactly one; otherwise the caller chooses. */
async function choosePurchaseJournal(input: Record<string, unknown>, exact: CreateHelpers): Promise<Record<string, unknown>> {
  if (input.journal !== undefined) return input;
  const journals = await exact.purchaseJournals();
  if (journals.length === 1) return { ...input, journal: journals[0]?.code };
  const message =
    journals.length === 0
      ? "journal: this Exact administration has no purchase journal; create one in Exact first (financial/Journals, type 22)"
      : `journal: this Exact administration has ${journals.length} purchase journals; give one of ${journals.map((j) => j.code).join(", ")}`;
  throw new MorphError("VALIDATION_ERROR", message, { field: "journal", journals });
}

export const accountingBill = defineModel({
  model: "accountingBill",
  label: "Bills",
  reference: purchaseEntries,
  actions: ACTIONS,
  fields: [
    {
      name: "number", exact: "EntryNumber", type: "string", filter: true, description: "Entry number in the purchase journal, assigned by Exact",
      read: (raw) => (raw.EntryNumber === null || raw.EntryNumber === undefined ? null : String(raw.EntryNumber)),
      filterValue: (value) => (/^\d{1,9}$/.test(value) ? value : undefined),
    },
    { name: "supplier", exact: "Supplier", type: "reference", writable: true, required: true, filter: true, description: "The genericCompany that sent the bill (Exact's Supplier)" },
    {
      name: "journal", exact: "Journal", type: "string", writable: true, createOnly: true, filter: true, input: z.string().trim().min(1).max(20),
      description: "Code of the purchase journal; the division's only purchase journal when not given",
    },
    { name: "reference", exact: "YourRef", type: "string", writable: true, nullable: true, search: true, description: "The supplier's invoice number (Exact's YourRef)" },
    { name: "issueDate", exact: "EntryDate", type: "date", writable: true, description: "Invoice date, YYYY-MM-DD" },
    { name: "dueDate", exact: "DueDate", type: "date", writable: true, nullable: true, description: "Due date, YYYY-MM-DD" },
    {
      name: "currency", exact: "Currency", type: "string", writable: true, filter: true, description: "ISO 4217 currency of every amount, e.g. EUR",
      input: z.string().regex(/^[A-Z]{3}$/, "Expected an ISO 4217 currency code such as EUR"),
    },
    { name: "totalAmount", exact: "AmountFC", type: "number", description: "Total including VAT, in currency" },
    { name: "taxAmount", exact: "VATAmountFC", type: "number", description: "VAT total, in currency" },
    { name: "status", exact: "Status", type: "string", filter: true, codes: BILL_STATUS, description: "rejected | open | processed (Exact's 5/20/50)" },
    { name: "type", exact: "Type", type: "string", filter: true, codes: BILL_TYPE, description: "bill | creditNote (Exact's 30/31, from the sign of the amounts)" },
    { name: "description", exact: "Description", type: "string", writable: true, nullable: true, search: true, description: "Description" },
    { name: "paymentReference", exact: "PaymentReference", type: "string", writable: true, nullable: true, description: "Payment reference for the bank transfer" },
    { name: "attachment", exact: "Document", type: "reference", writable: true, nullable: true, description: "The accountingAttachment's document (documents/Documents) with the scanned bill" },
  ],
  expand: LINES,
  extraFields: [
    {
      name: "lines", type: "object", writable: true, required: true, createOnly: true,
      input: z.array(lineInput).min(1, "A bill needs at least one line, each booking an amount on a ledger account"),
      description: "The lines [{ id, lineNumber, description, account: { id }, amount, quantity, taxCode, taxRate, taxAmount }]; on create, give at least one [{ account: { id }, amount, description?, quantity?, taxCode? }]",
    },
  ],
  readExtra: (raw, unified) => {
    unified.lines = expandedLines(raw[LINES]).map((line) => {
      const { createdAt: _c, updatedAt: _u, ...rest } = billLine.toUnified(line);
      return rest;
    });
  },
  writeExtra: (input, out) => {
    if (Array.isArray(input.lines)) out[LINES] = input.lines.map((line: Record<string, unknown>) => billLine.toExact!(line));
  },
  completeCreate: choosePurchaseJournal,
});
