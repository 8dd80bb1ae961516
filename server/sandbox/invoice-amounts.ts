import type { Row } from "./state";

/** Exact's VAT codes in a Dutch administration, as the sandbox models them (percentages as fractions, like Exact). */
export const VAT_CODES: Record<string, number> = { "0": 0, "1": 0.09, "2": 0.21 };

export function vatCodeFor(percentage: number): string {
  return Object.entries(VAT_CODES).find(([, p]) => p === percentage)?.[0] ?? "2";
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** Fills a line's derived amounts from quantity, price and VAT; the sandbox never trusts client-sent totals. */
export function computeLineAmounts(line: Row): void {
  const quantity = typeof line.Quantity === "number" ? line.Quantity : 1;
  const unitPrice = typeof line.UnitPrice === "number" ? line.UnitPrice : 0;
  const vatCode = typeof line.VATCode === "string" && line.VATCode.trim() in VAT_CODES ? line.VATCode.trim() : "2";
  const vat = VAT_CODES[vatCode] ?? 0.21;
  const amount = cents(quantity * unitPrice);
  line.Quantity = quantity;
  line.UnitPrice = unitPrice;
  line.NetPrice = unitPrice;
  line.VATCode = vatCode;
  line.VATPercentage = vat;
  line.AmountFC = amount;
  line.AmountDC = amount;
  line.VATAmountDC = cents(amount * vat);
  line.VATAmountFC = line.VATAmountDC;
}

/** Invoice totals are the sums of its lines: AmountDC/AmountFC include VAT, AmountFCExclVat does not. */
export function recomputeInvoiceTotals(invoice: Row, lines: Row[]): void {
  const excl = cents(lines.reduce((sum, l) => sum + Number(l.AmountFC ?? 0), 0));
  const vat = cents(lines.reduce((sum, l) => sum + Number(l.VATAmountDC ?? 0), 0));
  invoice.AmountFCExclVat = excl;
  invoice.AmountDCExclVat = excl;
  invoice.VATAmountDC = vat;
  invoice.VATAmountFC = vat;
  invoice.AmountFC = cents(excl + vat);
  invoice.AmountDC = cents(excl + vat);
}
