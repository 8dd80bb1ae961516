/**
 * accountingLedgerAccount ↔ Exact `financial/GLAccounts`: the chart of accounts. Lists go through
 * `bulk/Financial/GLAccounts` (1000 a page) when every filter is one its page allows (Code, Type, …), changes
 * through the `GLAccounts` webhook topic and `sync/Financial/GLAccounts`. Exact needs a Code and a Description;
 * it refuses to delete an account that bookings use.
 */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { glAccounts } from "../reference/financial-gl-accounts";
import { codeTable } from "./convert";
import { defineModel } from "./define-model";

/** Exact's GLAccounts.Type (reference/financial-gl-accounts.ts). */
export const LEDGER_ACCOUNT_TYPE = codeTable([
  [10, "cash"], [12, "bank"], [14, "creditCard"], [16, "paymentServices"], [20, "accountsReceivable"],
  [21, "prepaymentAccountsReceivable"], [22, "accountsPayable"], [24, "vat"], [25, "employeesPayable"], [26, "prepaidExpenses"],
  [27, "accruedExpenses"], [29, "incomeTaxesPayable"], [30, "fixedAssets"], [32, "otherAssets"], [35, "accumulatedDepreciation"],
  [40, "inventory"], [50, "capitalStock"], [52, "retainedEarnings"], [55, "longTermDebt"], [60, "currentPortionOfDebt"],
  [90, "general"], [100, "taxPayable"], [110, "revenue"], [111, "costOfGoods"], [120, "otherCosts"],
  [121, "salesGeneralAdministrativeExpenses"], [122, "depreciationCosts"], [123, "researchAndDevelopment"], [125, "employeeCosts"],
  [126, "employmentCosts"], [130, "exceptionalCosts"], [140, "exceptionalIncome"], [150, "incomeTaxes"], [160, "interestIncome"],
  [300, "yearEndReflection"], [301, "indirectYearEndCosting"], [302, "directYearEndCosting"],
] as const);

/** Exact's BalanceType: B balance sheet, W profit & loss ("winst- en verliesrekening"). */
export const LEDGER_CLASSIFICATION = codeTable([
  ["B", "balanceSheet"],
  ["W", "profitAndLoss"],
] as const);

/** Exact's BalanceSide: the side on which the account normally has its balance. */
export const BALANCE_SIDE = codeTable([
  ["D", "debit"],
  ["C", "credit"],
] as const);

export const accountingLedgerAccount = defineModel({
  model: "accountingLedgerAccount",
  label: "Ledger accounts",
  reference: glAccounts,
  actions: ACTIONS,
  fields: [
    {
      name: "code", exact: "Code", type: "string", writable: true, required: true, filter: true, search: true, description: "Account code, unique in the administration, e.g. 8000",
      input: z.string().trim().min(1, "code must not be empty"),
    },
    {
      name: "name", exact: "Description", type: "string", writable: true, required: true, search: true, description: "Account name (Exact's Description)",
      input: z.string().trim().min(1, "name must not be empty"),
    },
    { name: "type", exact: "Type", type: "string", writable: true, filter: true, codes: LEDGER_ACCOUNT_TYPE, description: "Kind of account, e.g. bank, accountsReceivable, vat, revenue, otherCosts (Exact's Type)" },
    { name: "classification", exact: "BalanceType", type: "string", writable: true, codes: LEDGER_CLASSIFICATION, description: "balanceSheet | profitAndLoss (Exact's B/W)" },
    { name: "balanceSide", exact: "BalanceSide", type: "string", writable: true, codes: BALANCE_SIDE, description: "debit | credit: the side of its normal balance (Exact's D/C)" },
    {
      name: "taxCode", exact: "VATCode", type: "string", writable: true, nullable: true, description: "Code of the accountingTaxRate proposed when booking on it, e.g. \"2\"",
      input: z.string().trim().min(1),
    },
    { name: "isBlocked", exact: "IsBlocked", type: "boolean", writable: true, description: "Blocked: no new bookings on it" },
  ],
});
