import { items, journals } from "./entities-catalog";
import { accounts, contacts } from "./entities-crm";
import { salesInvoiceLines, salesInvoices } from "./entities-invoices";
import { divisions, users, webhookSubscriptions } from "./entities-system";
import type { EntityDef } from "./entity-types";

/** Every endpoint the sandbox serves under /api/v1/{division}/, by path ("crm/Accounts"). */
export const ENTITIES: ReadonlyMap<string, EntityDef> = new Map(
  [accounts, contacts, users, divisions, salesInvoices, salesInvoiceLines, journals, items, webhookSubscriptions].map((e) => [e.path.toLowerCase(), e]),
);

/** Exact's paths are case-insensitive. */
export function findEntity(path: string): EntityDef | undefined {
  return ENTITIES.get(path.toLowerCase());
}
