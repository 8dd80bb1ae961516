// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const journals: ExactEntity = {
  endpoint: "financial/Journals",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialJournals",
  key: "ID",
  keyType: "guid",
  methods: ["GET"],

  properties: {
    ID: { type: "Edm.Guid", readOnly: true },
    Code: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String", readOnly: true },
    Type: { type: "Edm.Int32", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
  },
};
