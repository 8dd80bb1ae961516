/**
 * crm/Accounts, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CRMAccounts
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/CRM/Accounts.php, generated from that page): readOnly = listed for GET only.
 * Mandatory filter set: the 400 Exact answers since late October 2022 (picqer/exact-php-client#591),
 * which agrees with the "Mandatory filter" column on the part of Exact's page in reach (ID .. Blocked).
 * filterable: false: Exact's page says "This API allows to filter only on specific fields. Below you can see
 * per field if it can be filtered on or not."; only the mandatory filter fields are marked, so the others are
 * taken as not filterable (inferred from that sentence: on the part in reach the Filter column of e.g.
 * AccountManagerFullName or ActivitySector is empty; not confirmed per property beyond it).
 */
import type { ExactEntity } from "./types";

export const accounts: ExactEntity = {
  endpoint: "crm/Accounts",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CRMAccounts",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  bulk: "bulk/CRM/Accounts",
  sync: "sync/CRM/Accounts",
  // BulkCRMAccounts: its page's filter list was not in reach; mandatory filtering applies there as on the
  // regular endpoint ("single and bulk endpoints where sync APIs are available"), so no bulkFilters (unconfirmed).
  deletedEntityType: 2, // SyncDeleted page: "2= Accounts"
  webhookTopic: "Accounts", // the page: "This entity supports webhooks."
  properties: {
    ID: { type: "Edm.Guid", mandatoryFilter: true }, // key; Exact: Mandatory False, takes part in POST/PUT/DELETE
    Accountant: { type: "Edm.Guid", mandatoryFilter: true },
    AccountManager: { type: "Edm.Guid", mandatoryFilter: true },
    AccountManagerFullName: { type: "Edm.String", readOnly: true, filterable: false },
    AccountManagerHID: { type: "Edm.Int32", readOnly: true, filterable: false },
    ActivitySector: { type: "Edm.Guid", filterable: false },
    ActivitySubSector: { type: "Edm.Guid", filterable: false },
    AddressLine1: { type: "Edm.String", mandatoryFilter: true },
    AddressLine2: { type: "Edm.String", mandatoryFilter: true },
    AddressLine3: { type: "Edm.String", mandatoryFilter: true },
    AddressSource: { type: "Edm.Byte", readOnly: true, filterable: false },
    AutomaticProcessProposedEntry: { type: "Edm.Byte", filterable: false },
    Blocked: { type: "Edm.Boolean", mandatoryFilter: true },
    BRIN: { type: "Edm.Guid", readOnly: true, mandatoryFilter: true }, // obsolete
    BSN: { type: "Edm.String", mandatoryFilter: true },
    BusinessType: { type: "Edm.Guid", filterable: false },
    CanDropShip: { type: "Edm.Boolean", filterable: false },
    ChamberOfCommerce: { type: "Edm.String", mandatoryFilter: true },
    City: { type: "Edm.String", mandatoryFilter: true },
    Classification: { type: "Edm.String", readOnly: true, mandatoryFilter: true }, // obsolete
    Classification1: { type: "Edm.Guid", mandatoryFilter: true },
    Classification2: { type: "Edm.Guid", mandatoryFilter: true },
    Classification3: { type: "Edm.Guid", mandatoryFilter: true },
    Classification4: { type: "Edm.Guid", mandatoryFilter: true },
    Classification5: { type: "Edm.Guid", mandatoryFilter: true },
    Classification6: { type: "Edm.Guid", mandatoryFilter: true },
    Classification7: { type: "Edm.Guid", mandatoryFilter: true },
    Classification8: { type: "Edm.Guid", mandatoryFilter: true },
    ClassificationDescription: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    // 18 characters, numeric, left-padded with spaces; a $filter must include the spaces
    Code: { type: "Edm.String", mandatoryFilter: true },
    CodeAtSupplier: { type: "Edm.String", mandatoryFilter: true },
    CompanySize: { type: "Edm.Guid", filterable: false },
    ConsolidationScenario: { type: "Edm.Byte", filterable: false },
    ControlledDate: { type: "Edm.DateTime", filterable: false },
    Costcenter: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    CostcenterDescription: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    CostPaid: { type: "Edm.Byte", readOnly: true, filterable: false }, // obsolete
    Country: { type: "Edm.String", mandatoryFilter: true },
    CountryName: { type: "Edm.String", readOnly: true, filterable: false },
    Created: { type: "Edm.DateTime", readOnly: true, mandatoryFilter: true },
    Creator: { type: "Edm.Guid", readOnly: true, filterable: false },
    CreatorFullName: { type: "Edm.String", readOnly: true, filterable: false },
    CreditLinePurchase: { type: "Edm.Double", filterable: false },
    CreditLineSales: { type: "Edm.Double", filterable: false },
    Currency: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    CustomerSince: { type: "Edm.DateTime", readOnly: true, filterable: false }, // obsolete
    CustomField: { type: "Edm.String", readOnly: true, filterable: false },
    DatevCreditorCode: { type: "Edm.String", filterable: false },
    DatevDebtorCode: { type: "Edm.String", filterable: false },
    DeliveryAdvice: { type: "Edm.Byte", filterable: false },
    DiscountPurchase: { type: "Edm.Double", filterable: false },
    DiscountSales: { type: "Edm.Double", filterable: false },
    Division: { type: "Edm.Int32", readOnly: true, filterable: false },
    Document: { type: "Edm.Guid", readOnly: true, filterable: false }, // obsolete
    DunsNumber: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    Email: { type: "Edm.String", mandatoryFilter: true },
    EnableSalesPaymentLink: { type: "Edm.Boolean", filterable: false },
    EndDate: { type: "Edm.DateTime", mandatoryFilter: true },
    EORINumber: { type: "Edm.String", filterable: false },
    EstablishedDate: { type: "Edm.DateTime", filterable: false },
    Fax: { type: "Edm.String", mandatoryFilter: true },
    GLAccountPurchase: { type: "Edm.Guid", filterable: false },
    GLAccountSales: { type: "Edm.Guid", filterable: false },
    GLAP: { type: "Edm.Guid", filterable: false },
    GLAR: { type: "Edm.Guid", filterable: false },
    GlnNumber: { type: "Edm.String", filterable: false },
    HasWithholdingTaxSales: { type: "Edm.Boolean", filterable: false },
    IgnoreDatevWarningMessage: { type: "Edm.Boolean", filterable: false },
    IncotermAddressPurchase: { type: "Edm.String", filterable: false },
    IncotermAddressSales: { type: "Edm.String", filterable: false },
    IncotermCodePurchase: { type: "Edm.String", filterable: false },
    IncotermCodeSales: { type: "Edm.String", filterable: false },
    IncotermVersionPurchase: { type: "Edm.Int16", filterable: false },
    IncotermVersionSales: { type: "Edm.Int16", filterable: false },
    IntraStatArea: { type: "Edm.String", filterable: false },
    IntraStatDeliveryTerm: { type: "Edm.String", filterable: false },
    IntraStatSystem: { type: "Edm.String", filterable: false },
    IntraStatTransactionA: { type: "Edm.String", filterable: false },
    IntraStatTransactionB: { type: "Edm.String", filterable: false },
    IntraStatTransportMethod: { type: "Edm.String", filterable: false },
    InvoiceAccount: { type: "Edm.Guid", mandatoryFilter: true },
    InvoiceAccountCode: { type: "Edm.String", readOnly: true, filterable: false },
    InvoiceAccountName: { type: "Edm.String", readOnly: true, filterable: false },
    InvoiceAttachmentType: { type: "Edm.Int32", filterable: false },
    InvoicingMethod: { type: "Edm.Int32", filterable: false },
    IsAccountant: { type: "Edm.Byte", mandatoryFilter: true },
    IsAgency: { type: "Edm.Byte", filterable: false },
    IsAnonymised: { type: "Edm.Byte", readOnly: true, filterable: false },
    IsBank: { type: "Edm.Boolean", readOnly: true, filterable: false }, // obsolete
    IsCompetitor: { type: "Edm.Byte", filterable: false },
    IsExtraDuty: { type: "Edm.Boolean", filterable: false },
    IsMailing: { type: "Edm.Byte", filterable: false },
    IsMember: { type: "Edm.Boolean", readOnly: true, filterable: false }, // obsolete
    IsPilot: { type: "Edm.Boolean", filterable: false },
    IsPurchase: { type: "Edm.Boolean", readOnly: true, filterable: false }, // obsolete
    IsReseller: { type: "Edm.Boolean", mandatoryFilter: true },
    // GET only (Pi-Systems transcription); the row of Exact's page itself was not in reach
    IsSales: { type: "Edm.Boolean", readOnly: true, mandatoryFilter: true },
    IsSupplier: { type: "Edm.Boolean", mandatoryFilter: true },
    Language: { type: "Edm.String", filterable: false },
    LanguageDescription: { type: "Edm.String", readOnly: true, filterable: false },
    Latitude: { type: "Edm.Double", filterable: false },
    LeadPurpose: { type: "Edm.Guid", filterable: false },
    LeadSource: { type: "Edm.Guid", filterable: false },
    Logo: { type: "Edm.Binary", filterable: false },
    LogoFileName: { type: "Edm.String", filterable: false },
    LogoThumbnailUrl: { type: "Edm.String", readOnly: true, filterable: false },
    LogoUrl: { type: "Edm.String", readOnly: true, filterable: false },
    Longitude: { type: "Edm.Double", filterable: false },
    MainContact: { type: "Edm.Guid", mandatoryFilter: true },
    Modified: { type: "Edm.DateTime", readOnly: true, mandatoryFilter: true },
    Modifier: { type: "Edm.Guid", readOnly: true, filterable: false },
    ModifierFullName: { type: "Edm.String", readOnly: true, filterable: false },
    Name: { type: "Edm.String", mandatory: true, mandatoryFilter: true },
    OINNumber: { type: "Edm.String", filterable: false },
    Parent: { type: "Edm.Guid", mandatoryFilter: true },
    PayAsYouEarn: { type: "Edm.String", filterable: false },
    PaymentConditionPurchase: { type: "Edm.String", filterable: false },
    PaymentConditionPurchaseDescription: { type: "Edm.String", readOnly: true, filterable: false },
    PaymentConditionSales: { type: "Edm.String", filterable: false },
    PaymentConditionSalesDescription: { type: "Edm.String", readOnly: true, filterable: false },
    PeppolIdentifier: { type: "Edm.String", filterable: false },
    PeppolIdentifierType: { type: "Edm.Int32", filterable: false },
    Phone: { type: "Edm.String", mandatoryFilter: true },
    PhoneExtension: { type: "Edm.String", filterable: false },
    Postcode: { type: "Edm.String", mandatoryFilter: true },
    PriceList: { type: "Edm.Guid", mandatoryFilter: true },
    PurchaseCurrency: { type: "Edm.String", filterable: false },
    PurchaseCurrencyDescription: { type: "Edm.String", readOnly: true, filterable: false },
    PurchaseLeadDays: { type: "Edm.Int32", filterable: false },
    PurchaseVATCode: { type: "Edm.String", filterable: false },
    PurchaseVATCodeDescription: { type: "Edm.String", readOnly: true, filterable: false },
    RecepientOfCommissions: { type: "Edm.Boolean", filterable: false }, // sic, Exact's spelling
    Remarks: { type: "Edm.String", filterable: false },
    Reseller: { type: "Edm.Guid", mandatoryFilter: true },
    ResellerCode: { type: "Edm.String", readOnly: true, filterable: false },
    ResellerName: { type: "Edm.String", readOnly: true, filterable: false },
    RSIN: { type: "Edm.String", mandatoryFilter: true },
    SalesCurrency: { type: "Edm.String", filterable: false },
    SalesCurrencyDescription: { type: "Edm.String", readOnly: true, filterable: false },
    SalesTaxSchedule: { type: "Edm.Guid", filterable: false }, // obsolete
    SalesTaxScheduleCode: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    SalesTaxScheduleDescription: { type: "Edm.String", readOnly: true, filterable: false }, // obsolete
    SalesVATCode: { type: "Edm.String", filterable: false },
    SalesVATCodeDescription: { type: "Edm.String", readOnly: true, filterable: false },
    SearchCode: { type: "Edm.String", mandatoryFilter: true },
    SecurityLevel: { type: "Edm.Int32", filterable: false },
    SeparateInvPerProject: { type: "Edm.Byte", filterable: false },
    SeparateInvPerSubscription: { type: "Edm.Byte", filterable: false },
    ShippingLeadDays: { type: "Edm.Int32", filterable: false },
    ShippingMethod: { type: "Edm.Guid", filterable: false },
    ShowRemarkForSales: { type: "Edm.Boolean", filterable: false },
    Source: { type: "Edm.Byte", readOnly: true, filterable: false },
    StartDate: { type: "Edm.DateTime", mandatoryFilter: true },
    State: { type: "Edm.String", filterable: false },
    StateName: { type: "Edm.String", readOnly: true, filterable: false },
    Status: { type: "Edm.String", mandatoryFilter: true }, // A none, S suspect, P prospect, C customer
    StatusSince: { type: "Edm.DateTime", readOnly: true, filterable: false }, // obsolete
    TradeName: { type: "Edm.String", filterable: false },
    Type: { type: "Edm.String", readOnly: true, mandatoryFilter: true }, // A relation, D division
    UniqueTaxpayerReference: { type: "Edm.String", filterable: false },
    VATLiability: { type: "Edm.String", filterable: false },
    VATNumber: { type: "Edm.String", mandatoryFilter: true },
    Website: { type: "Edm.String", filterable: false },
  },
  navigation: {
    // "Collection of Bank accounts", GET only on this page; crm/BankAccounts has Account (mandatory) pointing back.
    BankAccounts: { entity: "crm/BankAccounts", foreignKey: "Account" },
  },
};
