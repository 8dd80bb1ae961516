// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const accounts: ExactEntity = {
  endpoint: "crm/Accounts",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CRMAccounts",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  webhookTopic: "Accounts", bulk: "bulk/CRM/Accounts", sync: "sync/CRM/Accounts",
  properties: {
    ID: { type: "Edm.Guid", readOnly: true, mandatoryFilter: true },
    Code: { type: "Edm.String", mandatoryFilter: true },
    Name: { type: "Edm.String", mandatory: true, mandatoryFilter: true },
    Email: { type: "Edm.String", mandatoryFilter: true },
    Phone: { type: "Edm.String", mandatoryFilter: true },
    Website: { type: "Edm.String", mandatoryFilter: true },
    VATNumber: { type: "Edm.String", mandatoryFilter: true },
    ChamberOfCommerce: { type: "Edm.String", mandatoryFilter: true },
    AddressLine1: { type: "Edm.String", mandatoryFilter: true },
    Postcode: { type: "Edm.String", mandatoryFilter: true },
    City: { type: "Edm.String", mandatoryFilter: true },
    Country: { type: "Edm.String", mandatoryFilter: true },
    Status: { type: "Edm.String", mandatoryFilter: true },
    IsSales: { type: "Edm.Boolean", readOnly: true },
    IsSupplier: { type: "Edm.Boolean", mandatoryFilter: true },
    Blocked: { type: "Edm.Boolean", mandatoryFilter: true },
    MainContact: { type: "Edm.Guid", mandatoryFilter: true },
    Created: { type: "Edm.DateTime", readOnly: true, mandatoryFilter: true },
    Modified: { type: "Edm.DateTime", readOnly: true, mandatoryFilter: true },
  },
};
