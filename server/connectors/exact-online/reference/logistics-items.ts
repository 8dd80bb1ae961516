// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const items: ExactEntity = {
  endpoint: "logistics/Items",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=LogisticsItems",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  webhookTopic: "Items", bulk: "bulk/Logistics/Items", sync: "sync/Logistics/Items",
  properties: {
    ID: { type: "Edm.Guid", readOnly: true, mandatoryFilter: true },
    Code: { type: "Edm.String", mandatory: true, mandatoryFilter: true },
    Description: { type: "Edm.String", mandatory: true, mandatoryFilter: true },
    IsSalesItem: { type: "Edm.Boolean", mandatoryFilter: true },
    SalesVatCode: { type: "Edm.String" },
    GLRevenue: { type: "Edm.Guid" },
    Unit: { type: "Edm.String" },
    Created: { type: "Edm.DateTime", readOnly: true, mandatoryFilter: true },
    Modified: { type: "Edm.DateTime", readOnly: true, mandatoryFilter: true },
  },
};
