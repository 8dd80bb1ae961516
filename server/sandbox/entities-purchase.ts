/**
 * Purchase entries (a supplier's invoice, booked in a purchase journal) and their lines. Exact's own checks beyond
 * the reference table: the supplier exists, the journal is a purchase journal (financial/Journals Type 22), each
 * line books on an existing G/L account with a known VAT code (the account's own when none is given: "If this
 * property is not filled, it will use the default VAT code of the G/L account"), and a processed entry (Status 50)
 * no longer changes. Totals are the sums of the lines; a reverse-charge VAT code ("verlegd", Charged) books VAT to
 * pay and to claim without it being owed to the supplier, so it is not in the entry's total.
 */
import { purchaseEntries as entriesReference } from "../connectors/exact-online/reference/purchaseentry-purchase-entries";
import { purchaseEntryLines as linesReference } from "../connectors/exact-online/reference/purchaseentry-purchase-entry-lines";
import { checkMandatory, coerceWriteBody } from "./coerce";
import { JOURNALS } from "./entities-catalog";
import { GL_ACCOUNT_USES } from "./entities-ledger";
import type { EntityContext, EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import { GL_ACCOUNTS, VAT_CODES_PATH } from "./seed-ledger";
import type { Row } from "./state";
import { tableOf } from "./state";

export const PURCHASE_ENTRIES = "purchaseentry/PurchaseEntries";
export const PURCHASE_ENTRY_LINES = "purchaseentry/PurchaseEntryLines";
/** Exact's journal Type of a purchase journal ("Inkoopboek"). */
export const PURCHASE_JOURNAL_TYPE = 22;
const PROCESSED = 50;
const DAY = 86_400_000;
export const PROCESSED_ENTRY_MESSAGE = "This purchase entry has been processed and can no longer be changed.";
const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = { 5: "Rejected", 20: "Open", 50: "Processed" };
const TYPE_DESCRIPTIONS: Readonly<Record<number, string>> = { 30: "Purchase entry", 31: "Purchase credit note" };

// A G/L account booked on by a purchase line cannot be deleted (entities-ledger.ts asks every booking source).
GL_ACCOUNT_USES.push([PURCHASE_ENTRY_LINES, "GLAccount"]);

const cents = (n: number): number => Math.round(n * 100) / 100;

function entryOf(ctx: EntityContext, entryId: unknown): Row | undefined {
  return tableOf(ctx.state, ctx.division, PURCHASE_ENTRIES).get(String(entryId));
}

function assertNotProcessed(entry: Row | undefined): void {
  if (entry && Number(entry.Status) === PROCESSED) throw badRequest(PROCESSED_ENTRY_MESSAGE);
}

export function linesOfEntry(ctx: EntityContext, entryId: unknown): Row[] {
  return [...tableOf(ctx.state, ctx.division, PURCHASE_ENTRY_LINES).values()]
    .filter((l) => l.EntryID === entryId)
    .sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
}

/** Totals from the lines: AmountFC includes the VAT owed to the supplier (not reverse-charged VAT). */
export function recomputeEntryTotals(entry: Row, lines: Row[], vatCodes: ReadonlyMap<string, Row>): void {
  const owedVat = lines.filter((l) => vatCodes.get(String(l.VATCode))?.Charged !== true).reduce((sum, l) => sum + Number(l.VATAmountFC ?? 0), 0);
  const excl = lines.reduce((sum, l) => sum + Number(l.AmountFC ?? 0), 0);
  entry.VATAmountFC = cents(owedVat);
  entry.VATAmountDC = entry.VATAmountFC;
  entry.AmountFC = cents(excl + owedVat);
  entry.AmountDC = entry.AmountFC;
  entry.Type = Number(entry.AmountFC) < 0 ? 31 : 30;
  for (const line of lines) line.Type = entry.Type;
}

function vatCodesByCode(ctx: EntityContext): Map<string, Row> {
  return new Map([...tableOf(ctx.state, ctx.division, VAT_CODES_PATH).values()].map((v) => [String(v.Code).trim(), v]));
}

function refreshTotals(ctx: EntityContext, entryId: unknown): void {
  const entry = entryOf(ctx, entryId);
  if (!entry) return;
  recomputeEntryTotals(entry, linesOfEntry(ctx, entryId), vatCodesByCode(ctx));
  entry.Modified = ctx.now;
}

/** A line's account, VAT code and amounts, as Exact derives them. */
function finishLine(row: Row, ctx: EntityContext): void {
  const account = tableOf(ctx.state, ctx.division, GL_ACCOUNTS).get(String(row.GLAccount));
  if (!account) throw badRequest(`GLAccount does not exist: ${String(row.GLAccount)}`);
  row.GLAccountCode = account.Code;
  row.GLAccountDescription = account.Description;
  const code = typeof row.VATCode === "string" && row.VATCode.trim() !== "" ? row.VATCode.trim() : account.VATCode;
  const vat = typeof code === "string" && code !== "" ? vatCodesByCode(ctx).get(code) : undefined;
  if (typeof code === "string" && code !== "" && !vat) throw badRequest(`Invalid VATCode: ${code}`);
  const amount = cents(Number(row.AmountFC));
  row.AmountFC = amount;
  row.AmountDC = amount;
  row.VATBaseAmountFC = amount;
  row.VATBaseAmountDC = amount;
  row.VATCode = vat ? code : null;
  row.VATCodeDescription = vat ? vat.Description : null;
  row.VATPercentage = vat ? Number(vat.Percentage) : 0;
  row.VATAmountFC = cents(amount * Number(row.VATPercentage));
  row.VATAmountDC = row.VATAmountFC;
}

export const purchaseEntryLines: EntityDef = {
  ...fromReference(linesReference),
  // "Subscribe to the topic PurchaseEntries for updates on the PurchaseEntryLines resource": an Update of the entry.
  reportsAs: (row, ctx) => (entryOf(ctx, row.EntryID) ? { entity: purchaseEntries, key: String(row.EntryID) } : undefined),
  metadataType: "Exact.Web.Api.Models.PurchaseEntryLine",
  table: (ctx) => tableOf(ctx.state, ctx.division, PURCHASE_ENTRY_LINES),
  defaults: (ctx) => ({ Quantity: 1, Description: null, VATCode: null, Division: ctx.division }),
  finish(row, ctx, mode) {
    const entry = entryOf(ctx, row.EntryID);
    if (!entry) throw badRequest("EntryID does not exist");
    assertNotProcessed(entry);
    finishLine(row, ctx);
    if (mode === "create" && (row.LineNumber === undefined || row.LineNumber === null)) {
      row.LineNumber = Math.max(0, ...linesOfEntry(ctx, row.EntryID).map((l) => Number(l.LineNumber))) + 1;
    }
  },
  afterWrite: (row, ctx) => refreshTotals(ctx, row.EntryID),
  beforeDelete: (row, ctx) => assertNotProcessed(entryOf(ctx, row.EntryID)),
  afterDelete: (row, ctx) => refreshTotals(ctx, row.EntryID),
};

function supplierName(ctx: EntityContext, id: unknown): string | null {
  if (typeof id !== "string") return null;
  const account = tableOf(ctx.state, ctx.division, "crm/Accounts").get(id);
  return account ? String(account.Name) : null;
}

export const purchaseEntries: EntityDef = {
  ...fromReference(entriesReference),
  metadataType: "Exact.Web.Api.Models.PurchaseEntry",
  table: (ctx) => tableOf(ctx.state, ctx.division, PURCHASE_ENTRIES),
  view: (row, ctx) => ({
    ...row,
    SupplierName: supplierName(ctx, row.Supplier),
    StatusDescription: STATUS_DESCRIPTIONS[Number(row.Status)] ?? null,
    TypeDescription: TYPE_DESCRIPTIONS[Number(row.Type)] ?? null,
  }),
  defaults: (ctx) => ({
    Currency: "EUR", Status: 20, Type: 30, EntryDate: ctx.now, DueDate: null, Description: null, YourRef: null, PaymentReference: null,
    Document: null, AmountDC: 0, AmountFC: 0, VATAmountDC: 0, VATAmountFC: 0, Division: ctx.division,
  }),
  finish(row, ctx, mode) {
    if (supplierName(ctx, row.Supplier) === null) throw badRequest("Supplier: account does not exist");
    const journal = [...tableOf(ctx.state, ctx.division, JOURNALS).values()].find((j) => j.Code === row.Journal);
    if (!journal) throw badRequest(`Journal does not exist: ${String(row.Journal)}`);
    if (Number(journal.Type) !== PURCHASE_JOURNAL_TYPE) throw badRequest(`Journal ${String(row.Journal)} is not a purchase journal`);
    row.JournalDescription = journal.Description;
    row.DueDate ??= Number(row.EntryDate) + 30 * DAY;
    if (mode === "create" && (row.EntryNumber === undefined || row.EntryNumber === null)) {
      const numbers = [...tableOf(ctx.state, ctx.division, PURCHASE_ENTRIES).values()].map((e) => Number(e.EntryNumber) || 0);
      row.EntryNumber = Math.max(25_600_000, ...numbers) + 1;
    }
  },
  beforeUpdate: (current) => assertNotProcessed(current),
  beforeDelete: (current) => assertNotProcessed(current),
  afterWrite(row, ctx, nested) {
    const lines = nested.PurchaseEntryLines;
    if (lines !== undefined) {
      if (!Array.isArray(lines)) throw badRequest("PurchaseEntryLines must be an array");
      createNestedLines(row, ctx, lines);
    }
    recomputeEntryTotals(row, linesOfEntry(ctx, row.EntryID), vatCodesByCode(ctx));
  },
  afterDelete(row, ctx) {
    const lines = tableOf(ctx.state, ctx.division, PURCHASE_ENTRY_LINES);
    for (const [id, line] of lines) if (line.EntryID === row.EntryID) lines.delete(id);
  },
};

function createNestedLines(entry: Row, ctx: EntityContext, inputs: unknown[]): void {
  // Every line is checked before any is stored: a bad line leaves no half-written entry behind.
  const prepared = inputs.map((input, i) => {
    const { fields } = coerceWriteBody(purchaseEntryLines, input);
    checkMandatory(purchaseEntryLines, fields, ["EntryID"]);
    const line: Row = { ...purchaseEntryLines.defaults?.(ctx), ...fields, ID: ctx.newId(), EntryID: entry.EntryID, LineNumber: i + 1 };
    purchaseEntryLines.finish?.(line, ctx, "create");
    return line;
  });
  const table = tableOf(ctx.state, ctx.division, PURCHASE_ENTRY_LINES);
  for (const line of prepared) table.set(String(line.ID), line);
}
