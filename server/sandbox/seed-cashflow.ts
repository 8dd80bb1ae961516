/**
 * Outstanding items that agree with the seeded books. Every processed sales invoice (Status 50, booked in journal
 * 70) has a receivable on 1300 Debiteuren for its total: those dated before PAID_BEFORE were paid (Status 50
 * matched, IsFullyPaid), later ones are still open (Status 20). Draft and open invoices (10/20) are not booked yet,
 * so Exact has no receivable for them. Every processed bill (seed-purchase.ts) has a payment on 1600 Crediteuren,
 * matched when the bill is marked paid, open otherwise (a credit note's amount is negative).
 */
import { PAYMENTS, RECEIVABLES } from "./entities-cashflow";
import { PURCHASE_ENTRIES } from "./entities-purchase";
import { BILL_SEEDS } from "./seed-purchase";
import { glAccountId, ledgerId } from "./seed-ledger";
import type { Row, SandboxState } from "./state";
import { tableOf } from "./state";

/** Seeded sales invoices dated before this day have been paid. */
export const PAID_BEFORE = Date.UTC(2025, 8, 1);
const DAY = 86_400_000;

export function seedReceivables(state: SandboxState, division: number): void {
  const table = tableOf(state, division, RECEIVABLES);
  for (const invoice of tableOf(state, division, "salesinvoice/SalesInvoices").values()) {
    if (Number(invoice.Status) !== 50) continue;
    const paid = Number(invoice.InvoiceDate) < PAID_BEFORE;
    const id = ledgerId(division, "receivable", String(invoice.InvoiceID));
    table.set(id, outstandingItem(division, id, invoice.InvoiceTo, invoice, {
      amount: Number(invoice.AmountFC), glAccount: "1300", journal: String(invoice.Journal), paid,
      entry: ledgerId(division, "salesentry", String(invoice.InvoiceID)), invoiceNumber: Number(invoice.InvoiceNumber), yourRef: invoice.YourRef ?? null,
    }));
  }
}

export function seedPayments(state: SandboxState, division: number): void {
  const table = tableOf(state, division, PAYMENTS);
  const entries = tableOf(state, division, PURCHASE_ENTRIES);
  BILL_SEEDS.forEach((bill, i) => {
    const entry = entries.get(ledgerId(division, "bill", String(i)));
    if (!entry || Number(entry.Status) !== 50) return;
    const id = ledgerId(division, "payment", String(entry.EntryID));
    table.set(id, outstandingItem(division, id, entry.Supplier, { ...entry, InvoiceDate: entry.EntryDate }, {
      amount: Number(entry.AmountFC), glAccount: "1600", journal: String(entry.Journal), paid: bill.paid,
      entry: String(entry.EntryID), invoiceNumber: Number(entry.EntryNumber), yourRef: entry.YourRef ?? null,
    }));
  });
}

function outstandingItem(
  division: number,
  id: string,
  account: unknown,
  source: Row,
  item: { amount: number; glAccount: string; journal: string; paid: boolean; entry: string; invoiceNumber: number; yourRef: unknown },
): Row {
  const invoiceDate = Number(source.InvoiceDate);
  const dueDate = Number(source.DueDate);
  return {
    ID: id, Account: account, AmountDC: item.amount, AmountFC: item.amount, TransactionAmountDC: item.amount, TransactionAmountFC: item.amount,
    Currency: source.Currency ?? "EUR", RateFC: 1, Description: source.Description ?? null, PaymentReference: null, PaymentMethod: "B",
    InvoiceDate: invoiceDate, InvoiceNumber: item.invoiceNumber, DueDate: dueDate, TransactionDueDate: dueDate, EntryDate: invoiceDate,
    EntryNumber: item.invoiceNumber, EntryID: item.entry, TransactionEntryID: item.entry, Journal: item.journal,
    GLAccount: glAccountId(division, item.glAccount), GLAccountCode: item.glAccount, YourRef: item.yourRef,
    Status: item.paid ? 50 : 20, IsFullyPaid: item.paid, LastPaymentDate: item.paid ? dueDate - 5 * DAY : null,
    EndDate: item.paid ? dueDate - 5 * DAY : null, Source: 1, TransactionType: 0, Division: division,
    Created: invoiceDate, Modified: item.paid ? dueDate - 5 * DAY : invoiceDate,
  };
}
