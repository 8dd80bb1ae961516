// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const contacts: ExactEntity = {
  endpoint: "crm/Contacts",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CRMContacts",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  webhookTopic: "Contacts", bulk: "bulk/CRM/Contacts", sync: "sync/CRM/Contacts",
  properties: {
    ID: { type: "Edm.Guid", readOnly: true },
    Account: { type: "Edm.Guid", mandatory: true },
    AccountName: { type: "Edm.String", readOnly: true },
    FirstName: { type: "Edm.String" },
    LastName: { type: "Edm.String" },
    FullName: { type: "Edm.String", readOnly: true },
    Email: { type: "Edm.String" },
    BusinessEmail: { type: "Edm.String" },
    Phone: { type: "Edm.String" },
    BusinessPhone: { type: "Edm.String" },
    Mobile: { type: "Edm.String" },
    JobTitleDescription: { type: "Edm.String" },
    IsMainContact: { type: "Edm.Boolean" },
    Created: { type: "Edm.DateTime", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
  },
};
