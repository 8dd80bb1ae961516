/**
 * The division's ledger: G/L accounts (financial/GLAccounts) and VAT codes (vat/VATCodes, vat/VatPercentages). Exact's own checks beyond the reference table:
 * Code and Description given, Code unique, BalanceSide D/C, BalanceType B/W, a known Type and VAT code, and no
 * delete of an account that bookings use ("a G/L account with transactions cannot be deleted").
 */
import { glAccounts as glAccountsReference } from "../connectors/exact-online/reference/financial-gl-accounts";
import { reportingBalance as reportingBalanceReference } from "../connectors/exact-online/reference/financial-reporting-balance";
import { vatCodes as vatCodesReference } from "../connectors/exact-online/reference/vat-vat-codes";
import { vatPercentages as vatPercentagesReference } from "../connectors/exact-online/reference/vat-vat-percentages";
import type { EntityContext, EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import { reportingBalances } from "./ledger";
import { GL_ACCOUNTS, VAT_CODES_PATH, VAT_PERCENTAGES } from "./seed-ledger";
import type { Row } from "./state";
import { tableOf } from "./state";

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/** Exact's GLAccounts.Type values and their TypeDescription (English, as the API returns without a language header). */
export const GL_ACCOUNT_TYPES: Readonly<Record<number, string>> = {
  10: "Cash", 12: "Bank", 14: "Credit card", 16: "Payment services", 20: "Accounts receivable", 21: "Prepayment accounts receivable",
  22: "Accounts payable", 24: "VAT", 25: "Employees payable", 26: "Prepaid expenses", 27: "Accrued expenses", 29: "Income taxes payable",
  30: "Fixed assets", 32: "Other assets", 35: "Accumulated depreciation", 40: "Inventory", 50: "Capital stock", 52: "Retained earnings",
  55: "Long term debt", 60: "Current portion of debt", 90: "General", 100: "Tax payable", 110: "Revenue", 111: "Cost of goods",
  120: "Other costs", 121: "Sales, general administrative expenses", 122: "Depreciation costs", 123: "Research and development",
  125: "Employee costs", 126: "Employment costs", 130: "Exceptional costs", 140: "Exceptional income", 150: "Income taxes",
  160: "Interest income", 300: "Year end reflection", 301: "Indirect year end costing", 302: "Direct year end costing",
};

/**
 * Where bookings point at a G/L account: [entity path, property]. Other ledger files add theirs (journal entry
 * lines, purchase entry lines) so that deleting a used account is refused wherever it is used.
 */
export const GL_ACCOUNT_USES: Array<readonly [path: string, property: string]> = [
  ["salesinvoice/SalesInvoiceLines", "GLAccount"],
  ["logistics/Items", "GLRevenue"],
  ["logistics/Items", "GLCosts"],
  ["vat/VATCodes", "GLToPay"],
  ["vat/VATCodes", "GLToClaim"],
  ["generaljournalentry/GeneralJournalEntryLines", "GLAccount"],
  ["purchaseentry/PurchaseEntryLines", "GLAccount"],
];

function vatDescription(ctx: EntityContext, code: unknown): string | null {
  if (typeof code !== "string" || code.trim() === "") return null;
  const found = [...tableOf(ctx.state, ctx.division, VAT_CODES_PATH).values()].find((v) => v.Code === code.trim());
  return found ? String(found.Description) : null;
}

export const glAccounts: EntityDef = {
  ...fromReference(glAccountsReference),
  metadataType: "Exact.Web.Api.Models.Financial.GLAccount",
  table: (ctx) => tableOf(ctx.state, ctx.division, GL_ACCOUNTS),
  view: (row, ctx) => ({ ...row, TypeDescription: GL_ACCOUNT_TYPES[Number(row.Type)] ?? null, VATDescription: vatDescription(ctx, row.VATCode) }),
  defaults: (ctx) => ({ Type: 90, BalanceSide: "D", BalanceType: "B", IsBlocked: false, Matching: false, VATCode: null, Division: ctx.division }),
  finish(row, ctx) {
    if (text(row.Code) === "") throw badRequest("Mandatory field: Code");
    if (text(row.Description) === "") throw badRequest("Mandatory field: Description");
    row.Code = text(row.Code);
    const clash = [...tableOf(ctx.state, ctx.division, GL_ACCOUNTS).values()].some((a) => a.Code === row.Code && a.ID !== row.ID);
    if (clash) throw badRequest(`Code already exists: ${String(row.Code)}`);
    if (!["D", "C"].includes(String(row.BalanceSide))) throw badRequest("Invalid value for BalanceSide: use D or C");
    if (!["B", "W"].includes(String(row.BalanceType))) throw badRequest("Invalid value for BalanceType: use B or W");
    if (GL_ACCOUNT_TYPES[Number(row.Type)] === undefined) throw badRequest(`Invalid value for Type: ${String(row.Type)}`);
    if (row.VATCode !== null && row.VATCode !== undefined && text(row.VATCode) !== "" && vatDescription(ctx, row.VATCode) === null) {
      throw badRequest(`VAT code does not exist: ${String(row.VATCode)}`);
    }
  },
  beforeDelete(row, ctx) {
    for (const [path, property] of GL_ACCOUNT_USES) {
      if ([...tableOf(ctx.state, ctx.division, path).values()].some((used: Row) => used[property] === row.ID)) {
        throw badRequest(`G/L account ${String(row.Code)} cannot be deleted: it is used in ${path}`);
      }
    }
  },
};

/** Where bookings name a VAT code (by its Code): [entity path, property]. Ledger files add theirs. */
export const VAT_CODE_USES: Array<readonly [path: string, property: string]> = [
  ["salesinvoice/SalesInvoiceLines", "VATCode"],
  ["logistics/Items", "SalesVatCode"],
  ["financial/GLAccounts", "VATCode"],
  ["purchaseentry/PurchaseEntryLines", "VATCode"],
];

function vatAccount(ctx: EntityContext, row: Row, property: "GLToPay" | "GLToClaim"): void {
  const id = row[property];
  if (id === null || id === undefined) return;
  const account = tableOf(ctx.state, ctx.division, GL_ACCOUNTS).get(String(id));
  // "Must be of type VAT"
  if (!account || account.Type !== 24) throw badRequest(`${property}: G/L account must be of type VAT`);
}

export const vatCodes: EntityDef = {
  ...fromReference(vatCodesReference),
  metadataType: "Exact.Web.Api.Models.VAT.VATCode",
  table: (ctx) => tableOf(ctx.state, ctx.division, VAT_CODES_PATH),
  view(row, ctx) {
    const accounts = tableOf(ctx.state, ctx.division, GL_ACCOUNTS);
    const pay = accounts.get(String(row.GLToPay));
    const claim = accounts.get(String(row.GLToClaim));
    return {
      ...row, GLToPayCode: pay?.Code ?? null, GLToPayDescription: pay?.Description ?? null,
      GLToClaimCode: claim?.Code ?? null, GLToClaimDescription: claim?.Description ?? null,
    };
  },
  defaults: (ctx) => ({ Type: "E", VATTransactionType: "B", Charged: false, IsBlocked: false, Percentage: 0, GLToPay: null, GLToClaim: null, Division: ctx.division }),
  finish(row, ctx) {
    if (text(row.Code) === "") throw badRequest("Mandatory field: Code");
    if (text(row.Description) === "") throw badRequest("Mandatory field: Description");
    row.Code = text(row.Code);
    const clash = [...tableOf(ctx.state, ctx.division, VAT_CODES_PATH).values()].some((v) => v.Code === row.Code && v.ID !== row.ID);
    if (clash) throw badRequest(`Code already exists: ${String(row.Code)}`);
    if (!["B", "E", "I", "N"].includes(String(row.Type))) throw badRequest("Invalid value for Type: use B, E, I or N");
    if (!["B", "P", "S"].includes(String(row.VATTransactionType))) throw badRequest("Invalid value for VATTransactionType: use B, P or S");
    vatAccount(ctx, row, "GLToPay");
    vatAccount(ctx, row, "GLToClaim");
  },
  beforeDelete(row, ctx) {
    for (const [path, property] of VAT_CODE_USES) {
      if ([...tableOf(ctx.state, ctx.division, path).values()].some((used: Row) => used[property] === row.Code)) {
        throw badRequest(`VAT code ${String(row.Code)} cannot be deleted: it is used in ${path}`);
      }
    }
  },
  afterDelete(row, ctx) {
    const percentages = tableOf(ctx.state, ctx.division, VAT_PERCENTAGES);
    for (const [id, p] of percentages) if (p.VATCodeID === row.ID) percentages.delete(id);
  },
};

export const vatPercentages: EntityDef = {
  ...fromReference(vatPercentagesReference),
  metadataType: "Exact.Web.Api.Models.VAT.VatPercentage",
  table: (ctx) => tableOf(ctx.state, ctx.division, VAT_PERCENTAGES),
};

/** The trial balance: computed from the bookings on every read (GET only), so it always adds up to them. */
export const reportingBalance: EntityDef = {
  ...fromReference(reportingBalanceReference),
  metadataType: "Exact.Web.Api.Models.Financial.ReportingBalance",
  table: (ctx) => reportingBalances(ctx.state, ctx.division),
};
