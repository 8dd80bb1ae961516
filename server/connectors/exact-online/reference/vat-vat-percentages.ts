/**
 * vat/VatPercentages, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=VATVatPercentages
 * Properties and EDM types as in Pi-Systems/exact-online (src/Entity/VAT/VatPercentages.php, generated from that
 * page): GET only, every property read-only. The rows of a VAT code's VATPercentages collection.
 * No bulk/sync endpoint, no webhook topic, no mandatory filter (unconfirmed: none set).
 */
import type { ExactEntity } from "./types";

export const vatPercentages: ExactEntity = {
  endpoint: "vat/VatPercentages",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=VATVatPercentages",
  key: "ID",
  keyType: "guid",
  methods: ["GET"],
  properties: {
    ID: { type: "Edm.Guid", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    EndDate: { type: "Edm.DateTime", readOnly: true }, // end of the range in which the percentage is valid
    LineNumber: { type: "Edm.Int32", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    Percentage: { type: "Edm.Double", readOnly: true }, // a fraction: 0.21
    StartDate: { type: "Edm.DateTime", readOnly: true },
    Type: { type: "Edm.Int16", readOnly: true }, // 0 normal, 1 extra duty
    VATCodeID: { type: "Edm.Guid", readOnly: true }, // the VAT code
  },
};
