/**
 * salesinvoice/SalesInvoices, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SalesInvoiceSalesInvoices
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/SalesInvoice/SalesInvoices.php, generated from that page): readOnly = listed for GET only.
 * The page: "You must include a parameter for 'SalesInvoiceLines' to add sales invoice lines when you POST ...
 * This parameter is not necessary when you PUT"; "Subscribe to the topic SalesInvoices".
 * Mandatory filtering: none known (sync endpoint exists, but no 400 or page row found; unconfirmed: none set).
 * Filterability per property: not in reach, nothing marked filterable: false (unconfirmed).
 */
import type { ExactEntity } from "./types";

export const salesInvoices: ExactEntity = {
  endpoint: "salesinvoice/SalesInvoices",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SalesInvoiceSalesInvoices",
  key: "InvoiceID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  bulk: "bulk/SalesInvoice/SalesInvoices",
  // Header and lines in one record set: LineNumber 0 is the header, 1 and up are lines (SyncSalesInvoiceSalesInvoices).
  sync: "sync/SalesInvoice/SalesInvoices",
  deletedEntityType: 13, // SyncDeleted page: "13= SalesInvoices"; BulkSalesInvoiceSalesInvoices names no filter restriction
  webhookTopic: "SalesInvoices",
  properties: {
    InvoiceID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountDiscount: { type: "Edm.Double" },
    AmountDiscountExclVat: { type: "Edm.Double" },
    AmountFC: { type: "Edm.Double", readOnly: true }, // sum of the lines, including VAT
    AmountFCExclVat: { type: "Edm.Double", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Currency: { type: "Edm.String" }, // defaults to the division's currency
    DeliverTo: { type: "Edm.Guid" },
    DeliverToAddress: { type: "Edm.Guid" },
    DeliverToContactPerson: { type: "Edm.Guid" },
    DeliverToContactPersonFullName: { type: "Edm.String", readOnly: true },
    DeliverToName: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String" },
    Discount: { type: "Edm.Double" },
    DiscountType: { type: "Edm.Int16", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    Document: { type: "Edm.Guid" },
    DocumentNumber: { type: "Edm.Int32", readOnly: true },
    DocumentSubject: { type: "Edm.String", readOnly: true },
    DueDate: { type: "Edm.DateTime" }, // calculated from the entry date and the payment condition
    ExtraDutyAmountFC: { type: "Edm.Double" },
    GAccountAmountFC: { type: "Edm.Double" },
    IncotermAddress: { type: "Edm.String" },
    IncotermCode: { type: "Edm.String" },
    IncotermVersion: { type: "Edm.Int16" },
    // GET only in the transcription: "During the printing process the invoice date can be entered"
    InvoiceDate: { type: "Edm.DateTime", readOnly: true },
    InvoiceNumber: { type: "Edm.Int32", readOnly: true },
    InvoiceTo: { type: "Edm.Guid" }, // defaults to OrderedBy
    InvoiceToContactPerson: { type: "Edm.Guid" },
    InvoiceToContactPersonFullName: { type: "Edm.String", readOnly: true },
    InvoiceToName: { type: "Edm.String", readOnly: true },
    IsExtraDuty: { type: "Edm.Boolean" },
    Journal: { type: "Edm.String", mandatory: true }, // code of a sales journal
    JournalDescription: { type: "Edm.String", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    OrderDate: { type: "Edm.DateTime" },
    OrderedBy: { type: "Edm.Guid", mandatory: true },
    OrderedByContactPerson: { type: "Edm.Guid" },
    OrderedByContactPersonFullName: { type: "Edm.String", readOnly: true },
    OrderedByName: { type: "Edm.String", readOnly: true },
    OrderNumber: { type: "Edm.Int32" },
    PaymentCondition: { type: "Edm.String" },
    PaymentConditionDescription: { type: "Edm.String", readOnly: true },
    PaymentReference: { type: "Edm.String" },
    Remarks: { type: "Edm.String" },
    SalesChannel: { type: "Edm.Guid" },
    SalesChannelCode: { type: "Edm.String", readOnly: true },
    SalesChannelDescription: { type: "Edm.String", readOnly: true },
    Salesperson: { type: "Edm.Guid" },
    SalespersonFullName: { type: "Edm.String", readOnly: true },
    SelectionCode: { type: "Edm.Guid" },
    SelectionCodeCode: { type: "Edm.String", readOnly: true },
    SelectionCodeDescription: { type: "Edm.String", readOnly: true },
    ShippingMethod: { type: "Edm.Guid" },
    ShippingMethodCode: { type: "Edm.String", readOnly: true },
    ShippingMethodDescription: { type: "Edm.String", readOnly: true },
    StarterSalesInvoiceStatus: { type: "Edm.Int16", readOnly: true },
    StarterSalesInvoiceStatusDescription: { type: "Edm.String", readOnly: true },
    // 10 draft, 20 open, 50 processed ("Processed invoices can't be changed anymore")
    Status: { type: "Edm.Int16", readOnly: true },
    StatusDescription: { type: "Edm.String", readOnly: true },
    TaxSchedule: { type: "Edm.Guid" }, // obsolete
    TaxScheduleCode: { type: "Edm.String", readOnly: true }, // obsolete
    TaxScheduleDescription: { type: "Edm.String", readOnly: true }, // obsolete
    // 8020 sales invoice, 8021 sales credit note, 8023 direct sales invoice, 8024 direct credit note
    Type: { type: "Edm.Int32" },
    TypeDescription: { type: "Edm.String", readOnly: true },
    VATAmountDC: { type: "Edm.Double", readOnly: true },
    VATAmountFC: { type: "Edm.Double", readOnly: true },
    Warehouse: { type: "Edm.Guid" }, // mandatory for direct sales invoices / credit notes, not allowed for normal ones
    WithholdingTaxAmountFC: { type: "Edm.Double" },
    WithholdingTaxBaseAmount: { type: "Edm.Double" },
    WithholdingTaxPercentage: { type: "Edm.Double" },
    YourRef: { type: "Edm.String" },
  },
  navigation: {
    SalesInvoiceLines: { entity: "salesinvoice/SalesInvoiceLines", mandatory: true, foreignKey: "InvoiceID" },
    // Shipping cost and order charge lines: "Only applicable in POST"; that endpoint also carries InvoiceID.
    SalesInvoiceOrderChargeLines: { entity: "salesinvoice/SalesInvoiceOrderChargeLines", foreignKey: "InvoiceID" },
  },
};
