/**
 * webhooks/WebhookSubscriptions, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=WebhooksWebhookSubscriptions
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/Webhooks/WebhookSubscriptions.php, generated from that page): readOnly = listed for GET only.
 * No Modified/Modifier on this endpoint. No mandatory filter, no filterability per property in the sources
 * (unconfirmed: none set). No bulk/sync endpoint; no webhook topic of its own.
 */
import type { ExactEntity } from "./types";

export const webhookSubscriptions: ExactEntity = {
  endpoint: "webhooks/WebhookSubscriptions",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=WebhooksWebhookSubscriptions",
  key: "ID",
  keyType: "guid",
  // The transcription lists PUT for CallbackURL, Topic and UserID, but Exact refuses updates: "You're not allowed
  // to Update() a webhook, however. The Exact Online API won't let you." (exactonline/exactonline-api-dotnet-client#63,
  // Exact's own .NET client). Create, read and delete only.
  methods: ["GET", "POST", "DELETE"],
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    CallbackURL: { type: "Edm.String", mandatory: true }, // must be HTTPS; Exact first POSTs to it and expects 200
    ClientID: { type: "Edm.Guid", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String", readOnly: true }, // description of the OAuth client
    Division: { type: "Edm.Int32", readOnly: true },
    // IsInstant (Boolean, faster delivery, GoodsDeliveries only) is listed by CData's Exact Online provider but not by
    // the Pi-Systems transcription: newer, or not on Exact's page (unconfirmed); its methods are unknown.
    IsInstant: { type: "Edm.Boolean" },
    // e.g. Accounts, Items, SalesInvoices, StockPositions, FinancialTransactions
    Topic: { type: "Edm.String", mandatory: true },
    UserID: { type: "Edm.Guid" }, // subscribing user
  },
};
