/**
 * purchaseentry/PurchaseEntries, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=PurchaseEntryPurchaseEntries
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/PurchaseEntry/PurchaseEntries.php, generated from that page): readOnly = listed for GET only.
 * The page: "financial entries created for your purchase invoices ... You must include a parameter for
 * 'PurchaseEntryLines' to add purchase entry lines when you POST ... not necessary when you PUT"; "Subscribe to the
 * topic PurchaseEntries ... you will also receive events on the PurchaseEntryLines resource".
 * Mandatory (besides the key): Journal, Supplier, PurchaseEntryLines. Journal is the code of a purchase journal
 * (financial/Journals Type 22). No bulk or sync endpoint among Exact's (Pi-Systems' Bulk/ and Sync/ folders have
 * none for PurchaseEntry). Mandatory filtering: none known. Filterability per property: not in reach (unconfirmed).
 */
import type { ExactEntity } from "./types";

export const purchaseEntries: ExactEntity = {
  endpoint: "purchaseentry/PurchaseEntries",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=PurchaseEntryPurchaseEntries",
  key: "EntryID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  webhookTopic: "PurchaseEntries",
  properties: {
    EntryID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountFC: { type: "Edm.Double", readOnly: true }, // including VAT
    BatchNumber: { type: "Edm.Int32" },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Currency: { type: "Edm.String" },
    CustomField: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String" },
    Division: { type: "Edm.Int32", readOnly: true },
    Document: { type: "Edm.Guid" }, // documents/Documents: the scanned invoice
    DocumentNumber: { type: "Edm.Int32", readOnly: true },
    DocumentSubject: { type: "Edm.String", readOnly: true },
    DueDate: { type: "Edm.DateTime" },
    EntryDate: { type: "Edm.DateTime" }, // "Invoice date"
    EntryNumber: { type: "Edm.Int32" },
    ExternalLinkDescription: { type: "Edm.String", readOnly: true },
    ExternalLinkReference: { type: "Edm.String" },
    // "A positive value ... is to be paid to the supplier's G bank account" (Dutch G-rekening)
    GAccountAmountFC: { type: "Edm.Double" },
    InvoiceNumber: { type: "Edm.Int32" },
    Journal: { type: "Edm.String", mandatory: true },
    JournalDescription: { type: "Edm.String", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    OrderNumber: { type: "Edm.Int32" },
    PaymentCondition: { type: "Edm.String" },
    PaymentConditionDescription: { type: "Edm.String", readOnly: true },
    PaymentConditionPaymentMethod: { type: "Edm.String", readOnly: true }, // B on credit, I collection, K cash
    PaymentReference: { type: "Edm.String" },
    ProcessNumber: { type: "Edm.Int32" }, // Germany only
    Rate: { type: "Edm.Double" },
    ReportingPeriod: { type: "Edm.Int16" },
    ReportingYear: { type: "Edm.Int16" },
    Reversal: { type: "Edm.Boolean" },
    Status: { type: "Edm.Int16", readOnly: true }, // 5 rejected, 20 open, 50 processed
    StatusDescription: { type: "Edm.String", readOnly: true },
    Supplier: { type: "Edm.Guid", mandatory: true }, // crm/Accounts
    SupplierName: { type: "Edm.String", readOnly: true },
    Type: { type: "Edm.Int32", readOnly: true }, // 30 purchase entry, 31 purchase credit note
    TypeDescription: { type: "Edm.String", readOnly: true },
    VATAmountDC: { type: "Edm.Double", readOnly: true },
    VATAmountFC: { type: "Edm.Double" },
    YourRef: { type: "Edm.String" }, // the supplier's invoice number
  },
  navigation: {
    PurchaseEntryLines: { entity: "purchaseentry/PurchaseEntryLines", mandatory: true, foreignKey: "EntryID" },
  },
};
