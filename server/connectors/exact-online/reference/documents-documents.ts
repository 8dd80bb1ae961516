/**
 * documents/Documents, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=DocumentsDocuments
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/Documents/Documents.php, generated from that page): readOnly = listed for GET only. The page:
 * "Use this endpoint to create, read, update and delete documents. This entity supports webhooks."
 * Mandatory (besides the key): Subject, Type. A document holds no file itself: its files are
 * documents/DocumentAttachments rows pointing back at it.
 *
 * How a document is linked (confirmed on the page unless noted):
 * - FinancialTransactionEntryID: "Reference to the transaction lines of the financial entry. For a document of type
 *   sales invoice it will return the InvoiceID of the sales invoice (SalesInvoices API)." picqer/exact-php-client#178
 *   creates a sales-invoice document with Type 10 and FinancialTransactionEntryID = the entry's ID.
 * - SalesInvoiceNumber ("'Our reference' of the transaction"), SalesOrderNumber, ShopOrderNumber, Account, Contact,
 *   Item, Project, Opportunity, ContractID link it to other records. There is no purchase-invoice number property;
 *   a bill points at its document the other way round (purchaseentry/PurchaseEntries.Document).
 * Webhook topic: `Documents` (Exact's topic list; the sandbox's WEBHOOK_TOPICS). Bulk and sync endpoints as in
 * Pi-Systems' src/Entity/Bulk/Documents/Documents.php (pages BulkDocumentsDocuments: "page size of 1000", "Only the
 * following filters are supported": the list below) and src/Entity/Sync/Documents/Documents.php
 * (SyncDocumentsDocuments); sync/Deleted logs a deleted document as EntityType 6 (sync-deleted.ts).
 * Filterability per property on the regular endpoint: not in reach (unconfirmed).
 */
import { DELETED_ENTITY_TYPES } from "./sync-deleted";
import type { ExactEntity } from "./types";

export const documents: ExactEntity = {
  endpoint: "documents/Documents",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=DocumentsDocuments",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  bulk: "bulk/Documents/Documents",
  sync: "sync/Documents/Documents",
  bulkFilters: [
    "Account", "Category", "Contact", "Created", "Creator", "Division", "DocumentDate", "DocumentFolder", "FinancialTransactionEntryID", "HID", "ID",
    "Modified", "Opportunity", "Project", "SalesInvoiceNumber", "Subject", "Type",
  ],
  deletedEntityType: DELETED_ENTITY_TYPES.Documents,
  webhookTopic: "Documents",
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    Account: { type: "Edm.Guid" }, // crm/Accounts
    AccountCode: { type: "Edm.String", readOnly: true },
    AccountName: { type: "Edm.String", readOnly: true },
    AmountFC: { type: "Edm.Double" },
    Body: { type: "Edm.String" },
    Category: { type: "Edm.Guid" },
    CategoryDescription: { type: "Edm.String" },
    Contact: { type: "Edm.Guid" },
    ContactFullName: { type: "Edm.String", readOnly: true },
    ContractID: { type: "Edm.Guid" },
    ContractNumber: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String" }, // listed for POST/PUT on the page, though Exact fills it
    Currency: { type: "Edm.String" },
    Division: { type: "Edm.Int32", readOnly: true },
    DocumentDate: { type: "Edm.DateTime" }, // "Entry date of the incoming document"
    DocumentFolder: { type: "Edm.Guid" },
    DocumentFolderCode: { type: "Edm.String", readOnly: true },
    DocumentFolderDescription: { type: "Edm.String", readOnly: true },
    DocumentViewUrl: { type: "Edm.String", readOnly: true },
    ExpiryDate: { type: "Edm.DateTime" },
    FinancialTransactionEntryID: { type: "Edm.Guid" }, // the financial entry (a sales invoice's InvoiceID)
    HasEmptyBody: { type: "Edm.Boolean", readOnly: true },
    HID: { type: "Edm.Int32" }, // human-readable number, unique, not zero
    InheritShare: { type: "Edm.Boolean" },
    Item: { type: "Edm.Guid" },
    ItemCode: { type: "Edm.String", readOnly: true },
    ItemDescription: { type: "Edm.String", readOnly: true },
    Language: { type: "Edm.String" },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    Opportunity: { type: "Edm.Guid" },
    Project: { type: "Edm.Guid" },
    ProjectCode: { type: "Edm.String", readOnly: true },
    ProjectDescription: { type: "Edm.String", readOnly: true },
    ProposedEntryStatus: { type: "Edm.Int16" }, // 0 void, 5 rejected, 20 open, 50 processed
    SalesInvoiceNumber: { type: "Edm.Int32" },
    SalesOrderNumber: { type: "Edm.Int32" },
    ScanServiceStatus: { type: "Edm.Int16" },
    SendMethod: { type: "Edm.Int32", readOnly: true },
    ShopOrderNumber: { type: "Edm.Int32" },
    Subject: { type: "Edm.String", mandatory: true },
    TeamsMeetingId: { type: "Edm.String" },
    Type: { type: "Edm.Int32", mandatory: true }, // ID of the document type (documents/DocumentTypes); 10 sales invoice
    TypeDescription: { type: "Edm.String", readOnly: true },
  },
};
