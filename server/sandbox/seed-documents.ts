/**
 * One attachment in the main division: the PDF of its first processed sales invoice, in a document of type 10
 * (sales invoice) linked to it through FinancialTransactionEntryID, as Exact keeps a sent invoice's PDF.
 */
import { attachmentUrl, DOCUMENT_ATTACHMENTS, DOCUMENTS } from "./entities-documents";
import type { SandboxState } from "./state";
import { tableOf } from "./state";
import { TIMESTAMP, nextRowVersion } from "./sync-log";

/** A one-page PDF that any reader opens, saying what it is: a valid xref table, offsets computed. */
export function invoicePdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, "");
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

export function seedDocuments(state: SandboxState, division: number, documentId: string, attachmentId: string): void {
  const invoice = [...tableOf(state, division, "salesinvoice/SalesInvoices").values()]
    .filter((i) => Number(i.Status) === 50)
    .sort((a, b) => Number(a.InvoiceNumber) - Number(b.InvoiceNumber))[0];
  if (!invoice) return;
  const fileName = `factuur-${String(invoice.InvoiceNumber)}.pdf`;
  const pdf = invoicePdf(`Factuur ${String(invoice.InvoiceNumber)} - Bakkerij`);
  const when = Number(invoice.Modified ?? invoice.Created);
  tableOf(state, division, DOCUMENTS).set(documentId, {
    ID: documentId, Subject: `Factuur ${String(invoice.InvoiceNumber)}`, Type: 10, FinancialTransactionEntryID: invoice.InvoiceID,
    SalesInvoiceNumber: invoice.InvoiceNumber, Account: invoice.InvoiceTo ?? null, DocumentDate: invoice.InvoiceDate ?? when,
    HID: 1, Body: null, HasEmptyBody: true, Division: division, Created: when, Modified: when, [TIMESTAMP]: nextRowVersion(state, division),
  });
  tableOf(state, division, DOCUMENT_ATTACHMENTS).set(attachmentId, {
    ID: attachmentId, Document: documentId, FileName: fileName, Attachment: pdf.toString("base64"),
    FileSize: pdf.byteLength, Url: attachmentUrl(attachmentId, division),
  });
}
