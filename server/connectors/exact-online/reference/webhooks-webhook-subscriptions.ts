// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const webhookSubscriptions: ExactEntity = {
  endpoint: "webhooks/WebhookSubscriptions",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=WebhooksWebhookSubscriptions",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "DELETE"],

  properties: {
    ID: { type: "Edm.Guid", readOnly: true },
    CallbackURL: { type: "Edm.String", mandatory: true },
    Topic: { type: "Edm.String", mandatory: true },
    Description: { type: "Edm.String" },
    ClientID: { type: "Edm.Guid", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
  },
};
