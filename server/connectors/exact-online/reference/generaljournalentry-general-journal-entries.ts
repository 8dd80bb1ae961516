/**
 * generaljournalentry/GeneralJournalEntries, transcribed from Exact's reference page
 * https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=GeneralJournalEntryGeneralJournalEntries
 * Properties, EDM types, Mandatory and the HTTP methods per property as in Pi-Systems/exact-online
 * (src/Entity/GeneralJournalEntry/GeneralJournalEntries.php, generated from that page): readOnly = listed for GET
 * only. Methods GET, POST, DELETE (no PUT). Mandatory: JournalCode and the GeneralJournalEntryLines collection.
 * The page: "Use this endpoint to create, read or delete general entries not created in bank, cash, purchase or
 * sales journal. Entries created with this service will get type 90 (Other). It is not possible to create entries
 * of type 10 (Opening balance)." and "Subscribe to the topic GeneralJournalEntries for updates on the
 * GeneralJournalEntries resource. Note that you will also receive events on the GeneralJournalEntryLines resource."
 * No bulk or sync endpoint of its own (sync/Financial/TransactionLines covers every journal), no mandatory
 * filter, no per-property filterability in the sources (unconfirmed: none set).
 * Status: 5 rejected, 20 open, 50 processed. Type: 10 opening balance, 90 other.
 */
import type { ExactEntity } from "./types";

export const generalJournalEntries: ExactEntity = {
  endpoint: "generaljournalentry/GeneralJournalEntries",
  source: "https://start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=GeneralJournalEntryGeneralJournalEntries",
  key: "EntryID",
  keyType: "guid",
  methods: ["GET", "POST", "DELETE"],
  webhookTopic: "GeneralJournalEntries",
  properties: {
    EntryID: { type: "Edm.Guid" }, // key
    Created: { type: "Edm.DateTime", readOnly: true },
    Currency: { type: "Edm.String" },
    CustomField: { type: "Edm.String", readOnly: true },
    Division: { type: "Edm.Int32", readOnly: true },
    EntryNumber: { type: "Edm.Int32" }, // POST-able; Exact numbers the entry when absent
    ExchangeRate: { type: "Edm.Double" },
    FinancialPeriod: { type: "Edm.Int16" }, // "should exist in the period date table"
    FinancialYear: { type: "Edm.Int16" },
    JournalCode: { type: "Edm.String", mandatory: true },
    JournalDescription: { type: "Edm.String", readOnly: true },
    Modified: { type: "Edm.DateTime", readOnly: true },
    // "reversal allows to create correction entries with negative amounts on same side (debit/credit)"
    Reversal: { type: "Edm.Boolean" },
    Status: { type: "Edm.Int16", readOnly: true },
    StatusDescription: { type: "Edm.String", readOnly: true },
    Type: { type: "Edm.Int32", readOnly: true },
    TypeDescription: { type: "Edm.String", readOnly: true },
  },
  navigation: {
    GeneralJournalEntryLines: { entity: "generaljournalentry/GeneralJournalEntryLines", mandatory: true, foreignKey: "EntryID" },
  },
};
