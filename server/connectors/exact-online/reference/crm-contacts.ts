/**
 * crm/Contacts, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CRMContacts
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/CRM/Contacts.php, generated from that page): readOnly = listed for GET only.
 * Mandatory filtering: none known. Exact applies it "on single and bulk endpoints where sync APIs are
 * available" and marks it per property; no 400 or page row for Contacts was found, so no flag is set (unconfirmed).
 * Filterability per property: not in reach, so nothing is marked filterable: false (unconfirmed).
 */
import type { ExactEntity } from "./types";

export const contacts: ExactEntity = {
  endpoint: "crm/Contacts",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CRMContacts",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  bulk: "bulk/CRM/Contacts",
  sync: "sync/CRM/Contacts",
  // BulkCRMContacts page, as transcribed by Pi-Systems (src/Entity/Bulk/CRM/Contacts.php) and the elmas gem.
  bulkFilters: ["Account", "ID", "IdentificationDocument", "IdentificationUser", "Person"],
  deletedEntityType: 5, // SyncDeleted page: "5= Contacts"
  // The page: "This entity supports webhooks."; the topic name "Contacts" is from third-party docs (unconfirmed).
  webhookTopic: "Contacts",
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    Account: { type: "Edm.Guid", mandatory: true },
    AccountIsCustomer: { type: "Edm.Boolean", readOnly: true },
    AccountIsSupplier: { type: "Edm.Boolean", readOnly: true },
    AccountMainContact: { type: "Edm.Guid", readOnly: true },
    AccountName: { type: "Edm.String", readOnly: true },
    AddressLine2: { type: "Edm.String", readOnly: true },
    AddressStreet: { type: "Edm.String", readOnly: true },
    AddressStreetNumber: { type: "Edm.String", readOnly: true },
    AddressStreetNumberSuffix: { type: "Edm.String", readOnly: true },
    AllowMailing: { type: "Edm.Int32", readOnly: true }, // obsolete
    BirthDate: { type: "Edm.DateTime" },
    BirthName: { type: "Edm.String" }, // obsolete, may overwrite LastName
    BirthNamePrefix: { type: "Edm.String" }, // obsolete, may overwrite MiddleName
    BirthPlace: { type: "Edm.String" },
    BusinessEmail: { type: "Edm.String" },
    BusinessFax: { type: "Edm.String" },
    BusinessMobile: { type: "Edm.String" },
    BusinessPhone: { type: "Edm.String" },
    BusinessPhoneExtension: { type: "Edm.String" },
    City: { type: "Edm.String", readOnly: true },
    Code: { type: "Edm.String", readOnly: true }, // code of the account
    Country: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    Email: { type: "Edm.String" },
    EndDate: { type: "Edm.DateTime" },
    // FirstName and LastName are both "Required" in the transcription, but the page says "Provide at least first
    // name or last name to create a new contact": one of the two, which `mandatory` cannot express, so neither is set.
    FirstName: { type: "Edm.String" },
    FullName: { type: "Edm.String", readOnly: true },
    Gender: { type: "Edm.String" },
    HID: { type: "Edm.Int32" },
    IdentificationDate: { type: "Edm.DateTime" },
    IdentificationDocument: { type: "Edm.Guid" },
    IdentificationUser: { type: "Edm.Guid" },
    Initials: { type: "Edm.String" },
    IsAnonymised: { type: "Edm.Byte", readOnly: true },
    IsMailingExcluded: { type: "Edm.Boolean" },
    // GET only in the transcription: the main contact is set on the account (MainContact)
    IsMainContact: { type: "Edm.Boolean", readOnly: true },
    JobTitleDescription: { type: "Edm.String" },
    Language: { type: "Edm.String" },
    LastName: { type: "Edm.String" },
    LeadPurpose: { type: "Edm.Guid" },
    LeadSource: { type: "Edm.Guid" },
    MarketingNotes: { type: "Edm.String" },
    MiddleName: { type: "Edm.String" },
    Mobile: { type: "Edm.String" },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    Nationality: { type: "Edm.String" },
    Notes: { type: "Edm.String" },
    PartnerName: { type: "Edm.String", readOnly: true },
    PartnerNamePrefix: { type: "Edm.String", readOnly: true },
    Person: { type: "Edm.Guid" },
    Phone: { type: "Edm.String" },
    PhoneExtension: { type: "Edm.String", readOnly: true },
    Picture: { type: "Edm.Binary" }, // write-only per the page: read it through PictureUrl / PictureThumbnailUrl
    PictureName: { type: "Edm.String" },
    PictureThumbnailUrl: { type: "Edm.String", readOnly: true },
    PictureUrl: { type: "Edm.String", readOnly: true },
    Postcode: { type: "Edm.String", readOnly: true },
    SocialSecurityNumber: { type: "Edm.String" },
    StartDate: { type: "Edm.DateTime" },
    State: { type: "Edm.String", readOnly: true },
    Title: { type: "Edm.String" },
    TitleAbbreviation: { type: "Edm.String", readOnly: true },
    TitleDescription: { type: "Edm.String", readOnly: true },
  },
};
