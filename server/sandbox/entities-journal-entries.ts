/**
 * General journal entries (generaljournalentry/GeneralJournalEntries and its lines), as Exact keeps them: only in
 * a general journal (Type 90: "not created in bank, cash, purchase or sales journal"), type 90 when created
 * through the API, lines that balance (AmountFC positive debit, negative credit), on G/L accounts that exist and
 * are not blocked. A line's changes are events of its entry ("you will also receive events on the
 * GeneralJournalEntryLines resource" on the GeneralJournalEntries topic).
 */
import { generalJournalEntries as entriesReference } from "../connectors/exact-online/reference/generaljournalentry-general-journal-entries";
import { generalJournalEntryLines as linesReference } from "../connectors/exact-online/reference/generaljournalentry-general-journal-entry-lines";
import { checkMandatory, coerceWriteBody } from "./coerce";
import { JOURNALS } from "./entities-catalog";
import type { EntityContext, EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import { GL_ACCOUNTS } from "./seed-ledger";
import type { Row } from "./state";
import { tableOf } from "./state";

export const JOURNAL_ENTRIES = "generaljournalentry/GeneralJournalEntries";
export const JOURNAL_ENTRY_LINES = "generaljournalentry/GeneralJournalEntryLines";
/** Exact's journal type of a general (memorial) journal. */
export const GENERAL_JOURNAL_TYPE = 90;
const ENTRY_STATUS: Readonly<Record<number, string>> = { 5: "Rejected", 20: "Open", 50: "Processed" };
const ENTRY_TYPE: Readonly<Record<number, string>> = { 10: "Opening balance", 90: "Other" };

const cents = (n: number): number => Math.round(n * 100) / 100;

export function entryLines(ctx: { state: EntityContext["state"]; division: number }, entryId: unknown): Row[] {
  return [...tableOf(ctx.state, ctx.division, JOURNAL_ENTRY_LINES).values()]
    .filter((l) => l.EntryID === entryId)
    .sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
}

function entryOf(ctx: EntityContext, id: unknown): Row | undefined {
  return tableOf(ctx.state, ctx.division, JOURNAL_ENTRIES).get(String(id));
}

/** Fills what Exact derives on a line: the G/L account's code and name, the amounts in the division's currency. */
function finishLine(row: Row, ctx: EntityContext, entry: Row): void {
  const account = tableOf(ctx.state, ctx.division, GL_ACCOUNTS).get(String(row.GLAccount));
  if (!account) throw badRequest(`GLAccount does not exist: ${String(row.GLAccount)}`);
  if (account.IsBlocked === true) throw badRequest(`G/L account ${String(account.Code)} is blocked`);
  if (row.Account !== null && row.Account !== undefined) {
    const relation = tableOf(ctx.state, ctx.division, "crm/Accounts").get(String(row.Account));
    if (!relation) throw badRequest(`Account does not exist: ${String(row.Account)}`);
    row.AccountName = relation.Name;
    row.AccountCode = relation.Code;
  }
  if (typeof row.AmountFC !== "number") throw badRequest("Mandatory field: AmountFC");
  const amount = cents(row.AmountFC);
  row.AmountFC = amount;
  row.AmountDC = cents(amount * (typeof entry.ExchangeRate === "number" && entry.ExchangeRate > 0 ? entry.ExchangeRate : 1));
  row.GLAccountCode = account.Code;
  row.GLAccountDescription = account.Description;
  row.EntryNumber = entry.EntryNumber;
  row.Date ??= ctx.now;
  row.Created ??= ctx.now;
  row.Modified = ctx.now;
}

export const generalJournalEntryLines: EntityDef = {
  ...fromReference(linesReference),
  metadataType: "Exact.Web.Api.Models.GeneralJournalEntry.GeneralJournalEntryLine",
  table: (ctx) => tableOf(ctx.state, ctx.division, JOURNAL_ENTRY_LINES),
  reportsAs: (row, ctx) => {
    const entry = entryOf(ctx, row.EntryID);
    return entry ? { entity: generalJournalEntries, key: String(entry.EntryID) } : undefined;
  },
  defaults: () => ({ Account: null, Description: null, Notes: null, VATCode: null }),
  finish(row, ctx, mode) {
    const entry = entryOf(ctx, row.EntryID);
    if (!entry) throw badRequest(`EntryID does not exist: ${String(row.EntryID)}`);
    if (mode === "create" && (row.LineNumber === undefined || row.LineNumber === null)) {
      row.LineNumber = Math.max(0, ...entryLines(ctx, row.EntryID).map((l) => Number(l.LineNumber))) + 1;
    }
    finishLine(row, ctx, entry);
  },
};

export const generalJournalEntries: EntityDef = {
  ...fromReference(entriesReference),
  metadataType: "Exact.Web.Api.Models.GeneralJournalEntry.GeneralJournalEntry",
  table: (ctx) => tableOf(ctx.state, ctx.division, JOURNAL_ENTRIES),
  view: (row, ctx) => ({
    ...row,
    JournalDescription: [...tableOf(ctx.state, ctx.division, JOURNALS).values()].find((j) => j.Code === row.JournalCode)?.Description ?? null,
    StatusDescription: ENTRY_STATUS[Number(row.Status)] ?? null,
    TypeDescription: ENTRY_TYPE[Number(row.Type)] ?? null,
  }),
  defaults: (ctx) => ({ Currency: "EUR", ExchangeRate: 1, Reversal: false, Status: 20, Type: 90, Division: ctx.division }),
  finish(row, ctx, mode) {
    const journal = [...tableOf(ctx.state, ctx.division, JOURNALS).values()].find((j) => j.Code === String(row.JournalCode).trim());
    if (!journal) throw badRequest(`Journal does not exist: ${String(row.JournalCode)}`);
    if (Number(journal.Type) !== GENERAL_JOURNAL_TYPE) throw badRequest(`Journal ${String(row.JournalCode)} is not a general journal`);
    row.JournalCode = journal.Code;
    if (mode === "create" && (row.EntryNumber === undefined || row.EntryNumber === null)) {
      const numbers = [...tableOf(ctx.state, ctx.division, JOURNAL_ENTRIES).values()].map((e) => Number(e.EntryNumber) || 0);
      row.EntryNumber = Math.max(25_900_000, ...numbers) + 1;
    }
  },
  afterWrite(row, ctx, nested) {
    const inputs = nested.GeneralJournalEntryLines;
    if (inputs === undefined) return;
    if (!Array.isArray(inputs)) throw badRequest("GeneralJournalEntryLines must be an array");
    // Every line is checked, and the whole balanced, before any is stored: a refused entry leaves nothing behind.
    const lines = inputs.map((input, i) => {
      const { fields } = coerceWriteBody(generalJournalEntryLines, input);
      checkMandatory(generalJournalEntryLines, fields, ["EntryID"]);
      const line: Row = { ...generalJournalEntryLines.defaults?.(ctx), ...fields, ID: ctx.newId(), EntryID: row.EntryID, LineNumber: i + 1 };
      finishLine(line, ctx, row);
      return line;
    });
    const difference = cents(lines.reduce((sum, l) => sum + Number(l.AmountFC), 0));
    if (difference !== 0) throw badRequest(`The entry is not in balance: the difference is ${difference.toFixed(2)}`);
    const first = new Date(Number(lines[0]?.Date ?? ctx.now));
    row.FinancialYear ??= first.getUTCFullYear();
    row.FinancialPeriod ??= first.getUTCMonth() + 1;
    const table = tableOf(ctx.state, ctx.division, JOURNAL_ENTRY_LINES);
    for (const line of lines) table.set(String(line.ID), line);
  },
  afterDelete(row, ctx) {
    const table = tableOf(ctx.state, ctx.division, JOURNAL_ENTRY_LINES);
    for (const [id, line] of table) if (line.EntryID === row.EntryID) table.delete(id);
  },
};
