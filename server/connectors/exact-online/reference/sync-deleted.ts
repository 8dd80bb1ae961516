/**
 * sync/Deleted, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SyncDeleted
 * Properties and EDM types as in Pi-Systems/exact-online (src/Entity/Sync/Deleted.php, generated from that page):
 * GET only, keyed by Timestamp (a rowversion, "no relation with actual date or time"). The page: "the log of
 * records deleted is saved for 2 months"; "When you use the sync or delete api for the first time for a
 * particular division, filter on timestamp greater than 1."
 * Not in EXACT_ENTITIES: it is no regular endpoint, so no unified model may map it.
 */
import type { ExactEntity } from "./types";

export const syncDeleted: ExactEntity = {
  endpoint: "sync/Deleted",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SyncDeleted",
  key: "Timestamp",
  keyType: "int",
  methods: ["GET"],
  properties: {
    Timestamp: { type: "Edm.Int64", readOnly: true },
    DeletedBy: { type: "Edm.Guid", readOnly: true }, // UserID of the person who deleted the record
    DeletedDate: { type: "Edm.DateTime", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    EntityKey: { type: "Edm.Guid", readOnly: true }, // the key of the deleted record
    EntityType: { type: "Edm.Int32", readOnly: true }, // see each entity's deletedEntityType
    ID: { type: "Edm.Guid", readOnly: true }, // primary key of the deletion row
  },
};

/**
 * Exact's EntityType codes from the same page, for the entities of this table and a few neighbours:
 * 1 TransactionLines, 2 Accounts, 3 Addresses, 5 Contacts, 6 Documents, 9 Items, 13 SalesInvoices,
 * 32 SalesOrderHeaders, 33 SalesOrderLines. The page lists no code for sales invoice lines: they are rows of
 * sync/SalesInvoice/SalesInvoices, so a deleted line is taken to be logged as 13 with the line's ID (unconfirmed).
 */
export const DELETED_ENTITY_TYPES = {
  TransactionLines: 1, Accounts: 2, Addresses: 3, Contacts: 5, Documents: 6, Items: 9, SalesInvoices: 13,
  SalesOrderHeaders: 32, SalesOrderLines: 33,
} as const;
