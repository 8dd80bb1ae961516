/**
 * accountingBalance ↔ Exact `financial/ReportingBalance`: the trial balance, one row per ledger account, reporting
 * year and period (and Exact's transaction type and status, by which it also groups). `amount` is debit minus
 * credit; an account's balance at a date is the sum of its rows up to that period. Read-only; Exact keeps no
 * created/modified dates for these rows. Filter on `year` first, as Exact advises ("For optimal filter, only include
 * a reporting year"). No bulk/sync endpoint or webhook topic: events come from the poller.
 */
import { reportingBalance } from "../reference/financial-reporting-balance";
import { codeTable } from "./convert";
import { defineModel } from "./define-model";
import { LEDGER_CLASSIFICATION } from "./accounting-ledger-account";

/** Exact's ReportingBalance.Status: 20 open (entered, not processed), 50 processed. */
export const BALANCE_STATUS = codeTable([
  [20, "open"],
  [50, "processed"],
] as const);

export const accountingBalance = defineModel({
  model: "accountingBalance",
  label: "Balances",
  reference: reportingBalance,
  actions: ["list", "retrieve"],
  fields: [
    { name: "ledgerAccount", exact: "GLAccount", type: "reference", filter: true, description: "The accountingLedgerAccount" },
    { name: "ledgerAccountCode", exact: "GLAccountCode", type: "string", filter: true, description: "Its code, e.g. 1100" },
    { name: "ledgerAccountName", exact: "GLAccountDescription", type: "string", description: "Its name, e.g. Bank" },
    { name: "classification", exact: "BalanceType", type: "string", filter: true, codes: LEDGER_CLASSIFICATION, description: "balanceSheet | profitAndLoss (Exact's B/W)" },
    { name: "year", exact: "ReportingYear", type: "integer", filter: true, description: "Reporting year, e.g. 2025" },
    { name: "period", exact: "ReportingPeriod", type: "integer", filter: true, description: "Reporting period within the year (1–12 for monthly periods)" },
    { name: "debit", exact: "AmountDebit", type: "number", description: "Sum of the debit bookings, in the administration's currency" },
    { name: "credit", exact: "AmountCredit", type: "number", description: "Sum of the credit bookings, in the administration's currency" },
    { name: "amount", exact: "Amount", type: "number", description: "Debit minus credit for the period" },
    { name: "count", exact: "Count", type: "integer", description: "Number of bookings summed" },
    {
      name: "transactionType", exact: "Type", type: "integer", filter: true,
      description: "Exact's transaction type: 10 opening balance, 20 sales entry, 21 sales credit note, 30 purchase entry, 31 purchase credit note, 40 cash flow, 90 other",
    },
    { name: "status", exact: "Status", type: "string", filter: true, codes: BALANCE_STATUS, description: "open | processed (Exact's 20/50)" },
  ],
});
