/**
 * Purchase entries as bookings of the sandbox's ledger (ledger.ts): each line's amount debited to its G/L account,
 * its VAT debited to the VAT code's GLToClaim (1520 Te vorderen btw), and the entry's total credited to Crediteuren
 * (1600). A reverse-charge code ("verlegd", Charged) books the VAT both to claim and to pay (GLToPay), and none of it
 * to the supplier. Open (20) and processed (50) entries are in the books; rejected ones (5) are not.
 */
import { PURCHASE_ENTRIES, PURCHASE_ENTRY_LINES } from "./entities-purchase";
import type { BookingSource, Posting } from "./ledger";
import { VAT_CODES_PATH, glAccountId } from "./seed-ledger";
import { tableOf } from "./state";

const cents = (n: number): number => Math.round(n * 100) / 100;

export const purchaseEntryPostings: BookingSource = (state, division) => {
  const entries = tableOf(state, division, PURCHASE_ENTRIES);
  const vatCodes = new Map([...tableOf(state, division, VAT_CODES_PATH).values()].map((v) => [String(v.Code).trim(), v]));
  const payable = glAccountId(division, "1600");
  const postings: Posting[] = [];
  for (const line of tableOf(state, division, PURCHASE_ENTRY_LINES).values()) {
    const entry = entries.get(String(line.EntryID));
    if (!entry || (entry.Status !== 20 && entry.Status !== 50)) continue;
    const booking = { date: Number(entry.EntryDate), type: Number(entry.Type) === 31 ? 31 : 30, status: Number(entry.Status) };
    const net = cents(Number(line.AmountDC ?? 0));
    const vat = cents(Number(line.VATAmountDC ?? 0));
    const code = vatCodes.get(String(line.VATCode ?? "").trim());
    postings.push({ ...booking, glAccount: String(line.GLAccount), amount: net });
    const claim = typeof code?.GLToClaim === "string" ? code.GLToClaim : String(line.GLAccount);
    if (vat !== 0) postings.push({ ...booking, glAccount: claim, amount: vat });
    if (vat !== 0 && code?.Charged === true && typeof code.GLToPay === "string") {
      postings.push({ ...booking, glAccount: code.GLToPay, amount: -vat });
      postings.push({ ...booking, glAccount: payable, amount: -net });
    } else {
      postings.push({ ...booking, glAccount: payable, amount: -cents(net + vat) });
    }
  }
  return postings;
};
