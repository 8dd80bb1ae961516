// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const divisions: ExactEntity = {
  endpoint: "system/Divisions",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SystemSystemDivisions",
  key: "Code",
  keyType: "int",
  methods: ["GET"],

  properties: {
    Code: { type: "Edm.Int32", readOnly: true },
    Description: { type: "Edm.String", readOnly: true },
    Hid: { type: "Edm.Int64", readOnly: true },
    CustomerName: { type: "Edm.String", readOnly: true },
    Customer: { type: "Edm.Guid", readOnly: true },
    Currency: { type: "Edm.String", readOnly: true },
    Country: { type: "Edm.String", readOnly: true },
    Status: { type: "Edm.Int16", readOnly: true },
    IsMainDivision: { type: "Edm.Boolean", readOnly: true },
    Current: { type: "Edm.Boolean", readOnly: true },
    VATNumber: { type: "Edm.String", readOnly: true },
    ChamberOfCommerceNumber: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
  },
};
