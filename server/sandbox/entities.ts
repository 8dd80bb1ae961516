import { items, journals } from "./entities-catalog";
import { accounts, contacts } from "./entities-crm";
import { salesInvoiceLines, salesInvoices } from "./entities-invoices";
import { generalJournalEntries, generalJournalEntryLines } from "./entities-journal-entries";
import { glAccounts, reportingBalance, vatCodes, vatPercentages } from "./entities-ledger";
import { purchaseEntries, purchaseEntryLines } from "./entities-purchase";
import { payments, receivables } from "./entities-cashflow";
import { documentAttachments, documents } from "./entities-documents";
import { divisions, users, webhookSubscriptions } from "./entities-system";
import type { EntityDef } from "./entity-types";

/** Every endpoint the sandbox serves under /api/v1/{division}/, by path ("crm/Accounts"). */
export const ENTITIES: ReadonlyMap<string, EntityDef> = new Map(
  [accounts, contacts, users, divisions, salesInvoices, salesInvoiceLines, journals, items, webhookSubscriptions, glAccounts, vatCodes, vatPercentages, reportingBalance, generalJournalEntries, generalJournalEntryLines, purchaseEntries, purchaseEntryLines, receivables, payments, documents, documentAttachments].map((e) => [e.path.toLowerCase(), e]),
);

/** Exact's paths are case-insensitive. */
export function findEntity(path: string): EntityDef | undefined {
  return ENTITIES.get(path.toLowerCase());
}
