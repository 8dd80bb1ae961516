/**
 * accountingReceivable ↔ Exact `cashflow/Receivables`: what customers still owe, one outstanding item per (part of
 * a) booked sales invoice ("Linked transaction. Use this as reference to SalesEntries"). accountingInvoice's
 * `amountDue` is read from here. Read-only, like accountingPayment (accounting-payment.ts), whose fields it shares.
 */
import { receivables } from "../reference/cashflow-receivables";
import { cashflowFields } from "./accounting-payment";
import { defineModel } from "./define-model";

export const accountingReceivable = defineModel({
  model: "accountingReceivable",
  label: "Receivables",
  reference: receivables,
  actions: ["list", "retrieve"],
  fields: [
    ...cashflowFields("The genericCompany that owes (the customer)", "The sales entry of the booked invoice (salesentry/SalesEntries)"),
    { name: "isFullyPaid", exact: "IsFullyPaid", type: "boolean", filter: true, description: "The customer has paid it in full" },
    { name: "lastPaymentDate", exact: "LastPaymentDate", type: "date", description: "Date of the last payment received, YYYY-MM-DD" },
  ],
});
