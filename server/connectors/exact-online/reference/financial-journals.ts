/**
 * financial/Journals, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialJournals
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/Financial/Journals.php, generated from that page): readOnly = listed for GET only.
 * The page: "Use this endpoint to create, update, view or delete journals. Note: Journals can only be deleted if
 * they are not used in entries!" No property is marked Mandatory apart from the key (not taken as mandatory).
 * No mandatory filter, no filterability per property in the sources (unconfirmed: none set).
 * No bulk/sync endpoint and no webhook topic.
 */
import type { ExactEntity } from "./types";

export const journals: ExactEntity = {
  endpoint: "financial/Journals",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialJournals",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    AllowVariableCurrency: { type: "Edm.Boolean" },
    AllowVariableExchangeRate: { type: "Edm.Boolean" },
    AllowVAT: { type: "Edm.Boolean" }, // general journals only
    AutoSave: { type: "Edm.Boolean" },
    Bank: { type: "Edm.Guid" }, // bank journals only
    BankAccountBICCode: { type: "Edm.String", readOnly: true },
    BankAccountCountry: { type: "Edm.String", readOnly: true },
    BankAccountDescription: { type: "Edm.String", readOnly: true },
    BankAccountIBAN: { type: "Edm.String", readOnly: true },
    BankAccountID: { type: "Edm.Guid" },
    // mandatory for Type 12 (bank); `mandatory` cannot express a condition
    BankAccountIncludingMask: { type: "Edm.String" },
    BankAccountUseSEPA: { type: "Edm.Boolean", readOnly: true }, // obsolete
    BankAccountUseSepaDirectDebit: { type: "Edm.Boolean", readOnly: true }, // obsolete
    BankName: { type: "Edm.String", readOnly: true },
    Code: { type: "Edm.String" },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Currency: { type: "Edm.String" },
    CurrencyDescription: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String" },
    Division: { type: "Edm.Int32", readOnly: true },
    GLAccount: { type: "Edm.Guid" }, // suspense account
    GLAccountCode: { type: "Edm.String", readOnly: true },
    GLAccountDescription: { type: "Edm.String", readOnly: true },
    GLAccountType: { type: "Edm.Int32", readOnly: true },
    IsBlocked: { type: "Edm.Boolean" },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    PaymentInTransitAccount: { type: "Edm.Guid" },
    PaymentServiceAccountIdentifier: { type: "Edm.String" },
    // 1 Adyen, 2 Paypal, 3 Stripe; mandatory for Type 16 (condition, not expressible)
    PaymentServiceProvider: { type: "Edm.Int32" },
    PaymentServiceProviderName: { type: "Edm.String", readOnly: true },
    // 10 cash, 12 bank, 16 payment service, 20 sales, 21 return inv., 22 purchase, 23 received return inv., 90 general
    Type: { type: "Edm.Int32" },
  },
};
