/**
 * system/Divisions, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SystemSystemDivisions
 * Properties, EDM types and HTTP methods as in Pi-Systems/exact-online (src/Entity/System/Divisions.php,
 * generated from that page). Every property is listed for GET only (the key also for DELETE): all read-only.
 * Returns only the divisions the signed-in user may access. No mandatory filter, no filterability per property
 * in the sources (unconfirmed: none set). No bulk/sync endpoint and no webhook topic.
 */
import type { ExactEntity } from "./types";

export const divisions: ExactEntity = {
  endpoint: "system/Divisions",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=SystemSystemDivisions",
  key: "Code",
  keyType: "int",
  // DELETE per the transcription ("For delete the user has to have sufficient access rights"); an older
  // endpoint list of Exact's resources gives GET only.
  methods: ["GET", "DELETE"],
  properties: {
    Code: { type: "Edm.Int32", readOnly: true }, // key
    AddressLine1: { type: "Edm.String", readOnly: true },
    AddressLine2: { type: "Edm.String", readOnly: true },
    AddressLine3: { type: "Edm.String", readOnly: true },
    ArchiveDate: { type: "Edm.DateTime", readOnly: true },
    // 0 not blocked, 1 backup/restore, 2-4 conversion busy/shadow/waiting, 5-6 copy data waiting/busy
    BlockingStatus: { type: "Edm.Int32", readOnly: true },
    BusinessTypeCode: { type: "Edm.String", readOnly: true },
    BusinessTypeDescription: { type: "Edm.String", readOnly: true },
    ChamberOfCommerceEstablishment: { type: "Edm.String", readOnly: true },
    ChamberOfCommerceNumber: { type: "Edm.String", readOnly: true },
    City: { type: "Edm.String", readOnly: true },
    // Class_01 .. Class_05 (division classifications) are of the complex type Exact.Web.Api.Models.HRM.DivisionClass,
    // not an EDM primitive: `ExactProperty.type` cannot express them, so they are left out.
    CompanySizeCode: { type: "Edm.String", readOnly: true },
    CompanySizeDescription: { type: "Edm.String", readOnly: true },
    Country: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Currency: { type: "Edm.String", readOnly: true },
    Current: { type: "Edm.Boolean", readOnly: true }, // true for the division most recently used by the API
    Customer: { type: "Edm.Guid", readOnly: true },
    CustomerCode: { type: "Edm.String", readOnly: true },
    CustomerName: { type: "Edm.String", readOnly: true },
    DatevAccountantNumber: { type: "Edm.String", readOnly: true },
    DatevClientNumber: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String", readOnly: true },
    DivisionHRLinkUnlinkDate: { type: "Edm.DateTime", readOnly: true },
    DivisionMoveDate: { type: "Edm.DateTime", readOnly: true },
    Email: { type: "Edm.String", readOnly: true },
    Fax: { type: "Edm.String", readOnly: true },
    Hid: { type: "Edm.Int64", readOnly: true },
    IsDossierDivision: { type: "Edm.Boolean", readOnly: true },
    IsHRDivision: { type: "Edm.Boolean", readOnly: true },
    IsMainDivision: { type: "Edm.Boolean", readOnly: true },
    IsPracticeDivision: { type: "Edm.Boolean", readOnly: true },
    Legislation: { type: "Edm.String", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    OBNumber: { type: "Edm.String", readOnly: true },
    Phone: { type: "Edm.String", readOnly: true },
    Postcode: { type: "Edm.String", readOnly: true },
    SbiCode: { type: "Edm.String", readOnly: true },
    SbiDescription: { type: "Edm.String", readOnly: true },
    SectorCode: { type: "Edm.String", readOnly: true },
    SectorDescription: { type: "Edm.String", readOnly: true },
    ShareCapital: { type: "Edm.Double", readOnly: true },
    SiretNumber: { type: "Edm.String", readOnly: true },
    StartDate: { type: "Edm.DateTime", readOnly: true },
    State: { type: "Edm.String", readOnly: true },
    Status: { type: "Edm.Int32", readOnly: true }, // 0 inactive, 1 active, 2 archived
    SubsectorCode: { type: "Edm.String", readOnly: true },
    SubsectorDescription: { type: "Edm.String", readOnly: true },
    TaxOfficeNumber: { type: "Edm.String", readOnly: true },
    TaxReferenceNumber: { type: "Edm.String", readOnly: true },
    TemplateCode: { type: "Edm.String", readOnly: true },
    VATNumber: { type: "Edm.String", readOnly: true },
    Website: { type: "Edm.String", readOnly: true },
  },
};
