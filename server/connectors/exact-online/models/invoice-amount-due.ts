/**
 * accountingInvoice's `amountDue`: what the customer still owes on it. A sales invoice becomes a financial entry when
 * Exact processes it (Status 50); only then does Exact keep receivables for it in `cashflow/Receivables` (Status 20
 * open, 30 selected, 40 processed, 50 matched: settled). So:
 * - a draft or open invoice (10/20) is not booked yet: all of it is due, amountDue = totalAmount;
 * - a processed invoice owes the sum of its receivables that are not matched (a receivable may be split in parts
 *   paid on different dates, "the two records get a different EntryID"), 0 when all are matched or none is left.
 * One read of the page's open receivables through `bulk/Cashflow/Receivables` (its filters include InvoiceNumber and
 * Status), however many invoices the page holds; none when the page has no processed invoice.
 */
import { num } from "./convert";
import type { ExactRecord, ReadHelpers, UnifiedRecord } from "./types";

const PROCESSED = 50;
const MATCHED = 50;
/** Invoice numbers named one by one up to this many; beyond, every open receivable is read (a longer URL risks Exact's limit). */
const NUMBERS_IN_FILTER = 60;
/** 10,000 open receivables at most: an administration with more gets amountDue from the first ten pages. */
const MAX_RECEIVABLE_PAGES = 10;

const cents = (n: number): number => Math.round(n * 100) / 100;

export async function readAmountDue(records: ReadonlyArray<{ raw: ExactRecord; unified: UnifiedRecord }>, exact: ReadHelpers): Promise<void> {
  const booked = new Set<number>();
  for (const { raw, unified } of records) {
    if (Number(raw.Status) === PROCESSED && Number.isInteger(raw.InvoiceNumber)) booked.add(Number(raw.InvoiceNumber));
    else if (Number(raw.Status) !== PROCESSED) unified.amountDue = num(raw.AmountFC);
  }
  if (booked.size === 0) return;
  const numbers = [...booked];
  const which = numbers.length <= NUMBERS_IN_FILTER ? `(${numbers.map((n) => `InvoiceNumber eq ${n}`).join(" or ")}) and ` : "";
  const open = await exact.readAll("bulk/Cashflow/Receivables", { $select: "ID,InvoiceNumber,AmountFC", $filter: `${which}Status ne ${MATCHED}` }, MAX_RECEIVABLE_PAGES);
  const due = new Map<number, number>();
  for (const receivable of open) {
    const invoice = Number(receivable.InvoiceNumber);
    if (booked.has(invoice)) due.set(invoice, (due.get(invoice) ?? 0) + (num(receivable.AmountFC) ?? 0));
  }
  for (const { raw, unified } of records) {
    if (Number(raw.Status) === PROCESSED && Number.isInteger(raw.InvoiceNumber)) unified.amountDue = cents(due.get(Number(raw.InvoiceNumber)) ?? 0);
  }
}
