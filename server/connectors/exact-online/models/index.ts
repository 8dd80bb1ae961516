/** Every built-in unified model's Exact Online mapping, by model name. Adding a model: one file here, one line below. */
import type { BuiltInModel } from "../../../../src/protocol";
import { accountingInvoice } from "./accounting-invoice";
import { accountingInvoiceItem } from "./accounting-invoice-item";
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
};

export type { CreateHelpers, ExactRecord, ModelFilter, ModelMapping, UnifiedField, UnifiedRecord } from "./types";
