/** Every built-in unified model's Exact Online mapping, by model name. Adding a model: one file here, one line below. */
import type { BuiltInModel } from "../../../../src/protocol";
import { accountingAttachment } from "./accounting-attachment";
import { accountingBalance } from "./accounting-balance";
import { accountingInvoice } from "./accounting-invoice";
import { accountingInvoiceItem } from "./accounting-invoice-item";
import { accountingJournalEntry } from "./accounting-journal-entry";
import { accountingLedgerAccount } from "./accounting-ledger-account";
import { accountingProduct } from "./accounting-product";
import { accountingTaxRate } from "./accounting-tax-rate";
import { accountingBill } from "./accounting-bill";
import { accountingPayment } from "./accounting-payment";
import { accountingReceivable } from "./accounting-receivable";
import { genericCompany } from "./generic-company";
import { genericContact } from "./generic-contact";
import { genericUser } from "./generic-user";
import { genericWorkspace } from "./generic-workspace";
import type { ModelMapping } from "./types";

export const MODEL_MAPPINGS: Readonly<Record<BuiltInModel, ModelMapping>> = {
  genericContact,
  genericCompany,
  genericUser,
  genericWorkspace,
  accountingInvoice,
  accountingInvoiceItem,
  accountingProduct,
  accountingBill,
  accountingPayment,
  accountingReceivable,
  accountingLedgerAccount,
  accountingTaxRate,
  accountingJournalEntry,
  accountingBalance,
  accountingAttachment,
};

export type { CreateHelpers, ReadHelpers, ExactRecord, ModelFilter, ModelMapping, UnifiedField, UnifiedRecord } from "./types";
