/**
 * salesinvoice/SalesInvoiceLines, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SalesInvoiceSalesInvoiceLines
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/SalesInvoice/SalesInvoiceLines.php, generated from that page): readOnly = listed for GET only.
 * No Created/Modified/Creator on this endpoint.
 * Mandatory filtering: none known (unconfirmed: none set). Filterability per property: not in reach.
 */
import type { ExactEntity } from "./types";

export const salesInvoiceLines: ExactEntity = {
  endpoint: "salesinvoice/SalesInvoiceLines",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SalesInvoiceSalesInvoiceLines",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  bulk: "bulk/SalesInvoice/SalesInvoiceLines",
  // No sync endpoint of its own: lines come through sync/SalesInvoice/SalesInvoices (LineNumber 1 and up).
  // The page: "Subscribe to the topic SalesInvoices to get updates on the SalesInvoiceLines resource."
  webhookTopic: "SalesInvoices",
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountFC: { type: "Edm.Double" }, // for normal lines the amount excluding VAT
    CostCenter: { type: "Edm.String" },
    CostCenterDescription: { type: "Edm.String", readOnly: true },
    CostUnit: { type: "Edm.String" },
    CostUnitDescription: { type: "Edm.String", readOnly: true },
    CustomerItemCode: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    DeliveryDate: { type: "Edm.DateTime" },
    Description: { type: "Edm.String" }, // may differ between header and lines
    Discount: { type: "Edm.Double" },
    Division: { type: "Edm.Int32", readOnly: true },
    Employee: { type: "Edm.Guid" },
    EmployeeFullName: { type: "Edm.String", readOnly: true },
    EndTime: { type: "Edm.DateTime" },
    ExtraDutyAmountFC: { type: "Edm.Double" },
    ExtraDutyPercentage: { type: "Edm.Double" },
    // Exact's page marks GLAccount Mandatory, and says in the same row "This field is generated based on the revenue
    // account of the item (or the related item group)": a line without it gets the item's, so it is not required
    // from the caller and `mandatory` is not set.
    GLAccount: { type: "Edm.Guid" },
    GLAccountDescription: { type: "Edm.String", readOnly: true },
    // not needed for lines written inline in a new invoice's SalesInvoiceLines
    InvoiceID: { type: "Edm.Guid", mandatory: true },
    Item: { type: "Edm.Guid", mandatory: true },
    ItemCode: { type: "Edm.String", readOnly: true },
    ItemDescription: { type: "Edm.String", readOnly: true },
    LineNumber: { type: "Edm.Int32", readOnly: true }, // GET only (Pi-Systems transcription): Exact numbers the lines
    NetPrice: { type: "Edm.Double" },
    Notes: { type: "Edm.String" },
    Pricelist: { type: "Edm.Guid" },
    PricelistDescription: { type: "Edm.String", readOnly: true },
    Project: { type: "Edm.Guid" },
    ProjectDescription: { type: "Edm.String", readOnly: true },
    ProjectWBS: { type: "Edm.Guid" },
    ProjectWBSDescription: { type: "Edm.String", readOnly: true },
    Quantity: { type: "Edm.Double" }, // in default units; the entry screen shows Quantity * UnitFactor
    SalesOrder: { type: "Edm.Guid", readOnly: true },
    SalesOrderLine: { type: "Edm.Guid", readOnly: true },
    SalesOrderLineNumber: { type: "Edm.Int32", readOnly: true },
    SalesOrderNumber: { type: "Edm.Int32", readOnly: true },
    StartTime: { type: "Edm.DateTime" },
    Subscription: { type: "Edm.Guid", readOnly: true },
    SubscriptionDescription: { type: "Edm.String", readOnly: true },
    TaxSchedule: { type: "Edm.Guid" }, // obsolete
    TaxScheduleCode: { type: "Edm.String", readOnly: true }, // obsolete
    TaxScheduleDescription: { type: "Edm.String", readOnly: true }, // obsolete
    UnitCode: { type: "Edm.String" },
    UnitDescription: { type: "Edm.String", readOnly: true },
    UnitPrice: { type: "Edm.Double" },
    VATAmountDC: { type: "Edm.Double" },
    VATAmountFC: { type: "Edm.Double" },
    VATCode: { type: "Edm.String" },
    VATCodeDescription: { type: "Edm.String", readOnly: true },
    VATPercentage: { type: "Edm.Double" },
  },
};
