/**
 * purchaseentry/PurchaseEntryLines, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=PurchaseEntryPurchaseEntryLines
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/PurchaseEntry/PurchaseEntryLines.php, generated from that page): readOnly = listed for GET only.
 * Mandatory (besides the key): AmountFC, EntryID, GLAccount. "VATCode: If this property is not filled, it will use
 * the default VAT code of the G/L account". Changes come as PurchaseEntries events ("Subscribe to the topic
 * PurchaseEntries for updates on the PurchaseEntryLines resource"). No Created/Modified, no bulk or sync endpoint.
 */
import type { ExactEntity } from "./types";

export const purchaseEntryLines: ExactEntity = {
  endpoint: "purchaseentry/PurchaseEntryLines",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=PurchaseEntryPurchaseEntryLines",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  webhookTopic: "PurchaseEntries",
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountFC: { type: "Edm.Double", mandatory: true }, // excluding VAT
    Asset: { type: "Edm.Guid" },
    AssetDescription: { type: "Edm.String", readOnly: true },
    CostCenter: { type: "Edm.String" },
    CostCenterDescription: { type: "Edm.String", readOnly: true },
    CostUnit: { type: "Edm.String" },
    CostUnitDescription: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String" },
    Division: { type: "Edm.Int32", readOnly: true },
    EntryID: { type: "Edm.Guid", mandatory: true },
    Expense: { type: "Edm.Guid" },
    ExpenseDescription: { type: "Edm.String", readOnly: true },
    From: { type: "Edm.DateTime" },
    GLAccount: { type: "Edm.Guid", mandatory: true },
    GLAccountCode: { type: "Edm.String", readOnly: true },
    GLAccountDescription: { type: "Edm.String", readOnly: true },
    IntraStatArea: { type: "Edm.String" },
    IntraStatCountry: { type: "Edm.String" },
    IntraStatDeliveryTerm: { type: "Edm.String" },
    IntraStatTransactionA: { type: "Edm.String" },
    IntraStatTransactionB: { type: "Edm.String" },
    IntraStatTransportMethod: { type: "Edm.String" },
    LineNumber: { type: "Edm.Int32", readOnly: true },
    Notes: { type: "Edm.String" },
    PrivateUsePercentage: { type: "Edm.Double" },
    Project: { type: "Edm.Guid" },
    ProjectDescription: { type: "Edm.String", readOnly: true },
    Quantity: { type: "Edm.Double" },
    SerialNumber: { type: "Edm.String" },
    StatisticalNetWeight: { type: "Edm.Double" },
    StatisticalNumber: { type: "Edm.String" },
    StatisticalQuantity: { type: "Edm.Double" },
    StatisticalValue: { type: "Edm.Double" },
    Subscription: { type: "Edm.Guid" },
    SubscriptionDescription: { type: "Edm.String", readOnly: true },
    To: { type: "Edm.DateTime" },
    TrackingNumber: { type: "Edm.Guid" },
    TrackingNumberDescription: { type: "Edm.String", readOnly: true },
    Type: { type: "Edm.Int32", readOnly: true }, // 30 purchase entry, 31 purchase credit note
    VATAmountDC: { type: "Edm.Double", readOnly: true },
    VATAmountFC: { type: "Edm.Double" }, // "to specify a VAT amount that differs from the ... automatically calculated"
    VATBaseAmountDC: { type: "Edm.Double", readOnly: true },
    VATBaseAmountFC: { type: "Edm.Double" },
    VATCode: { type: "Edm.String" },
    VATCodeDescription: { type: "Edm.String", readOnly: true },
    VATNonDeductiblePercentage: { type: "Edm.Double" },
    VATPercentage: { type: "Edm.Double" },
    WithholdingAmountDC: { type: "Edm.Double" },
    WithholdingTax: { type: "Edm.String" },
  },
};
