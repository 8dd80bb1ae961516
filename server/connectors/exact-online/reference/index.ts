/** Every Exact entity the product touches, by endpoint. Exact's paths are case-insensitive. */
import { accounts } from "./crm-accounts";
import { contacts } from "./crm-contacts";
import { glAccounts } from "./financial-gl-accounts";
import { reportingBalance } from "./financial-reporting-balance";
import { generalJournalEntries } from "./generaljournalentry-general-journal-entries";
import { generalJournalEntryLines } from "./generaljournalentry-general-journal-entry-lines";
import { journals } from "./financial-journals";
import { items } from "./logistics-items";
import { purchaseEntries } from "./purchaseentry-purchase-entries";
import { purchaseEntryLines } from "./purchaseentry-purchase-entry-lines";
import { payments } from "./cashflow-payments";
import { receivables } from "./cashflow-receivables";
import { salesInvoiceLines } from "./salesinvoice-sales-invoice-lines";
import { salesInvoices } from "./salesinvoice-sales-invoices";
import { divisions } from "./system-divisions";
import { documentAttachments } from "./documents-document-attachments";
import { documents } from "./documents-documents";
import { users } from "./users-users";
import { vatCodes } from "./vat-vat-codes";
import { vatPercentages } from "./vat-vat-percentages";
import { webhookSubscriptions } from "./webhooks-webhook-subscriptions";
import type { ExactEntity, ExactProperty } from "./types";

export const EXACT_ENTITIES: readonly ExactEntity[] = [
  accounts,
  contacts,
  users,
  divisions,
  salesInvoices,
  salesInvoiceLines,
  journals,
  items,
  webhookSubscriptions,
  glAccounts,
  vatCodes,
  vatPercentages,
  generalJournalEntries,
  generalJournalEntryLines,
  reportingBalance,
  purchaseEntries,
  purchaseEntryLines,
  receivables,
  payments,
  documents,
  documentAttachments,
];

const byEndpoint = new Map(EXACT_ENTITIES.map((entity) => [entity.endpoint.toLowerCase(), entity]));

export function exactEntity(endpoint: string): ExactEntity | undefined {
  return byEndpoint.get(endpoint.toLowerCase());
}

/** A property by name: own properties only, so "constructor" or "__proto__" is never a property. */
export function exactProperty(entity: ExactEntity, name: string): ExactProperty | undefined {
  return Object.hasOwn(entity.properties, name) ? entity.properties[name] : undefined;
}

export type { EdmType, ExactEntity, ExactNavigation, ExactProperty, HttpMethod } from "./types";
export { DELETED_ENTITY_TYPES, syncDeleted } from "./sync-deleted";
