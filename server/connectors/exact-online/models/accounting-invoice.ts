/**
 * accountingInvoice ↔ Exact `salesinvoice/SalesInvoices`. Amounts are in the invoice's own currency (Exact's
 * "FC" fields), so they always go with `currency`. Lines are read by expanding `SalesInvoiceLines`; they are
 * written inline on create only (Exact refuses navigation properties on PUT: change lines through
 * accountingInvoiceItem). Exact needs a sales journal, OrderedBy, and at least one line selling an item.
 */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { MorphError } from "../../../errors";
import { salesInvoices } from "../reference/salesinvoice-sales-invoices";
import { accountingInvoiceItem, lineInput } from "./accounting-invoice-item";
import { codeTable, ref } from "./convert";
import { defineModel } from "./define-model";
import { readAmountDue } from "./invoice-amount-due";
import type { CreateHelpers, ExactRecord } from "./types";

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

/** The expanded lines: OData v2 verbose JSON wraps them in `{ results }`; a bare array is accepted too. */
function expandedLines(value: unknown): ExactRecord[] {
  const list = Array.isArray(value) ? value : typeof value === "object" && value !== null && "results" in value ? value.results : [];
  return Array.isArray(list) ? list.filter((line): line is ExactRecord => typeof line === "object" && line !== null) : [];
}

/** Without a journal, the division's sales journal, when there is exactly one; otherwise the caller chooses. */
async function chooseJournal(input: Record<string, unknown>, exact: CreateHelpers): Promise<Record<string, unknown>> {
  if (input.journal !== undefined) return input;
  const journals = await exact.salesJournals();
  if (journals.length === 1) return { ...input, journal: journals[0]?.code };
  const message =
    journals.length === 0
      ? "journal: this Exact administration has no sales journal; create one in Exact first"
      : `journal: this Exact administration has ${journals.length} sales journals; give one of ${journals.map((j) => j.code).join(", ")}`;
  throw new MorphError("VALIDATION_ERROR", message, { field: "journal", journals });
}

export const accountingInvoice = defineModel({
  model: "accountingInvoice",
  label: "Sales invoices",
  reference: salesInvoices,
  actions: ACTIONS,
  fields: [
    {
      name: "number", exact: "InvoiceNumber", type: "string", filter: true, description: "Invoice number, assigned by Exact",
      // InvoiceNumber is an Edm.Int32; unified ids and numbers are strings.
      read: (raw) => (raw.InvoiceNumber === null || raw.InvoiceNumber === undefined ? null : String(raw.InvoiceNumber)),
    },
    { name: "customer", exact: "InvoiceTo", type: "reference", writable: true, required: true, filter: true, description: "The genericCompany invoiced (Exact's InvoiceTo)" },
    {
      name: "company", exact: "OrderedBy", type: "reference", writable: true, filter: true,
      description: "The genericCompany that ordered (Exact's OrderedBy); defaults to customer",
      // When OrderedBy is missing, the account invoiced is also the one that ordered (Exact's own default,
      // in the other direction: InvoiceTo defaults to OrderedBy).
      alsoReads: ["InvoiceTo"], read: (raw) => ref(raw.OrderedBy) ?? ref(raw.InvoiceTo),
    },
    {
      // the code of a sales journal (financial/Journals, Type 20); an invoice stays in its journal
      name: "journal", exact: "Journal", type: "string", writable: true, createOnly: true, filter: true, input: z.string().trim().min(1).max(20),
      description: "Code of the sales journal; the division's only sales journal when not given",
    },
    {
      name: "issueDate", exact: "InvoiceDate", type: "date", description: "Invoice date, YYYY-MM-DD, set by Exact when the invoice is processed",
      // Exact's reference lists InvoiceDate as read-only: "during the printing process the invoice date can be entered".
      readOnlyReason: "Exact sets the invoice date when the invoice is processed; it cannot be written",
    },
    { name: "dueDate", exact: "DueDate", type: "date", writable: true, description: "Due date, YYYY-MM-DD" },
    {
      name: "currency", exact: "Currency", type: "string", writable: true, filter: true, description: "ISO 4217 currency of every amount, e.g. EUR",
      input: z.string().regex(/^[A-Z]{3}$/, "Expected an ISO 4217 currency code such as EUR"),
    },
    { name: "totalAmount", exact: "AmountFC", type: "number", description: "Total including VAT, in currency" },
    { name: "totalAmountExcludingTax", exact: "AmountFCExclVat", type: "number", description: "Total excluding VAT, in currency" },
    { name: "taxAmount", exact: "VATAmountFC", type: "number", description: "VAT total, in currency" },
    { name: "status", exact: "Status", type: "string", filter: true, codes: INVOICE_STATUS, description: "draft | open | processed (Exact's 10/20/50)" },
    { name: "type", exact: "Type", type: "string", writable: true, filter: true, codes: INVOICE_TYPE, description: "invoice | creditNote (Exact's 8020/8021)" },
    // InvoiceNumber is an integer in Exact, so substringof cannot search it: use filter[number].
    { name: "description", exact: "Description", type: "string", writable: true, nullable: true, search: true, description: "Description" },
  ],
  searchAlso: ["InvoiceToName"],
  expand: LINES,
  extraFields: [
    {
      name: "items", type: "references", writable: true, required: true,
      // Written inline on create only: Exact refuses navigation properties on PUT.
      createOnly: true, input: z.array(lineInput).min(1, "An invoice needs at least one line, each selling an item"),
      description: "The accountingInvoiceItem lines; on create, give at least one [{ item: { id }, quantity, description?, unitPrice?, taxCode?, glAccount? }]",
    },
    {
      name: "amountDue", type: "number", writable: false,
      description: "What the customer still owes, in currency: the open receivables of a processed invoice (cashflow/Receivables), the total of one not processed yet; null in events",
    },
  ],
  readExtra: (raw, unified) => {
    unified.items = expandedLines(raw[LINES]).flatMap((line) => ref(line.ID) ?? []);
    unified.amountDue = null; // filled by completeRead from cashflow/Receivables
  },
  completeRead: readAmountDue,
  writeExtra: (input, out) => {
    if (Array.isArray(input.items)) out[LINES] = input.items.map((line: Record<string, unknown>) => accountingInvoiceItem.toExact!(line));
  },
  // Exact requires OrderedBy on create; the unified default is the invoiced customer, the same rule by which
  // `toUnified` reads an absent OrderedBy. Done here, not in toExact, so an update never moves OrderedBy.
  onCreate: (schema) => schema.transform((input) => ({ ...input, company: input.company ?? input.customer })),
  completeCreate: chooseJournal,
});
