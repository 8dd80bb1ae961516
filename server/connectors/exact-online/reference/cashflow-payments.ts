/**
 * cashflow/Payments, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CashflowPayments
 * Properties, EDM types and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/Cashflow/Payments.php, generated from that page): readOnly = listed for GET only.
 * The page: "an overview of all the payments in your administration"; Account "The supplier to which the payment has
 * to be done"; Status "20 = open 30 = selected 40 = processed 50 = matched"; TransactionEntryID links the purchase entry.
 * The bulk page (Pi-Systems src/Entity/Bulk/Cashflow/Payments.php): "This bulk service has a page size of 1000", with
 * "Only the following filters are supported for this endpoint" (bulkFilters below). No sync endpoint and no webhook
 * topic among Exact's (none in Pi-Systems' Sync/ folder or class comments). Mandatory filtering: none known.
 */
import type { ExactEntity } from "./types";

export const payments: ExactEntity = {
  endpoint: "cashflow/Payments",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=CashflowPayments",
  key: "ID",
  keyType: "guid",
  // PUT only changes how the item is paid or collected (PaymentMethod, Description, PaymentReference); no POST or DELETE.
  methods: ["GET", "PUT"],
  bulk: "bulk/Cashflow/Payments",
  bulkFilters: ["Account", "AccountBankAccountID", "AccountContact", "BankAccountID", "Document", "EndDate", "EntryDate", "EntryID", "GLAccount", "ID", "InvoiceDate", "InvoiceNumber", "Source", "Status", "TransactionID", "TransactionType"],
  properties: {
    ID: { type: "Edm.Guid" }, // key; takes part in PUT
    Account: { type: "Edm.Guid", readOnly: true },
    AccountBankAccountID: { type: "Edm.Guid" },
    AccountBankAccountNumber: { type: "Edm.String", readOnly: true },
    AccountCode: { type: "Edm.String", readOnly: true },
    AccountContact: { type: "Edm.Guid", readOnly: true },
    AccountContactName: { type: "Edm.String", readOnly: true },
    AccountName: { type: "Edm.String", readOnly: true },
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountDiscountDC: { type: "Edm.Double", readOnly: true },
    AmountDiscountFC: { type: "Edm.Double", readOnly: true },
    AmountFC: { type: "Edm.Double", readOnly: true },
    BankAccountID: { type: "Edm.Guid", readOnly: true },
    BankAccountNumber: { type: "Edm.String", readOnly: true },
    CashflowTransactionBatchCode: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    Currency: { type: "Edm.String", readOnly: true },
    Description: { type: "Edm.String" },
    DiscountDueDate: { type: "Edm.DateTime", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    Document: { type: "Edm.Guid", readOnly: true },
    DocumentNumber: { type: "Edm.Int32", readOnly: true },
    DocumentSubject: { type: "Edm.String", readOnly: true },
    DueDate: { type: "Edm.DateTime", readOnly: true },
    EndDate: { type: "Edm.DateTime", readOnly: true },
    EndPeriod: { type: "Edm.Int16", readOnly: true },
    EndYear: { type: "Edm.Int16", readOnly: true },
    EntryDate: { type: "Edm.DateTime", readOnly: true },
    EntryID: { type: "Edm.Guid", readOnly: true },
    EntryNumber: { type: "Edm.Int32", readOnly: true },
    GLAccount: { type: "Edm.Guid", readOnly: true },
    GLAccountCode: { type: "Edm.String", readOnly: true },
    GLAccountDescription: { type: "Edm.String", readOnly: true },
    InvoiceDate: { type: "Edm.DateTime", readOnly: true },
    InvoiceNumber: { type: "Edm.Int32", readOnly: true },
    IsBatchBooking: { type: "Edm.Byte", readOnly: true },
    Journal: { type: "Edm.String", readOnly: true },
    JournalDescription: { type: "Edm.String", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    PaymentBatchNumber: { type: "Edm.Int32", readOnly: true },
    PaymentCondition: { type: "Edm.String", readOnly: true },
    PaymentConditionDescription: { type: "Edm.String", readOnly: true },
    PaymentDays: { type: "Edm.Int32", readOnly: true },
    PaymentDaysDiscount: { type: "Edm.Int32", readOnly: true },
    PaymentDiscountPercentage: { type: "Edm.Double", readOnly: true },
    PaymentMethod: { type: "Edm.String" },
    PaymentReference: { type: "Edm.String" },
    PaymentSelected: { type: "Edm.DateTime", readOnly: true },
    PaymentSelector: { type: "Edm.Guid", readOnly: true },
    PaymentSelectorFullName: { type: "Edm.String", readOnly: true },
    RateFC: { type: "Edm.Double", readOnly: true },
    Source: { type: "Edm.Int32", readOnly: true },
    Status: { type: "Edm.Int16", readOnly: true },
    TransactionAmountDC: { type: "Edm.Double", readOnly: true },
    TransactionAmountFC: { type: "Edm.Double", readOnly: true },
    TransactionDueDate: { type: "Edm.DateTime", readOnly: true },
    TransactionEntryID: { type: "Edm.Guid", readOnly: true },
    TransactionID: { type: "Edm.Guid", readOnly: true },
    TransactionIsReversal: { type: "Edm.Boolean", readOnly: true },
    TransactionReportingPeriod: { type: "Edm.Int16", readOnly: true },
    TransactionReportingYear: { type: "Edm.Int16", readOnly: true },
    TransactionStatus: { type: "Edm.Int16", readOnly: true },
    TransactionType: { type: "Edm.Int32", readOnly: true },
    YourRef: { type: "Edm.String", readOnly: true },
  },
};
