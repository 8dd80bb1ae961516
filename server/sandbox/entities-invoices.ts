import { coerceWriteBody } from "./coerce";
import type { EntityContext, EntityDef } from "./entity-types";
import { methods, stampFields } from "./entity-types";
import { badRequest } from "./errors";
import { computeLineAmounts, recomputeInvoiceTotals, VAT_CODES } from "./invoice-amounts";
import type { Row } from "./state";
import { tableOf } from "./state";

const DAY = 86_400_000;
const INVOICES = "salesinvoice/SalesInvoices";
const LINES = "salesinvoice/SalesInvoiceLines";

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

export const salesInvoiceLines: EntityDef = {
  path: LINES,
  key: "ID",
  keyType: "guid",
  methods: methods("GET", "POST", "PUT", "DELETE"),
  metadataType: "Exact.Web.Api.Models.SalesInvoiceLine",
  fields: {
    ID: { type: "guid", readOnly: true },
    InvoiceID: { type: "guid" },
    LineNumber: { type: "int" },
    Description: { type: "string" },
    Item: { type: "guid" },
    ItemCode: { type: "string" },
    ItemDescription: { type: "string" },
    Quantity: { type: "decimal" },
    UnitPrice: { type: "decimal" },
    NetPrice: { type: "decimal", readOnly: true },
    AmountDC: { type: "decimal", readOnly: true },
    AmountFC: { type: "decimal", readOnly: true },
    VATCode: { type: "string" },
    VATPercentage: { type: "decimal", readOnly: true },
    VATAmountDC: { type: "decimal", readOnly: true },
    VATAmountFC: { type: "decimal", readOnly: true },
    GLAccount: { type: "guid" },
    ...stampFields,
  },
  table: (ctx) => tableOf(ctx.state, ctx.division, LINES),
  defaults: () => ({ Quantity: 1, UnitPrice: 0, VATCode: "2", Item: null, GLAccount: null }),
  finish(row, ctx, mode) {
    if (!row.Item && (typeof row.Description !== "string" || row.Description.trim() === "")) {
      throw badRequest("Mandatory field: Item or Description");
    }
    if (!tableOf(ctx.state, ctx.division, INVOICES).has(String(row.InvoiceID))) throw badRequest("InvoiceID does not exist");
    if (typeof row.VATCode === "string" && !(row.VATCode.trim() in VAT_CODES)) throw badRequest(`Invalid VATCode: ${row.VATCode}`);
    if (mode === "create" && (row.LineNumber === undefined || row.LineNumber === null)) {
      row.LineNumber = Math.max(0, ...linesOf(ctx, row.InvoiceID).map((l) => Number(l.LineNumber))) + 1;
    }
    computeLineAmounts(row);
  },
  afterWrite: (row, ctx) => refreshTotals(ctx, row.InvoiceID),
  afterDelete: (row, ctx) => refreshTotals(ctx, row.InvoiceID),
};

export const salesInvoices: EntityDef = {
  path: INVOICES,
  key: "InvoiceID",
  keyType: "guid",
  methods: methods("GET", "POST", "PUT", "DELETE"),
  metadataType: "Exact.Web.Api.Models.SalesInvoice",
  webhookTopic: "SalesInvoices",
  navigation: { SalesInvoiceLines: { entity: LINES, foreignKey: "InvoiceID" } },
  fields: {
    InvoiceID: { type: "guid", readOnly: true },
    InvoiceNumber: { type: "int", readOnly: true },
    InvoiceTo: { type: "guid" },
    InvoiceToName: { type: "string", readOnly: true },
    OrderedBy: { type: "guid" },
    OrderedByName: { type: "string", readOnly: true },
    InvoiceDate: { type: "datetime" },
    DueDate: { type: "datetime" },
    Currency: { type: "string" },
    AmountDC: { type: "decimal", readOnly: true },
    AmountFC: { type: "decimal", readOnly: true },
    AmountDCExclVat: { type: "decimal", readOnly: true },
    AmountFCExclVat: { type: "decimal", readOnly: true },
    VATAmountDC: { type: "decimal", readOnly: true },
    VATAmountFC: { type: "decimal", readOnly: true },
    Status: { type: "int" },
    Type: { type: "int" },
    Description: { type: "string" },
    YourRef: { type: "string" },
    ...stampFields,
  },
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
    if (!row.InvoiceTo) throw badRequest("Mandatory field: InvoiceTo");
    if (accountName(ctx, row.InvoiceTo) === null) throw badRequest("InvoiceTo: account does not exist");
    if (accountName(ctx, row.OrderedBy) === null) throw badRequest("OrderedBy: account does not exist");
    if (![10, 20, 50].includes(Number(row.Status))) throw badRequest("Invalid value for Status: use 10, 20 or 50");
    if (![8020, 8021].includes(Number(row.Type))) throw badRequest("Invalid value for Type: use 8020 or 8021");
    row.DueDate ??= Number(row.InvoiceDate) + 30 * DAY;
    if (mode === "create") {
      const numbers = [...tableOf(ctx.state, ctx.division, INVOICES).values()].map((i) => Number(i.InvoiceNumber) || 0);
      row.InvoiceNumber = Math.max(25_000_000, ...numbers) + 1;
    }
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
    const line: Row = { ...salesInvoiceLines.defaults?.(ctx), ...coerceWriteBody(salesInvoiceLines, input).fields };
    line.ID = ctx.newId();
    line.InvoiceID = invoice.InvoiceID;
    line.LineNumber ??= linesOf(ctx, invoice.InvoiceID).length + i + 1;
    line.Created = ctx.now;
    line.Modified = ctx.now;
    salesInvoiceLines.finish?.(line, ctx, "create");
    return line;
  });
  const table = tableOf(ctx.state, ctx.division, LINES);
  for (const line of prepared) table.set(String(line.ID), line);
}
