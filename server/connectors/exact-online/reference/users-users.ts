// PROVISIONAL: replaced by the full transcription of Exact's reference page.
import type { ExactEntity } from "./types";

export const users: ExactEntity = {
  endpoint: "users/Users",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=UsersUsers",
  key: "UserID",
  keyType: "guid",
  methods: ["GET"],

  properties: {
    UserID: { type: "Edm.Guid", readOnly: true },
    FirstName: { type: "Edm.String", readOnly: true },
    LastName: { type: "Edm.String", readOnly: true },
    FullName: { type: "Edm.String", readOnly: true },
    Initials: { type: "Edm.String", readOnly: true },
    Email: { type: "Edm.String", readOnly: true },
    UserName: { type: "Edm.String", readOnly: true },
    Phone: { type: "Edm.String", readOnly: true },
    Mobile: { type: "Edm.String", readOnly: true },
    Language: { type: "Edm.String", readOnly: true },
    LanguageCode: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
  },
};
