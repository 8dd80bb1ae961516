/**
 * Documents and their attachments (the files). Exact's own checks beyond the reference table: a document needs a
 * Subject and a Type, and the entry its FinancialTransactionEntryID names must exist (a sales invoice, a purchase
 * entry or a general journal entry of the division); an attachment belongs to an existing document, and its
 * Attachment must be base64 (picqer/exact-php-client#178: otherwise "Error processing request stream. Error
 * encountered in converting the value from request payload for property 'Attachment' to type 'Byte[]'"). Exact
 * derives FileSize and Url. Deleting a document deletes its attachments. An attachment's change is reported as an
 * Update of its document (topic Documents).
 */
import { documentAttachments as attachmentsReference } from "../connectors/exact-online/reference/documents-document-attachments";
import { documents as documentsReference } from "../connectors/exact-online/reference/documents-documents";
import type { EntityContext, EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import type { Row } from "./state";
import { tableOf } from "./state";

export const DOCUMENTS = "documents/Documents";
export const DOCUMENT_ATTACHMENTS = "documents/DocumentAttachments";
/** The entries a document may be linked to through FinancialTransactionEntryID, with their key. */
const ENTRY_TABLES = [
  ["salesinvoice/SalesInvoices", "InvoiceID"],
  ["purchaseentry/PurchaseEntries", "EntryID"],
  ["generaljournalentry/GeneralJournalEntries", "EntryID"],
] as const;
/** documents/DocumentTypes of a fresh Dutch administration, as far as the sandbox needs them. */
const TYPE_DESCRIPTIONS: Readonly<Record<number, string>> = { 10: "Verkoopfactuur", 20: "Inkoopfactuur", 55: "Overige" };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BINARY_MESSAGE = "Error processing request stream. Error encountered in converting the value from request payload for property 'Attachment' to type 'Byte[]'";

function documentOf(ctx: EntityContext, id: unknown): Row | undefined {
  return tableOf(ctx.state, ctx.division, DOCUMENTS).get(String(id));
}

function entryExists(ctx: EntityContext, id: string): boolean {
  return ENTRY_TABLES.some(([path]) => tableOf(ctx.state, ctx.division, path).has(id));
}

export const documents: EntityDef = {
  ...fromReference(documentsReference),
  metadataType: "Exact.Web.Api.Models.Documents.Document",
  table: (ctx) => tableOf(ctx.state, ctx.division, DOCUMENTS),
  view: (row) => ({ ...row, TypeDescription: TYPE_DESCRIPTIONS[Number(row.Type)] ?? null }),
  defaults: (ctx) => ({ Division: ctx.division, Account: null, FinancialTransactionEntryID: null, DocumentDate: ctx.now, Body: null, HasEmptyBody: true }),
  finish(row, ctx, mode) {
    if (typeof row.Subject !== "string" || row.Subject.trim() === "") throw badRequest("Mandatory field: Subject");
    if (!Number.isInteger(Number(row.Type)) || Number(row.Type) <= 0) throw badRequest("Mandatory field: Type");
    const entry = row.FinancialTransactionEntryID;
    if (entry !== null && entry !== undefined && !entryExists(ctx, String(entry))) throw badRequest(`FinancialTransactionEntryID does not exist: ${String(entry)}`);
    if (mode === "create" && (row.HID === undefined || row.HID === null)) {
      row.HID = Math.max(0, ...[...tableOf(ctx.state, ctx.division, DOCUMENTS).values()].map((d) => Number(d.HID) || 0)) + 1;
    }
  },
  afterDelete(row, ctx) {
    const attachments = tableOf(ctx.state, ctx.division, DOCUMENT_ATTACHMENTS);
    for (const [id, attachment] of attachments) if (attachment.Document === row.ID) attachments.delete(id);
  },
};

export const documentAttachments: EntityDef = {
  ...fromReference(attachmentsReference),
  metadataType: "Exact.Web.Api.Models.Documents.DocumentAttachment",
  reportsAs: (row, ctx) => (documentOf(ctx, row.Document) ? { entity: documents, key: String(row.Document) } : undefined),
  table: (ctx) => tableOf(ctx.state, ctx.division, DOCUMENT_ATTACHMENTS),
  finish(row, ctx) {
    if (!documentOf(ctx, row.Document)) throw badRequest(`Document does not exist: ${String(row.Document)}`);
    if (typeof row.FileName !== "string" || row.FileName.trim() === "") throw badRequest("Mandatory field: FileName");
    if (typeof row.Attachment !== "string" || !BASE64.test(row.Attachment)) throw badRequest(BINARY_MESSAGE);
    row.FileSize = Buffer.from(row.Attachment, "base64").byteLength;
    row.Url = attachmentUrl(String(row.ID), ctx.division);
  },
};

/** Exact's address of a file (SysAttachment.aspx); the sandbox never serves it. */
export function attachmentUrl(id: string, division: number): string {
  return `https://start.exactonline.nl/docs/SysAttachment.aspx?ID=${id}&_Division_=${division}`;
}
