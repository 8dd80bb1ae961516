/**
 * accountingPayment ↔ Exact `cashflow/Payments`: what the administration still has to pay its suppliers, one
 * outstanding item per (part of a) booked purchase entry, with its status in Exact's payment run. Read-only here:
 * Exact's PUT only prepares a payment (method, description, reference) and the issue asks for list and retrieve.
 * Its counterpart for customers is accountingReceivable (`cashflow/Receivables`); both lists read Exact's bulk
 * endpoint (1000 a page) unless a filter names a property the bulk page does not take.
 */
import { payments } from "../reference/cashflow-payments";
import { codeTable, text } from "./convert";
import { defineModel, type FieldDecl } from "./define-model";

/** Exact's Status of a payment or receivable: 20 open, 30 selected (for a payment run), 40 processed, 50 matched. */
export const CASHFLOW_STATUS = codeTable([
  [20, "open"],
  [30, "selected"],
  [40, "processed"],
  [50, "matched"],
] as const);

/** The fields payments and receivables share; `company` is the supplier or the customer. */
export function cashflowFields(company: string, entry: string): FieldDecl[] {
  return [
    { name: "company", exact: "Account", type: "reference", filter: true, description: company },
    {
      name: "invoiceNumber", exact: "InvoiceNumber", type: "string", filter: true, description: "Invoice number of the booked invoice",
      // InvoiceNumber is an Edm.Int32: unified numbers are strings, and only digits can match.
      read: (raw) => (raw.InvoiceNumber === null || raw.InvoiceNumber === undefined ? null : String(raw.InvoiceNumber)),
      filterValue: (value) => (/^\d{1,9}$/.test(value) ? value : undefined),
    },
    { name: "entry", exact: "TransactionEntryID", type: "reference", description: entry },
    { name: "invoiceDate", exact: "InvoiceDate", type: "date", description: "Invoice date, YYYY-MM-DD" },
    { name: "dueDate", exact: "DueDate", type: "date", description: "Due date, YYYY-MM-DD" },
    { name: "currency", exact: "Currency", type: "string", description: "ISO 4217 currency of the amounts" },
    { name: "amount", exact: "AmountFC", type: "number", description: "Amount of this outstanding item, in currency" },
    { name: "transactionAmount", exact: "TransactionAmountFC", type: "number", description: "Total of the booked invoice, in currency" },
    { name: "status", exact: "Status", type: "string", filter: true, codes: CASHFLOW_STATUS, description: "open | selected | processed | matched (Exact's 20/30/40/50); matched = settled" },
    { name: "description", exact: "Description", type: "string", description: "Description" },
    { name: "paymentReference", exact: "PaymentReference", type: "string", read: (raw) => text(raw.PaymentReference), description: "Payment reference for the bank" },
  ];
}

export const accountingPayment = defineModel({
  model: "accountingPayment",
  label: "Payments to suppliers",
  reference: payments,
  actions: ["list", "retrieve"],
  fields: cashflowFields("The genericCompany to be paid (the supplier)", "The accountingBill's purchase entry this item comes from"),
});
