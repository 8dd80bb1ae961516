/**
 * vat/VATCodes, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=VATVATCodes
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/VAT/VATCodes.php, generated from that page): readOnly = listed for GET only. Mandatory: Code and
 * Description. `Percentage` is read-only: the percentages live in the VATPercentages collection (start and end
 * dates), transcribed in vat-vat-percentages.ts. Exact also allows POST/PUT/DELETE; the product only reads.
 * No bulk or sync endpoint (neither is listed among Exact's bulk/sync services), no webhook topic, no
 * mandatory filter, no per-property filterability in the sources (unconfirmed: none set).
 * Type: B = VAT 0% (only base amount), E = excluding, I = including, N = no VAT. VATTransactionType: B both,
 * P purchase, S sales. Charged: domestic reverse charge or intra-EU ("If Charged=1 and linked to a purchase
 * invoice, both a line for the VAT to pay and a line for the VAT to claim are being created").
 */
import type { ExactEntity } from "./types";

export const vatCodes: ExactEntity = {
  endpoint: "vat/VATCodes",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=VATVATCodes",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  properties: {
    ID: { type: "Edm.Guid" }, // key
    Account: { type: "Edm.Guid" }, // tax account (a crm account: the tax office)
    AccountCode: { type: "Edm.String", readOnly: true },
    AccountName: { type: "Edm.String", readOnly: true },
    CalculationBasis: { type: "Edm.Byte" }, // 0 gross amount, 1 gross amount + another tax
    Charged: { type: "Edm.Boolean" },
    Code: { type: "Edm.String", mandatory: true },
    Country: { type: "Edm.String", readOnly: true }, // obsolete
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String", mandatory: true },
    Division: { type: "Edm.Int32", readOnly: true },
    EUSalesListing: { type: "Edm.String" }, // L goods, N no listing, S services, T triangulation
    ExcludeVATListing: { type: "Edm.Byte" },
    GLDiscountPurchase: { type: "Edm.Guid" },
    GLDiscountPurchaseCode: { type: "Edm.String", readOnly: true },
    GLDiscountPurchaseDescription: { type: "Edm.String", readOnly: true },
    GLDiscountSales: { type: "Edm.Guid" },
    GLDiscountSalesCode: { type: "Edm.String", readOnly: true },
    GLDiscountSalesDescription: { type: "Edm.String", readOnly: true },
    GLToClaim: { type: "Edm.Guid" }, // G/L account of the VAT to claim (purchases); must be of type VAT
    GLToClaimCode: { type: "Edm.String", readOnly: true },
    GLToClaimDescription: { type: "Edm.String", readOnly: true },
    GLToPay: { type: "Edm.Guid" }, // G/L account of the VAT to pay (sales); must be of type VAT
    GLToPayCode: { type: "Edm.String", readOnly: true },
    GLToPayDescription: { type: "Edm.String", readOnly: true },
    IntraStat: { type: "Edm.Boolean" },
    IntrastatType: { type: "Edm.String" }, // France
    IsBlocked: { type: "Edm.Boolean" },
    LegalText: { type: "Edm.String" },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    OssCountry: { type: "Edm.String" },
    Percentage: { type: "Edm.Double", readOnly: true }, // a fraction: 0.21
    TaxReturnType: { type: "Edm.Int16" },
    Type: { type: "Edm.String" }, // B, E, I, N (see the header)
    VatDocType: { type: "Edm.String" },
    VatMargin: { type: "Edm.Byte" },
    VATPartialRatio: { type: "Edm.Int16" },
    VATTransactionType: { type: "Edm.String" }, // B, P, S
  },
  navigation: {
    // "VAT percentages. You can have several VAT percentages, with start and end dates"
    VATPercentages: { entity: "vat/VatPercentages", foreignKey: "VATCodeID" },
  },
};
