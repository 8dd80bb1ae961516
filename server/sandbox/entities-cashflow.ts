/**
 * What customers owe (cashflow/Receivables) and what is owed to suppliers (cashflow/Payments): outstanding items
 * Exact keeps for booked invoices. Read-mostly: Exact takes only a PUT that prepares the collection or payment
 * (PaymentMethod, Description, PaymentReference); the reference marks everything else read-only.
 */
import { payments as paymentsReference } from "../connectors/exact-online/reference/cashflow-payments";
import { receivables as receivablesReference } from "../connectors/exact-online/reference/cashflow-receivables";
import type { EntityContext, EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import type { Row } from "./state";
import { tableOf } from "./state";

export const RECEIVABLES = "cashflow/Receivables";
export const PAYMENTS = "cashflow/Payments";
/** PaymentMethod: B on credit (default), I collection, K cash, V credit card. */
const PAYMENT_METHODS = ["B", "I", "K", "V"];

function withAccount(row: Row, ctx: EntityContext): Row {
  const account = typeof row.Account === "string" ? tableOf(ctx.state, ctx.division, "crm/Accounts").get(row.Account) : undefined;
  return { ...row, AccountName: account?.Name ?? null, AccountCode: account?.Code ?? null };
}

function checkPaymentMethod(row: Row): void {
  if (row.PaymentMethod !== null && row.PaymentMethod !== undefined && !PAYMENT_METHODS.includes(String(row.PaymentMethod))) {
    throw badRequest("Invalid value for PaymentMethod: use B, I, K or V");
  }
}

export const receivables: EntityDef = {
  ...fromReference(receivablesReference),
  metadataType: "Exact.Web.Api.Models.Cashflow.Receivable",
  table: (ctx) => tableOf(ctx.state, ctx.division, RECEIVABLES),
  view: withAccount,
  finish: checkPaymentMethod,
};

export const payments: EntityDef = {
  ...fromReference(paymentsReference),
  metadataType: "Exact.Web.Api.Models.Cashflow.Payment",
  table: (ctx) => tableOf(ctx.state, ctx.division, PAYMENTS),
  view: withAccount,
  finish: checkPaymentMethod,
};
