/**
 * accountingTaxRate ↔ Exact `vat/VATCodes` with its `VATPercentages`: the VAT codes invoices, bills and entries
 * name by code ("2"). Read-only here (Exact allows writes, the product does not need them). `rate` is today's
 * percentage (21 for 21 %); `rates` the dated history Exact keeps per code (9 % low rate since 2019, 6 % before).
 * Exact has no bulk or sync endpoint and no webhook topic for VAT codes: events come from the poller.
 */
import { vatCodes } from "../reference/vat-vat-codes";
import { codeTable, isoDate, num } from "./convert";
import { defineModel } from "./define-model";
import type { ExactRecord } from "./types";

const PERCENTAGES = "VATPercentages";

/** Exact's VATCodes.Type: how VAT is computed from the amount. */
export const TAX_CALCULATION = codeTable([
  ["E", "excluding"],
  ["I", "including"],
  ["B", "baseOnly"],
  ["N", "none"],
] as const);

/** Exact's VATTransactionType: which transactions may use the code. */
export const TAX_USAGE = codeTable([
  ["B", "both"],
  ["S", "sales"],
  ["P", "purchases"],
] as const);

/** Exact's fractions (0.21) as the percentages people write (21), without binary noise. */
export function percentOf(fraction: unknown): number | null {
  const value = num(fraction);
  return value === null ? null : Math.round(value * 10_000) / 100;
}

function expandedRows(value: unknown): ExactRecord[] {
  const list = Array.isArray(value) ? value : typeof value === "object" && value !== null && "results" in value ? value.results : [];
  return Array.isArray(list) ? list.filter((row): row is ExactRecord => typeof row === "object" && row !== null) : [];
}

export const accountingTaxRate = defineModel({
  model: "accountingTaxRate",
  label: "Tax rates",
  reference: vatCodes,
  actions: ["list", "retrieve"],
  fields: [
    { name: "code", exact: "Code", type: "string", filter: true, search: true, description: "VAT code, as invoices and bills name it, e.g. \"2\"" },
    { name: "name", exact: "Description", type: "string", search: true, description: "Description, e.g. Btw hoog tarief" },
    { name: "rate", exact: "Percentage", type: "number", read: (raw) => percentOf(raw.Percentage), description: "Today's percentage, e.g. 21 for 21 %" },
    { name: "calculation", exact: "Type", type: "string", codes: TAX_CALCULATION, description: "excluding | including | baseOnly (0 %, base amount only) | none (Exact's E/I/B/N)" },
    { name: "usage", exact: "VATTransactionType", type: "string", filter: true, codes: TAX_USAGE, description: "sales | purchases | both (Exact's S/P/B)" },
    { name: "isReverseCharge", exact: "Charged", type: "boolean", description: "Reverse charge (btw verlegd) or intra-EU: a purchase books both VAT to pay and VAT to claim" },
    { name: "payableAccount", exact: "GLToPay", type: "reference", description: "The accountingLedgerAccount VAT on sales is booked on (VAT to pay)" },
    { name: "claimableAccount", exact: "GLToClaim", type: "reference", description: "The accountingLedgerAccount VAT on purchases is booked on (VAT to claim)" },
    { name: "isBlocked", exact: "IsBlocked", type: "boolean", filter: true, description: "Blocked: no longer to be used" },
  ],
  expand: PERCENTAGES,
  extraFields: [
    { name: "rates", type: "object", writable: false, description: "The dated percentages, oldest first: [{ rate, startDate, endDate }] (endDate null: still valid)" },
  ],
  readExtra: (raw, unified) => {
    unified.rates = expandedRows(raw[PERCENTAGES])
      .sort((a, b) => Number(a.LineNumber ?? 0) - Number(b.LineNumber ?? 0))
      .map((p) => ({ rate: percentOf(p.Percentage), startDate: isoDate(p.StartDate), endDate: isoDate(p.EndDate) }));
  },
});
