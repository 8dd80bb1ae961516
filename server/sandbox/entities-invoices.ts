import { salesInvoiceLines as linesReference } from "../connectors/exact-online/reference/salesinvoice-sales-invoice-lines";
import { salesInvoices as invoicesReference } from "../connectors/exact-online/reference/salesinvoice-sales-invoices";
import { DELETED_ENTITY_TYPES } from "../connectors/exact-online/reference/sync-deleted";
import { checkMandatory, coerceWriteBody } from "./coerce";
import { ITEMS, JOURNALS, SALES_JOURNAL_TYPE } from "./entities-catalog";
import type { EntityContext, EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import { computeLineAmounts, recomputeInvoiceTotals, VAT_CODES } from "./invoice-amounts";
import type { Row } from "./state";
import { tableOf } from "./state";

const DAY = 86_400_000;
const INVOICES = "salesinvoice/SalesInvoices";
const LINES = "salesinvoice/SalesInvoiceLines";
/** Exact's sales invoice Status for a processed invoice: it is in the books and can no longer change. */
const PROCESSED = 50;
export const PROCESSED_INVOICE_MESSAGE = "This invoice has been processed and can no longer be changed.";

function assertNotProcessed(ctx: EntityContext, invoiceId: unknown): void {
  const invoice = tableOf(ctx.state, ctx.division, INVOICES).get(String(invoiceId));
  if (invoice && Number(invoice.Status) === PROCESSED) throw badRequest(PROCESSED_INVOICE_MESSAGE);
}

/** A line sells an item: Exact fills the item's code and description, its revenue account and VAT code. */
function applyItem(row: Row, ctx: EntityContext): void {
  const item = tableOf(ctx.state, ctx.division, ITEMS).get(String(row.Item));
  if (!item) throw badRequest(`Item does not exist: ${String(row.Item)}`);
  row.ItemCode = item.Code;
  row.ItemDescription = item.Description;
  if (typeof row.Description !== "string" || row.Description.trim() === "") row.Description = item.Description;
  row.GLAccount ??= item.GLRevenue ?? null;
  row.VATCode ??= item.SalesVatCode ?? "2";
}

function linesOf(ctx: EntityContext, invoiceId: unknown): Row[] {
  return [...tableOf(ctx.state, ctx.division, LINES).values()]
    .filter((l) => l.InvoiceID === invoiceId)
    .sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
}

function refreshTotals(ctx: EntityContext, invoiceId: unknown): void {
  const invoice = tableOf(ctx.state, ctx.division, INVOICES).get(String(invoiceId));
  if (!invoice) return;
  recomputeInvoiceTotals(invoice, linesOf(ctx, invoiceId));
  invoice.Modified = ctx.now;
}

function accountName(ctx: EntityContext, id: unknown): string | null {
  if (typeof id !== "string") return null;
  const account = tableOf(ctx.state, ctx.division, "crm/Accounts").get(id);
  return account ? (account.Name as string) : null;
}

/** An invoice and its lines: one record set in sync/SalesInvoice/SalesInvoices, whose Timestamps move together. */
function invoiceWithLines(ctx: EntityContext, invoiceId: unknown): Row[] {
  const invoice = tableOf(ctx.state, ctx.division, INVOICES).get(String(invoiceId));
  return invoice ? [invoice, ...linesOf(ctx, invoiceId)] : [];
}

export const salesInvoiceLines: EntityDef = {
  ...fromReference(linesReference),
  // Exact's page: "Subscribe to the topic SalesInvoices to get updates on the SalesInvoiceLines resource": a line
  // created, changed or deleted is an Update event of its invoice (Key = the InvoiceID).
  reportsAs: (row, ctx) => {
    const invoice = tableOf(ctx.state, ctx.division, INVOICES).get(String(row.InvoiceID));
    return invoice ? { entity: salesInvoices, key: String(invoice.InvoiceID) } : undefined;
  },
  syncGroup: (row, ctx) => invoiceWithLines(ctx, row.InvoiceID),
  // Lines are rows of sync/SalesInvoice/SalesInvoices; SyncDeleted names no type of their own (unconfirmed: 13).
  deletedEntityType: DELETED_ENTITY_TYPES.SalesInvoices,
  metadataType: "Exact.Web.Api.Models.SalesInvoiceLine",
  table: (ctx) => tableOf(ctx.state, ctx.division, LINES),
  defaults: () => ({ Quantity: 1, UnitPrice: 0, GLAccount: null }),
  finish(row, ctx, mode) {
    if (!tableOf(ctx.state, ctx.division, INVOICES).has(String(row.InvoiceID))) throw badRequest("InvoiceID does not exist");
    assertNotProcessed(ctx, row.InvoiceID);
    applyItem(row, ctx);
    if (typeof row.VATCode === "string" && !(row.VATCode.trim() in VAT_CODES)) throw badRequest(`Invalid VATCode: ${row.VATCode}`);
    if (mode === "create" && (row.LineNumber === undefined || row.LineNumber === null)) {
      row.LineNumber = Math.max(0, ...linesOf(ctx, row.InvoiceID).map((l) => Number(l.LineNumber))) + 1;
    }
    computeLineAmounts(row);
  },
  afterWrite: (row, ctx) => refreshTotals(ctx, row.InvoiceID),
  beforeDelete: (row, ctx) => assertNotProcessed(ctx, row.InvoiceID),
  afterDelete: (row, ctx) => refreshTotals(ctx, row.InvoiceID),
};

export const salesInvoices: EntityDef = {
  ...fromReference(invoicesReference),
  syncGroup: (row, ctx) => invoiceWithLines(ctx, row.InvoiceID),
  metadataType: "Exact.Web.Api.Models.SalesInvoice",
  table: (ctx) => tableOf(ctx.state, ctx.division, INVOICES),
  view: (row, ctx) => ({ ...row, InvoiceToName: accountName(ctx, row.InvoiceTo), OrderedByName: accountName(ctx, row.OrderedBy) }),
  defaults: (ctx) => ({
    Currency: "EUR", Status: 10, Type: 8020, InvoiceDate: ctx.now, DueDate: null, Description: null, YourRef: null,
    AmountDC: 0, AmountFC: 0, AmountDCExclVat: 0, AmountFCExclVat: 0, VATAmountDC: 0, VATAmountFC: 0,
  }),
  finish(row, ctx, mode) {
    // Exact's mandatory field is OrderedBy, with InvoiceTo defaulting to it; accept either.
    row.InvoiceTo ??= row.OrderedBy ?? null;
    row.OrderedBy ??= row.InvoiceTo;
    if (!row.InvoiceTo) throw badRequest("Mandatory field: OrderedBy");
    if (accountName(ctx, row.InvoiceTo) === null) throw badRequest("InvoiceTo: account does not exist");
    if (accountName(ctx, row.OrderedBy) === null) throw badRequest("OrderedBy: account does not exist");
    const journal = [...tableOf(ctx.state, ctx.division, JOURNALS).values()].find((j) => j.Code === row.Journal);
    if (!journal) throw badRequest(`Journal does not exist: ${String(row.Journal)}`);
    if (Number(journal.Type) !== SALES_JOURNAL_TYPE) throw badRequest(`Journal ${String(row.Journal)} is not a sales journal`);
    if (![8020, 8021].includes(Number(row.Type))) throw badRequest("Invalid value for Type: use 8020 or 8021");
    row.DueDate ??= Number(row.InvoiceDate) + 30 * DAY;
    if (mode === "create") {
      const numbers = [...tableOf(ctx.state, ctx.division, INVOICES).values()].map((i) => Number(i.InvoiceNumber) || 0);
      row.InvoiceNumber = Math.max(25_000_000, ...numbers) + 1;
    }
  },
  beforeUpdate: (current) => {
    if (Number(current.Status) === PROCESSED) throw badRequest(PROCESSED_INVOICE_MESSAGE);
  },
  beforeDelete: (current) => {
    if (Number(current.Status) === PROCESSED) throw badRequest(PROCESSED_INVOICE_MESSAGE);
  },
  afterWrite(row, ctx, nested) {
    const lines = nested.SalesInvoiceLines;
    if (lines !== undefined) {
      if (!Array.isArray(lines)) throw badRequest("SalesInvoiceLines must be an array");
      createNestedLines(row, ctx, lines);
    }
    recomputeInvoiceTotals(row, linesOf(ctx, row.InvoiceID));
  },
  afterDelete(row, ctx) {
    const lines = tableOf(ctx.state, ctx.division, LINES);
    for (const [id, line] of lines) if (line.InvoiceID === row.InvoiceID) lines.delete(id);
  },
};

function createNestedLines(invoice: Row, ctx: EntityContext, inputs: unknown[]): void {
  // Validate every line before storing any, so a bad line leaves no half-written invoice lines behind.
  const prepared = inputs.map((input, i) => {
    const { fields } = coerceWriteBody(salesInvoiceLines, input);
    // Inline, the line's InvoiceID is the new invoice's; every other mandatory property must be there.
    checkMandatory(salesInvoiceLines, fields, ["InvoiceID"]);
    const line: Row = { ...salesInvoiceLines.defaults?.(ctx), ...fields };
    line.ID = ctx.newId();
    line.InvoiceID = invoice.InvoiceID;
    line.LineNumber = linesOf(ctx, invoice.InvoiceID).length + i + 1;
    salesInvoiceLines.finish?.(line, ctx, "create");
    return line;
  });
  const table = tableOf(ctx.state, ctx.division, LINES);
  for (const line of prepared) table.set(String(line.ID), line);
}
