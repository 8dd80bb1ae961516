/** The sandbox's documents and attachments enforce Exact's rules (reference table plus its own checks). */
import { describe, expect, test } from "vitest";
import { createExactSandbox } from "./index";
import { invoicePdf } from "./seed-documents";

const DIV = 1234567;
const PDF = invoicePdf("Test").toString("base64");

function sandbox() {
  return createExactSandbox({ publicUrl: "http://127.0.0.1:9" });
}

describe("documents/Documents and documents/DocumentAttachments in the sandbox", () => {
  test("a document needs a Subject and a Type, and an entry that exists", async () => {
    const { changes } = sandbox();
    await expect(changes.create(DIV, "documents/Documents", { Type: 55 })).rejects.toThrow("Mandatory field: Subject");
    await expect(changes.create(DIV, "documents/Documents", { Subject: "Los" })).rejects.toThrow("Mandatory field: Type");
    await expect(changes.create(DIV, "documents/Documents", { Subject: "Los", Type: 10, FinancialTransactionEntryID: "00000000-0000-4000-8000-000000000001" })).rejects.toThrow(
      "FinancialTransactionEntryID does not exist",
    );
    const made = await changes.create(DIV, "documents/Documents", { Subject: "Los", Type: 55 });
    expect(made).toMatchObject({ Subject: "Los", Type: 55, TypeDescription: "Overige", FinancialTransactionEntryID: null });
    expect(Number(made.HID)).toBeGreaterThan(1);
  });

  test("an attachment needs an existing document and base64; Exact fills FileSize and Url; it cannot be changed", async () => {
    const { changes } = sandbox();
    const document = String((await changes.create(DIV, "documents/Documents", { Subject: "Bon", Type: 55 })).ID);
    await expect(changes.create(DIV, "documents/DocumentAttachments", { Document: "00000000-0000-4000-8000-000000000001", FileName: "a.pdf", Attachment: PDF })).rejects.toThrow(
      "Document does not exist",
    );
    await expect(changes.create(DIV, "documents/DocumentAttachments", { Document: document, FileName: "a.pdf", Attachment: "%PDF-1.4 raw" })).rejects.toThrow("to type 'Byte[]'");
    await expect(changes.create(DIV, "documents/DocumentAttachments", { Document: document, Attachment: PDF })).rejects.toThrow("FileName");
    await expect(changes.create(DIV, "documents/DocumentAttachments", { Document: document, FileName: "a.pdf", Attachment: PDF, FileSize: 1 })).rejects.toThrow();
    const attachment = await changes.create(DIV, "documents/DocumentAttachments", { Document: document, FileName: "a.pdf", Attachment: PDF });
    expect(attachment.FileSize).toBe(Buffer.from(PDF, "base64").byteLength);
    expect(attachment.Url).toBe(`https://start.exactonline.nl/docs/SysAttachment.aspx?ID=${String(attachment.ID)}&_Division_=${DIV}`);
    await expect(changes.update(DIV, "documents/DocumentAttachments", String(attachment.ID), { FileName: "b.pdf" })).rejects.toThrow(/not allowed/);
  });

  test("deleting a document deletes its attachments", async () => {
    const { changes } = sandbox();
    const document = String((await changes.create(DIV, "documents/Documents", { Subject: "Weg", Type: 55 })).ID);
    const attachment = String((await changes.create(DIV, "documents/DocumentAttachments", { Document: document, FileName: "a.pdf", Attachment: PDF })).ID);
    await changes.delete(DIV, "documents/Documents", document);
    await expect(changes.delete(DIV, "documents/DocumentAttachments", attachment)).rejects.toThrow();
  });

  test("the seeded invoice PDF is a well-formed PDF: every xref offset points at its object", () => {
    const pdf = invoicePdf("Factuur 25000001 - Bakkerij").toString("latin1");
    expect(pdf.startsWith("%PDF-1.4\n")).toBe(true);
    expect(pdf.endsWith("%%EOF\n")).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)\n/.exec(pdf)?.[1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(pdf.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`));
  });
});
