// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const salesInvoiceLines: ExactEntity = {
  endpoint: "salesinvoice/SalesInvoiceLines",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SalesInvoiceSalesInvoiceLines",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  sync: "sync/SalesInvoice/SalesInvoiceLines",
  properties: {
    ID: { type: "Edm.Guid", readOnly: true },
    InvoiceID: { type: "Edm.Guid", mandatory: true },
    LineNumber: { type: "Edm.Int32", readOnly: true },
    Description: { type: "Edm.String" },
    Item: { type: "Edm.Guid", mandatory: true },
    ItemCode: { type: "Edm.String", readOnly: true },
    ItemDescription: { type: "Edm.String", readOnly: true },
    Quantity: { type: "Edm.Double" },
    UnitPrice: { type: "Edm.Double" },
    NetPrice: { type: "Edm.Double", readOnly: true },
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountFC: { type: "Edm.Double", readOnly: true },
    VATCode: { type: "Edm.String" },
    VATPercentage: { type: "Edm.Double", readOnly: true },
    VATAmountDC: { type: "Edm.Double", readOnly: true },
    VATAmountFC: { type: "Edm.Double", readOnly: true },
    GLAccount: { type: "Edm.Guid" },
  },
};
