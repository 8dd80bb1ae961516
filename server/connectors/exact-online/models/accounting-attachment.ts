/**
 * accountingAttachment ↔ Exact `documents/DocumentAttachments` (a file) with its `documents/Documents` (what the file
 * is about: subject, type, the entry it belongs to). Exact keeps a file only inside a document, so a create without
 * `documentId` makes the document first (Subject and Type are mandatory there), then the attachment; if the second
 * call fails the document is deleted again (ResourceService's `createFirst`). Reads fill `subject`, `linkedTo`,
 * `createdAt` and `updatedAt` from the page's documents in one more call (the attachment itself has no timestamps).
 *
 * The link: Exact's Document.FinancialTransactionEntryID ("Reference to the transaction lines of the financial
 * entry. For a document of type sales invoice it will return the InvoiceID of the sales invoice"), with the document
 * Type telling what kind of entry it is. Refused before Exact is called: a type other than PDF/PNG/JPEG/GIF/TIFF
 * (by magic bytes), a file over MAX_ATTACHMENT_BYTES, a file name with a path or control characters.
 */
import { z } from "zod";
import { documentAttachments } from "../reference/documents-document-attachments";
import { documents } from "../reference/documents-documents";
import { attachmentContent, attachmentFileName, contentTypeOfBase64, contentTypeOfName } from "./attachment-content";
import { isoDateTime, text } from "./convert";
import { defineModel } from "./define-model";
import type { CreateHelpers, ReadHelpers, UnifiedRecord } from "./types";

export const LINK_TYPES = ["invoice", "bill", "journalEntry"] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/**
 * Exact's document Type per link (documents/DocumentTypes IDs). 10 = sales invoice is confirmed
 * (picqer/exact-php-client#178 links a PDF to a sales entry with Type 10); 20 (purchase invoice) and 55 (other,
 * for a memorial entry and for an unlinked file) are Exact's usual IDs but not confirmed from its reference.
 */
export const DOCUMENT_TYPE: Readonly<Record<LinkType | "none", number>> = { invoice: 10, bill: 20, journalEntry: 55, none: 55 };

function linkOf(document: Record<string, unknown>): { type: LinkType; id: string } | null {
  const entry = text(document.FinancialTransactionEntryID);
  if (!entry) return null;
  const type = Number(document.Type);
  return { type: type === DOCUMENT_TYPE.invoice ? "invoice" : type === DOCUMENT_TYPE.bill ? "bill" : "journalEntry", id: entry };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const linkInput = z.strictObject({ type: z.enum(LINK_TYPES), id: z.string().regex(GUID, "Expected the invoice's, bill's or journal entry's id (a GUID)") });

/** The page's documents, in one read (Exact's page size is 60, a page of attachments names at most 60 documents). */
async function completeWithDocuments(records: ReadonlyArray<{ raw: Record<string, unknown>; unified: UnifiedRecord }>, exact: ReadHelpers): Promise<void> {
  const ids = [...new Set(records.map((r) => text(r.raw.Document)).filter((id): id is string => id !== null && GUID.test(id)))];
  if (ids.length === 0) return;
  const found = await exact.readAll(
    documents.endpoint,
    { $select: "ID,Subject,Type,FinancialTransactionEntryID,Created,Modified", $filter: ids.map((id) => `ID eq guid'${id}'`).join(" or ") },
    Math.ceil(ids.length / 60) + 1,
  );
  const byId = new Map(found.map((d) => [String(d.ID).toLowerCase(), d]));
  for (const { raw, unified } of records) {
    const document = byId.get(String(raw.Document).toLowerCase());
    if (!document) continue;
    unified.subject = text(document.Subject);
    unified.linkedTo = linkOf(document);
    unified.createdAt = isoDateTime(document.Created);
    unified.updatedAt = isoDateTime(document.Modified);
  }
}

/** Without `documentId`, the document is made first, with the subject (the file name when none) and the link. */
async function makeDocument(input: Record<string, unknown>, exact: CreateHelpers): Promise<Record<string, unknown>> {
  if (input.documentId !== undefined) return input;
  if (!exact.createFirst) throw new Error("accountingAttachment: this caller cannot create the document first");
  const link = input.linkedTo as { type: LinkType; id: string } | null | undefined;
  const document = await exact.createFirst(documents.endpoint, {
    Subject: (input.subject as string | undefined) ?? input.fileName,
    Type: DOCUMENT_TYPE[link?.type ?? "none"],
    ...(link ? { FinancialTransactionEntryID: link.id } : {}),
  });
  return { ...input, documentId: String(document.ID) };
}

export const accountingAttachment = defineModel({
  model: "accountingAttachment",
  label: "Attachments",
  reference: documentAttachments,
  actions: ["list", "retrieve", "create", "delete"],
  fields: [
    { name: "documentId", exact: "Document", type: "guid", writable: true, filter: true, description: "The Exact document (documents/Documents) holding the file; on create, an existing one, or leave it out to have one made" },
    { name: "fileName", exact: "FileName", type: "string", writable: true, required: true, input: attachmentFileName, search: true, description: "File name, 1–100 characters, e.g. factuur-2025-001.pdf" },
    { name: "fileSize", exact: "FileSize", type: "number", description: "Size in bytes, from Exact" },
    { name: "contentType", exact: "FileName", type: "string", read: (raw) => contentTypeOfName(raw.FileName), description: "application/pdf, image/png, image/jpeg, image/gif or image/tiff, from the file name's extension; null for another" },
    { name: "url", exact: "Url", type: "string", description: "Exact's address of the file (append &Download=1 for the file itself; needs an Exact session or token)" },
  ],
  extraFields: [
    {
      name: "content", type: "string", writable: true, required: true, input: attachmentContent,
      description: "The file, base64, on create; always null on read (use url): PDF, PNG, JPEG, GIF or TIFF by its first bytes, at most 700 KiB",
    },
    { name: "subject", type: "string", writable: true, nullable: true, input: z.string().trim().min(1).max(200), description: "The document's subject; on create the file name when not given" },
    {
      name: "linkedTo", type: "object", writable: true, nullable: true, input: linkInput,
      description: "{ type: invoice | bill | journalEntry, id } the document belongs to (Exact's FinancialTransactionEntryID); null: not linked",
    },
  ],
  readExtra: (_raw, unified) => {
    // The file is never read back (Url gives it); subject and link are filled from the document after a page or
    // retrieve, and null in events (not read for them).
    unified.content = null;
    unified.subject = null;
    unified.linkedTo = null;
  },
  writeExtra: (input, out) => {
    if (typeof input.content === "string") out.Attachment = input.content;
  },
  onCreate: (schema) =>
    schema.superRefine((input, ctx) => {
      if (input.documentId !== undefined && (input.subject !== undefined || input.linkedTo !== undefined)) {
        ctx.addIssue({ code: "custom", path: ["documentId"], message: "An existing document keeps its own subject and link: give documentId, or subject/linkedTo, not both" });
      }
      const named = contentTypeOfName(input.fileName);
      const actual = typeof input.content === "string" ? contentTypeOfBase64(input.content) : undefined;
      if (named && actual && named !== actual) {
        ctx.addIssue({ code: "custom", path: ["fileName"], message: `The file is ${actual}, its name says ${named}; give a name that matches` });
      }
    }),
  completeCreate: makeDocument,
  completeRead: completeWithDocuments,
});

