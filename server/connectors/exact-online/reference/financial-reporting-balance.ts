/**
 * financial/ReportingBalance, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialReportingBalance
 * Properties and EDM types as in Pi-Systems/exact-online (src/Entity/Financial/ReportingBalance.php, generated
 * from that page): GET only, every property read-only, key ID (Edm.Int64, "Record ID").
 * The page: "This service returns summarized data of financial transactions. It's intended for reporting balances
 * and period totals. The summarized amounts are grouped by: Division, ReportingYear, ReportingPeriod, G/L account,
 * Cost center, Cost unit, Type, Status. For optimal filter, only include a reporting year in the filter."
 * Status: 20 open, 50 processed ("To get 'after entry' results, both Open and Processed amounts have to be
 * included. This is by default"). Type: "the type of the transactions in the grouping" — taken to be the
 * transaction type of financial/TransactionLines (10 opening balance, 20 sales entry, 21 sales credit note,
 * 30 purchase entry, 31 purchase credit note, 40 cash flow, 90 other; unconfirmed on this page).
 * No bulk/sync endpoint, no webhook topic, no mandatory filter (unconfirmed: none set), no created/modified dates.
 */
import type { ExactEntity } from "./types";

export const reportingBalance: ExactEntity = {
  endpoint: "financial/ReportingBalance",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=FinancialReportingBalance",
  key: "ID",
  keyType: "int",
  methods: ["GET"],
  properties: {
    ID: { type: "Edm.Int64", readOnly: true },
    Amount: { type: "Edm.Double", readOnly: true }, // the sum of all amounts in the grouping (debit positive)
    AmountCredit: { type: "Edm.Double", readOnly: true },
    AmountDebit: { type: "Edm.Double", readOnly: true },
    BalanceType: { type: "Edm.String", readOnly: true }, // B balance sheet, W profit & loss
    CostCenterCode: { type: "Edm.String", readOnly: true },
    CostCenterDescription: { type: "Edm.String", readOnly: true },
    CostUnitCode: { type: "Edm.String", readOnly: true },
    CostUnitDescription: { type: "Edm.String", readOnly: true },
    Count: { type: "Edm.Int32", readOnly: true }, // number of transactions in the grouping
    Division: { type: "Edm.Int32", readOnly: true },
    GLAccount: { type: "Edm.Guid", readOnly: true },
    GLAccountCode: { type: "Edm.String", readOnly: true },
    GLAccountDescription: { type: "Edm.String", readOnly: true },
    ReportingPeriod: { type: "Edm.Int32", readOnly: true },
    ReportingYear: { type: "Edm.Int32", readOnly: true },
    Status: { type: "Edm.Int32", readOnly: true },
    Type: { type: "Edm.Int32", readOnly: true },
  },
};
