/**
 * generaljournalentry/GeneralJournalEntryLines, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=GeneralJournalEntryGeneralJournalEntryLines
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/GeneralJournalEntry/GeneralJournalEntryLines.php, generated from that page): readOnly = listed for
 * GET only. Methods GET, POST. Mandatory: EntryID and GLAccount.
 * AmountFC is signed: positive debit, negative credit (the sign convention Exact's clients use for these lines;
 * the page itself only says "Amount in the currency of the transaction" — unconfirmed there).
 * The page: "VATCode can only be used if the general journal has VAT enabled. VAT Lines will be automatically
 * created if the VATCode is specified"; changes come on the GeneralJournalEntries topic.
 * VATType: A sales VAT to pay, D credit note extra duty to claim, I purchase basis, M credit note purchase
 * non-deductible, N purchase non-deductible, O purchase VAT to claim, P purchase VAT to pay, Q credit note purchase
 * VAT to claim, R extra duty to pay, S no VAT, V sales basis, W credit note purchase basis, X credit note sales
 * basis, Y credit note purchase VAT to pay, Z credit note sales VAT to claim.
 */
import type { ExactEntity } from "./types";

export const generalJournalEntryLines: ExactEntity = {
  endpoint: "generaljournalentry/GeneralJournalEntryLines",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=GeneralJournalEntryGeneralJournalEntryLines",
  key: "ID",
  keyType: "guid",
  methods: ["GET", "POST"],
  webhookTopic: "GeneralJournalEntries",
  properties: {
    ID: { type: "Edm.Guid" }, // key
    Account: { type: "Edm.Guid" }, // a crm account (customer or supplier)
    AccountCode: { type: "Edm.String", readOnly: true },
    AccountName: { type: "Edm.String", readOnly: true },
    AmountDC: { type: "Edm.Double", readOnly: true },
    AmountFC: { type: "Edm.Double" },
    AmountVATDC: { type: "Edm.Double", readOnly: true },
    AmountVATFC: { type: "Edm.Double" }, // "If you want to set this in a POST you have to specify VATCode as well"
    Asset: { type: "Edm.Guid" },
    AssetCode: { type: "Edm.String", readOnly: true },
    AssetDescription: { type: "Edm.String", readOnly: true },
    CostCenter: { type: "Edm.String" },
    CostCenterDescription: { type: "Edm.String", readOnly: true },
    CostUnit: { type: "Edm.String" },
    CostUnitDescription: { type: "Edm.String", readOnly: true },
    Created: { type: "Edm.DateTime", readOnly: true },
    Creator: { type: "Edm.Guid", readOnly: true },
    CreatorFullName: { type: "Edm.String", readOnly: true },
    CustomField: { type: "Edm.String", readOnly: true },
    Date: { type: "Edm.DateTime" }, // entry date
    Description: { type: "Edm.String" },
    Division: { type: "Edm.Int32", readOnly: true },
    Document: { type: "Edm.Guid" },
    DocumentNumber: { type: "Edm.Int32", readOnly: true },
    DocumentSubject: { type: "Edm.String", readOnly: true },
    EntryID: { type: "Edm.Guid", mandatory: true }, // the header
    EntryNumber: { type: "Edm.Int32", readOnly: true },
    GLAccount: { type: "Edm.Guid", mandatory: true },
    GLAccountCode: { type: "Edm.String", readOnly: true },
    GLAccountDescription: { type: "Edm.String", readOnly: true },
    LineNumber: { type: "Edm.Int32", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    Modifier: { type: "Edm.Guid", readOnly: true },
    ModifierFullName: { type: "Edm.String", readOnly: true },
    Notes: { type: "Edm.String" },
    OffsetID: { type: "Edm.Guid" },
    OurRef: { type: "Edm.Int32" },
    Project: { type: "Edm.Guid" },
    ProjectCode: { type: "Edm.String", readOnly: true },
    ProjectDescription: { type: "Edm.String", readOnly: true },
    ProjectWBS: { type: "Edm.Guid" },
    ProjectWBSDescription: { type: "Edm.String", readOnly: true },
    Quantity: { type: "Edm.Double" },
    VATBaseAmountDC: { type: "Edm.Double", readOnly: true },
    VATBaseAmountFC: { type: "Edm.Double", readOnly: true },
    VATCode: { type: "Edm.String" },
    VATCodeDescription: { type: "Edm.String", readOnly: true },
    VATPercentage: { type: "Edm.Double" },
    VATType: { type: "Edm.String", readOnly: true },
  },
};
