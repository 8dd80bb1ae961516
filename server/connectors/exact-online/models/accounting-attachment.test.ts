/** accountingAttachment's mapping, its checks on the file, and the document a create makes first. */
import { describe, expect, test } from "vitest";
import { accountingAttachment, DOCUMENT_TYPE } from "./accounting-attachment";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, contentTypeOfName, sniffContentType } from "./attachment-content";
import type { CreateHelpers, ExactRecord } from "./types";

const DOC = "5b1b7c1a-36a4-4e0a-9d4e-7a0b3c2d1e0f";
const ENTRY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const b64 = (bytes: number[] | string) => Buffer.from(typeof bytes === "string" ? bytes : Uint8Array.from(bytes)).toString("base64");
const PDF = b64("%PDF-1.7\n%%EOF\n");

function parseCreate(input: Record<string, unknown>) {
  const result = accountingAttachment.createSchema!.safeParse(input);
  return result.success ? { ok: true as const } : { ok: false as const, field: String(result.error.issues[0]?.path[0]), message: result.error.issues[0]?.message ?? "" };
}

describe("reading", () => {
  test("an attachment maps to the unified shape; the document's fields are filled after the page", async () => {
    const raw: ExactRecord = { ID: "11111111-2222-4333-8444-555555555555", Document: DOC, FileName: "Factuur 25000001.PDF", FileSize: 2048, Url: "https://start.exactonline.nl/docs/SysAttachment.aspx?ID=1" };
    const unified = accountingAttachment.toUnified(raw);
    expect(unified).toEqual({
      id: raw.ID, createdAt: null, updatedAt: null, documentId: DOC, fileName: "Factuur 25000001.PDF", fileSize: 2048, contentType: "application/pdf",
      url: raw.Url, content: null, subject: null, linkedTo: null,
    });
    const asked: Array<{ path: string; filter?: string }> = [];
    const document = { ID: DOC.toUpperCase(), Subject: "Factuur 25000001", Type: 10, FinancialTransactionEntryID: ENTRY, Created: "/Date(1735732800000)/", Modified: "/Date(1735819200000)/" };
    await accountingAttachment.completeRead!([{ raw, unified }], {
      readAll: async (path, query) => {
        asked.push({ path, filter: query.$filter });
        return [document];
      },
    });
    expect(asked).toEqual([{ path: "documents/Documents", filter: `ID eq guid'${DOC}'` }]);
    expect(unified).toMatchObject({ subject: "Factuur 25000001", linkedTo: { type: "invoice", id: ENTRY }, createdAt: "2025-01-01T12:00:00.000Z", updatedAt: "2025-01-02T12:00:00.000Z" });
  });

  test.each([
    [10, "invoice"],
    [20, "bill"],
    [55, "journalEntry"],
  ] as const)("a document of type %s with an entry is linked to a %s", async (type, linkType) => {
    const unified = accountingAttachment.toUnified({ ID: "1", Document: DOC, FileName: "x.pdf" });
    await accountingAttachment.completeRead!([{ raw: { Document: DOC }, unified }], { readAll: async () => [{ ID: DOC, Type: type, FinancialTransactionEntryID: ENTRY, Subject: "s" }] });
    expect(unified.linkedTo).toEqual({ type: linkType, id: ENTRY });
  });

  test("a document without an entry is not linked; the content type comes from the name's extension", async () => {
    const unified = accountingAttachment.toUnified({ ID: "1", Document: DOC, FileName: "notes.docx" });
    await accountingAttachment.completeRead!([{ raw: { Document: DOC }, unified }], { readAll: async () => [{ ID: DOC, Type: 55, FinancialTransactionEntryID: null, Subject: "s" }] });
    expect(unified.linkedTo).toBeNull();
    expect(unified.contentType).toBeNull();
    expect(contentTypeOfName("scan.JPEG")).toBe("image/jpeg");
    expect(contentTypeOfName("scan.tif")).toBe("image/tiff");
  });
});

describe("the file", () => {
  test.each([
    ["application/pdf", b64("%PDF-1.4")],
    ["image/png", b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])],
    ["image/jpeg", b64([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ["image/gif", b64("GIF89a\u0001\u0000")],
    ["image/gif", b64("GIF87a\u0001\u0000")],
    ["image/tiff", b64([0x49, 0x49, 0x2a, 0x00, 8, 0])],
    ["image/tiff", b64([0x4d, 0x4d, 0x00, 0x2a, 0, 8])],
  ])("%s is taken by its first bytes", (contentType, content) => {
    expect(sniffContentType(Buffer.from(content, "base64"))).toBe(contentType);
    expect(parseCreate({ fileName: "bestand", content })).toEqual({ ok: true });
  });

  test.each([
    ["a ZIP (a .docx)", b64("PK\u0003\u0004rest")],
    ["HTML", b64("<!doctype html>")],
    ["a PDF without its dash", b64("%PDF1.4")],
    ["an empty file", ""],
  ])("%s is refused, naming content and the accepted types", (_what, content) => {
    const result = parseCreate({ fileName: "factuur.pdf", content });
    expect(result).toMatchObject({ ok: false, field: "content" });
    if (content !== "") expect(result.ok === false && result.message).toContain(ATTACHMENT_TYPES.map((t) => t.contentType).join(", "));
  });

  test("the size limit is exact to the byte, counted before decoding", () => {
    const at = Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(MAX_ATTACHMENT_BYTES - 5)]).toString("base64");
    const over = Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(MAX_ATTACHMENT_BYTES - 4)]).toString("base64");
    expect(parseCreate({ fileName: "a.pdf", content: at })).toEqual({ ok: true });
    expect(parseCreate({ fileName: "a.pdf", content: over })).toMatchObject({ ok: false, field: "content", message: expect.stringContaining(`${MAX_ATTACHMENT_BYTES + 1} bytes`) });
  });

  test.each(["a/b.pdf", "a\\b.pdf", "a\nb.pdf", "..", " factuur.pdf", "x".repeat(101)])("file name %j is refused", (fileName) => {
    expect(parseCreate({ fileName, content: PDF })).toMatchObject({ ok: false, field: "fileName" });
  });

  test("a name whose extension says another type than the bytes is refused; 100 characters are fine", () => {
    expect(parseCreate({ fileName: "foto.jpg", content: PDF })).toMatchObject({ ok: false, field: "fileName" });
    expect(parseCreate({ fileName: `${"x".repeat(96)}.pdf`, content: PDF })).toEqual({ ok: true });
  });
});

describe("create", () => {
  const helpers = (made: ExactRecord[]): CreateHelpers => ({
    salesJournals: () => Promise.reject(new Error("not asked")),
    purchaseJournals: () => Promise.reject(new Error("not asked")),
    createFirst: async (endpoint, body) => {
      made.push({ endpoint, ...body });
      return { ID: DOC };
    },
  });

  test.each([
    [{ type: "invoice", id: ENTRY }, DOCUMENT_TYPE.invoice],
    [{ type: "bill", id: ENTRY }, DOCUMENT_TYPE.bill],
    [{ type: "journalEntry", id: ENTRY }, DOCUMENT_TYPE.journalEntry],
  ] as const)("makes the document first, linked to %j with type %s, then posts the file into it", async (linkedTo, type) => {
    const made: ExactRecord[] = [];
    const input = accountingAttachment.createSchema!.parse({ fileName: "f.pdf", content: PDF, linkedTo, subject: "Factuur" });
    const completed = await accountingAttachment.completeCreate!(input, helpers(made));
    expect(made).toEqual([{ endpoint: "documents/Documents", Subject: "Factuur", Type: type, FinancialTransactionEntryID: ENTRY }]);
    expect(accountingAttachment.toExact!(completed)).toEqual({ Document: DOC, FileName: "f.pdf", Attachment: PDF });
  });

  test("without a subject the file name is the subject; without a link the document is unlinked", async () => {
    const made: ExactRecord[] = [];
    await accountingAttachment.completeCreate!(accountingAttachment.createSchema!.parse({ fileName: "f.pdf", content: PDF }), helpers(made));
    expect(made).toEqual([{ endpoint: "documents/Documents", Subject: "f.pdf", Type: DOCUMENT_TYPE.none }]);
  });

  test("into an existing document nothing is made first; its subject or link cannot be given then", async () => {
    const made: ExactRecord[] = [];
    const completed = await accountingAttachment.completeCreate!(accountingAttachment.createSchema!.parse({ fileName: "f.pdf", content: PDF, documentId: DOC }), helpers(made));
    expect(made).toEqual([]);
    expect(accountingAttachment.toExact!(completed)).toMatchObject({ Document: DOC });
    expect(parseCreate({ fileName: "f.pdf", content: PDF, documentId: DOC, linkedTo: null })).toMatchObject({ ok: false, field: "documentId" });
  });

  test("no update: Exact's DocumentAttachments take GET, POST and DELETE only", () => {
    expect(accountingAttachment.actions).toEqual(["list", "retrieve", "create", "delete"]);
    expect(accountingAttachment.updateSchema).toBeUndefined();
  });
});
