/**
 * financial/GLAccounts, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialGLAccounts
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/Financial/GLAccounts.php, generated from that page): readOnly = listed for GET only. Mandatory:
 * Code and Description. The page: "This entity supports webhooks"; the topic is taken to be "GLAccounts", the
 * entity's name, as for Items (the name itself is unconfirmed).
 * Bulk: bulk/Financial/GLAccounts (BulkFinancialGLAccounts: page size 1000, $select mandatory, "Only the
 * following filters are supported": the list in bulkFilters). Sync: sync/Financial/GLAccounts
 * (SyncFinancialGLAccounts). SyncDeleted's EntityType "7= GLAccounts".
 * No mandatory filter and no per-property filterability in the sources (unconfirmed: none set).
 * Type: 10 cash, 12 bank, 14 credit card, 16 payment services, 20 receivable, 21 prepayment receivable,
 * 22 payable, 24 VAT, 25 employees payable, 26 prepaid expenses, 27 accrued expenses, 29 income taxes payable,
 * 30 fixed assets, 32 other assets, 35 accumulated depreciation, 40 inventory, 50 capital stock, 52 retained
 * earnings, 55 long term debt, 60 current portion of debt, 90 general, 100 tax payable, 110 revenue, 111 cost of
 * goods, 120 other costs, 121 sales/general administrative expenses, 122 depreciation costs, 123 research and
 * development, 125 employee costs, 126 employment costs, 130 exceptional costs, 140 exceptional income,
 * 150 income taxes, 160 interest income, 300 year end reflection, 301 indirect / 302 direct year end costing.
 */
import type { ExactEntity } from "./types";

export const glAccounts: ExactEntity = {
  endpoint: "financial/GLAccounts",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialGLAccounts",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST", "PUT", "DELETE"],
  bulk: "bulk/Financial/GLAccounts",
  sync: "sync/Financial/GLAccounts",
  bulkFilters: [
    "AssimilatedVATBox", "BelcotaxType", "Code", "Costcenter", "Costunit", "Created", "Creator", "ID", "Modified", "Modifier",
    "PrivateGLAccount", "SearchCode", "Type", "VATNonDeductibleGLAccount", "YearEndCostGLAccount", "YearEndReflectionGLAccount",
  ],
  deletedEntityType: 7,
  webhookTopic: "GLAccounts",
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in POST/PUT/DELETE
    AllowCostsInSales: { type: "Edm.Byte" },
    AssimilatedVATBox: { type: "Edm.Int16" }, // France
    BalanceSide: { type: "Edm.String" }, // D debit, C credit
    BalanceType: { type: "Edm.String" }, // B balance sheet, W profit & loss
    BelcotaxType: { type: "Edm.Int32" },
    Code: { type: "Edm.String", mandatory: true }, // unique code of the G/L account
    Compress: { type: "Edm.Boolean" },
    Costcenter: { type: "Edm.String" },
    CostcenterDescription: { type: "Edm.String", readOnly: true },
    Costunit: { type: "Edm.String" },
    CostunitDescription: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    // DeductibilityPercentages: a collection (start/end dates), not transcribed: the product does not read it
    Description: { type: "Edm.String", mandatory: true },
    DescriptionTermID: { type: "Edm.Int32" },
    Division: { type: "Edm.Int32", readOnly: true },
    ExcludeVATListing: { type: "Edm.Byte" },
    ExpenseNonDeductiblePercentage: { type: "Edm.Double" },
    IsBlocked: { type: "Edm.Boolean" }, // blocked: no new entries on it
    Matching: { type: "Edm.Boolean" },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    PrivateGLAccount: { type: "Edm.Guid" },
    PrivatePercentage: { type: "Edm.Double" },
    ReportingCode: { type: "Edm.String" },
    RevalueCurrency: { type: "Edm.Boolean" },
    SearchCode: { type: "Edm.String" },
    Type: { type: "Edm.Int32" }, // see the header
    TypeDescription: { type: "Edm.String", readOnly: true },
    UseCostcenter: { type: "Edm.Byte" }, // 0 optional, 1 mandatory, 2 no
    UseCostunit: { type: "Edm.Byte" },
    VATCode: { type: "Edm.String" }, // the VAT code (vat/VATCodes Code) linked to the account
    VATDescription: { type: "Edm.String", readOnly: true },
    VATGLAccountType: { type: "Edm.String" },
    VATNonDeductibleGLAccount: { type: "Edm.Guid" },
    VATNonDeductiblePercentage: { type: "Edm.Double" },
    VATSystem: { type: "Edm.String" }, // France: I invoice, C cash
    YearEndCostGLAccount: { type: "Edm.Guid" },
    YearEndReflectionGLAccount: { type: "Edm.Guid" },
  },
};
