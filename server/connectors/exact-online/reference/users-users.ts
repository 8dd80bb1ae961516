/**
 * users/Users, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=UsersUsers
 * The page itself was not in reach. Property names and EDM types as crawled from it by an OpenAPI generator
 * for Exact Online (EndpointCrawler AddUsersUsers: "Get all Users", GET only, key UserID); Pi-Systems/exact-online
 * has no class for this endpoint. GET only, so every property is read-only. No Mandatory column, no
 * mandatory filter, no filterability per property in that source (unconfirmed: none set).
 * No bulk or sync endpoint and no webhook topic for users/Users in Exact's resource lists (bulk/*, sync/*) or
 * the transcription. Not to be confused with system/Users (no division in the URL, writable).
 */
import type { ExactEntity } from "./types";

export const users: ExactEntity = {
  endpoint: "users/Users",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=UsersUsers",
  key: "UserID",
  keyType: "guid",
  methods: ["GET"],
  properties: {
    UserID: { type: "Edm.Guid", readOnly: true }, // key
    BirthDate: { type: "Edm.DateTime", readOnly: true },
    BirthName: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Customer: { type: "Edm.Guid", readOnly: true },
    CustomerName: { type: "Edm.String", readOnly: true },
    Email: { type: "Edm.String", readOnly: true },
    EndDate: { type: "Edm.DateTime", readOnly: true },
    FirstName: { type: "Edm.String", readOnly: true },
    FullName: { type: "Edm.String", readOnly: true },
    Gender: { type: "Edm.String", readOnly: true },
    HasRegisteredForTwoStepVerification: { type: "Edm.Boolean", readOnly: true },
    HasTwoStepVerification: { type: "Edm.Boolean", readOnly: true },
    Initials: { type: "Edm.String", readOnly: true },
    IsAnonymised: { type: "Edm.Byte", readOnly: true },
    Language: { type: "Edm.String", readOnly: true },
    LastLogin: { type: "Edm.DateTime", readOnly: true },
    LastName: { type: "Edm.String", readOnly: true },
    MiddleName: { type: "Edm.String", readOnly: true },
    Mobile: { type: "Edm.String", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    Nationality: { type: "Edm.String", readOnly: true },
    Notes: { type: "Edm.String", readOnly: true },
    Phone: { type: "Edm.String", readOnly: true },
    PhoneExtension: { type: "Edm.String", readOnly: true },
    ProfileCode: { type: "Edm.String", readOnly: true },
    StartDate: { type: "Edm.DateTime", readOnly: true },
    StartDivision: { type: "Edm.Int32", readOnly: true },
    Title: { type: "Edm.String", readOnly: true },
    UserName: { type: "Edm.String", readOnly: true },
    UserTypeCode: { type: "Edm.String", readOnly: true },
    UserTypesList: { type: "Edm.String", readOnly: true },
  },
  navigation: {
    // Deferred collections on the user, read-only like the user; users/UserRoles and users/UserRolesPerDivision
    // both carry UserID pointing back (Pi-Systems UserRoles.php; exactonline-api-ruby-client user_id).
    UserRoles: { entity: "users/UserRoles", foreignKey: "UserID" },
    UserRolesPerDivision: { entity: "users/UserRolesPerDivision", foreignKey: "UserID" },
  },
};
