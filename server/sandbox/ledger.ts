/**
 * The sandbox's general ledger: every booking that reaches a G/L account, from every source, so that
 * financial/ReportingBalance adds up to the entries it summarizes. A booking source turns one kind of record
 * (journal entry lines, sales invoices, purchase entries, …) into postings; `BOOKING_SOURCES` lists them. Adding a
 * source is one line there.
 *
 * Amounts are signed as Exact's: positive debit, negative credit. Every source posts balanced bookings, so the
 * postings of a division always sum to zero.
 */
import { purchaseEntryPostings } from "./purchase-postings";
import { GL_ACCOUNTS, VAT_CODES_PATH, glAccountId, revenueGlAccountCode, vatPercentageOf } from "./seed-ledger";
import type { Row, SandboxState } from "./state";
import { tableOf } from "./state";

export interface Posting {
  glAccount: string;
  /** epoch ms of the booking date */
  date: number;
  /** positive debit, negative credit, in the division's currency */
  amount: number;
  /** Exact's transaction type: 10 opening balance, 20 sales entry, 21 sales credit note, 30 purchase entry, 31 purchase credit note, 90 other */
  type: number;
  /** 20 open, 50 processed */
  status: number;
}

export type BookingSource = (state: SandboxState, division: number) => Posting[];

const cents = (n: number): number => Math.round(n * 100) / 100;

/** General journal entries: each line as it was booked, with its entry's type and status (rejected ones are not booked). */
export const journalEntryPostings: BookingSource = (state, division) => {
  const entries = tableOf(state, division, "generaljournalentry/GeneralJournalEntries");
  return [...tableOf(state, division, "generaljournalentry/GeneralJournalEntryLines").values()].flatMap((line) => {
    const entry = entries.get(String(line.EntryID));
    if (!entry || (entry.Status !== 20 && entry.Status !== 50)) return [];
    return [{ glAccount: String(line.GLAccount), date: Number(line.Date), amount: Number(line.AmountDC ?? 0), type: Number(entry.Type), status: Number(entry.Status) }];
  });
};

/**
 * Processed sales invoices (Status 50; drafts and open invoices are not in the books yet): the revenue of each line
 * credited to its G/L account (the division's revenue account by VAT rate where the line names none of the
 * ledger's), its VAT credited to the VAT code's GLToPay, and the total including VAT debited to Debiteuren (1300).
 * A credit note (Type 8021) carries negative amounts, so the same rules reverse it.
 */
export const salesInvoicePostings: BookingSource = (state, division) => {
  const accounts = tableOf(state, division, GL_ACCOUNTS);
  const vatCodes = [...tableOf(state, division, VAT_CODES_PATH).values()];
  const invoices = tableOf(state, division, "salesinvoice/SalesInvoices");
  const receivable = glAccountId(division, "1300");
  const postings: Posting[] = [];
  const linesByInvoice = new Map<string, Row[]>();
  for (const line of tableOf(state, division, "salesinvoice/SalesInvoiceLines").values()) {
    const list = linesByInvoice.get(String(line.InvoiceID)) ?? [];
    list.push(line);
    linesByInvoice.set(String(line.InvoiceID), list);
  }
  for (const invoice of invoices.values()) {
    if (Number(invoice.Status) !== 50) continue;
    const type = Number(invoice.Type) === 8021 ? 21 : 20;
    const date = Number(invoice.InvoiceDate);
    let total = 0;
    for (const line of linesByInvoice.get(String(invoice.InvoiceID)) ?? []) {
      const vatCode = String(line.VATCode ?? "").trim();
      const revenue = accounts.has(String(line.GLAccount))
        ? String(line.GLAccount)
        : glAccountId(division, revenueGlAccountCode(vatPercentageOf(vatCode) ?? 0.21));
      const net = cents(Number(line.AmountDC ?? 0));
      const vat = cents(Number(line.VATAmountDC ?? 0));
      postings.push({ glAccount: revenue, date, amount: -net, type, status: 50 });
      const payable = vatCodes.find((v) => v.Code === vatCode)?.GLToPay;
      if (vat !== 0 && typeof payable === "string") postings.push({ glAccount: payable, date, amount: -vat, type, status: 50 });
      // Without a VAT account the VAT stays with the revenue, so the booking still balances.
      else if (vat !== 0) postings.push({ glAccount: revenue, date, amount: -vat, type, status: 50 });
      total = cents(total + net + vat);
    }
    if (total !== 0) postings.push({ glAccount: receivable, date, amount: total, type, status: 50 });
  }
  return postings;
};

/** Every source of bookings. Another ledger (purchase entries, bank entries) adds its source here. */
export const BOOKING_SOURCES: BookingSource[] = [journalEntryPostings, salesInvoicePostings, purchaseEntryPostings];

export function postingsOf(state: SandboxState, division: number): Posting[] {
  return BOOKING_SOURCES.flatMap((source) => source(state, division));
}

/** A stable Int64-safe ID per grouping, so a balance row keeps its ID between reads. */
function groupId(key: string): number {
  let h1 = 2166136261;
  let h2 = 5381;
  for (let i = 0; i < key.length; i++) {
    h1 = Math.imul(h1 ^ key.charCodeAt(i), 16777619);
    h2 = Math.imul(h2, 33) ^ key.charCodeAt(i);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * financial/ReportingBalance rows: the postings summed per reporting year, period (calendar month), G/L account,
 * transaction type and status, as Exact groups them (cost centers and units are not kept by the sandbox).
 */
export function reportingBalances(state: SandboxState, division: number): Map<string, Row> {
  const accounts = tableOf(state, division, GL_ACCOUNTS);
  const rows = new Map<string, Row>();
  for (const posting of postingsOf(state, division)) {
    const when = new Date(posting.date);
    const year = when.getUTCFullYear();
    const period = when.getUTCMonth() + 1;
    const id = groupId(`${year}:${period}:${posting.glAccount}:${posting.type}:${posting.status}`);
    let row = rows.get(String(id));
    if (!row) {
      const account = accounts.get(posting.glAccount);
      row = {
        ID: id, Division: division, ReportingYear: year, ReportingPeriod: period, GLAccount: posting.glAccount,
        GLAccountCode: account?.Code ?? null, GLAccountDescription: account?.Description ?? null, BalanceType: account?.BalanceType ?? null,
        Type: posting.type, Status: posting.status, Amount: 0, AmountDebit: 0, AmountCredit: 0, Count: 0,
        CostCenterCode: null, CostCenterDescription: null, CostUnitCode: null, CostUnitDescription: null,
      };
      rows.set(String(id), row);
    }
    row.Amount = cents(Number(row.Amount) + posting.amount);
    if (posting.amount >= 0) row.AmountDebit = cents(Number(row.AmountDebit) + posting.amount);
    else row.AmountCredit = cents(Number(row.AmountCredit) - posting.amount);
    row.Count = Number(row.Count) + 1;
  }
  return rows;
}
