/**
 * accountingAttachment (issue 19) through the real HTTP stack against the sandbox: the seeded invoice PDF read back
 * with its document, a create that makes the document then the file (and removes the document again when the file
 * is refused), and the files refused before Exact is called (type by magic bytes, size, name).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operation } from "../../src/protocol";
import { MAX_ATTACHMENT_BYTES } from "../connectors/exact-online/models/attachment-content";
import { sandboxFaults } from "../sandbox/faults";
import { invoicePdf } from "../sandbox/seed-documents";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_attachments";
const OPERATIONS: Operation[] = [
  "accountingAttachment::list", "accountingAttachment::retrieve", "accountingAttachment::create", "accountingAttachment::delete",
  "accountingInvoice::list", "accountingBill::list", "accountingJournalEntry::list", "proxy::read",
];
const PDF = invoicePdf("Inkoopfactuur MFN-2025-0113").toString("base64");
/** The 8-byte PNG signature and an IHDR start: enough for the magic-byte check and for the sandbox (base64). */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).toString("base64");
const ZIP = Buffer.from("PK\u0003\u0004 not a pdf at all").toString("base64");

type Record_ = Record<string, unknown> & { id: string };
type Body = { data: Record_[] & Record_; next: string | null; error?: { code: string; message: string; details?: Record<string, unknown> } };

describe("accountingAttachment against the sandbox", () => {
  let server: TestServer;
  const get = async (path: string) => {
    const response = await server.backend(path, { ownerId: OWNER });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await server.backend(path, { method, ownerId: OWNER, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Body };
  };
  const restCalls = () => server.sandbox.control.stats().restCalls;
  /** Exact's documents as they are, through the proxy: what a create left behind. */
  const documentIds = async () => {
    const response = await server.backend("/v1/proxy/api/v1/{division}/documents/Documents?$select=ID", { ownerId: OWNER });
    const body = (await response.json()) as { d: { results: Array<{ ID: string }> } };
    return body.d.results.map((d) => d.ID).sort();
  };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, OPERATIONS);
  });
  afterAll(() => server.close());

  it("lists the seeded PDF of a processed sales invoice, with its document's subject and link", async () => {
    const { status, body } = await get("/v1/resources/accountingAttachment");
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const [seeded] = body.data;
    const invoices = (await get("/v1/resources/accountingInvoice?filter[status]=processed&limit=100")).body.data;
    const first = [...invoices].sort((a, b) => Number(a.number) - Number(b.number))[0]!;
    expect(seeded).toMatchObject({
      fileName: `factuur-${String(first.number)}.pdf`, contentType: "application/pdf", subject: `Factuur ${String(first.number)}`,
      linkedTo: { type: "invoice", id: first.id }, content: null,
    });
    expect(seeded!.fileSize).toBeGreaterThan(300);
    expect(seeded!.url).toMatch(/^https:\/\/start\.exactonline\.nl\/docs\/SysAttachment\.aspx\?ID=/);
    expect(seeded!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const one = await get(`/v1/resources/accountingAttachment/${seeded!.id}`);
    expect(one.body.data).toEqual(seeded);
    const byDocument = await get(`/v1/resources/accountingAttachment?filter[documentId]=${String(seeded!.documentId)}`);
    expect(byDocument.body.data.map((a) => a.id)).toEqual([seeded!.id]);
  });

  it("lists through Exact's bulk endpoint (1000 a page), and a search through the regular one", async () => {
    const faults = sandboxFaults(server.sandbox);
    const bulk = faults.inject({ target: "bulk/Documents/DocumentAttachments", fault: { kind: "status", status: 500 } });
    try {
      expect((await get("/v1/resources/accountingAttachment")).status).toBe(502);
      expect((await get("/v1/resources/accountingAttachment?search=factuur")).body.data).toHaveLength(1);
      expect(bulk.hits).toBe(1);
    } finally {
      bulk.remove();
    }
  });

  it("attaches a PDF to a bill: the document first (type purchase invoice, linked), then the file", async () => {
    const bill = (await get("/v1/resources/accountingBill?limit=1")).body.data[0]!;
    const created = await send("POST", "/v1/resources/accountingAttachment", { fileName: "MFN-2025-0113.pdf", content: PDF, linkedTo: { type: "bill", id: bill.id } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ fileName: "MFN-2025-0113.pdf", contentType: "application/pdf", subject: "MFN-2025-0113.pdf", linkedTo: { type: "bill", id: bill.id } });
    expect(created.body.data.fileSize).toBe(Buffer.from(PDF, "base64").byteLength);
    expect((await send("DELETE", `/v1/resources/accountingAttachment/${created.body.data.id}`)).status).toBe(204);
    expect((await get(`/v1/resources/accountingAttachment/${created.body.data.id}`)).status).toBe(404);
  });

  it("attaches an image to a journal entry, and a second file to an existing document", async () => {
    const entry = (await get("/v1/resources/accountingJournalEntry?limit=1")).body.data[0]!;
    const scan = await send("POST", "/v1/resources/accountingAttachment", { fileName: "bonnetje.png", content: PNG, subject: "Kasbon januari", linkedTo: { type: "journalEntry", id: entry.id } });
    expect(scan.status, JSON.stringify(scan.body)).toBe(201);
    expect(scan.body.data).toMatchObject({ contentType: "image/png", subject: "Kasbon januari", linkedTo: { type: "journalEntry", id: entry.id } });
    const documentId = String(scan.body.data.documentId);
    const second = await send("POST", "/v1/resources/accountingAttachment", { fileName: "bonnetje-achterkant.pdf", content: PDF, documentId });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.data).toMatchObject({ documentId, subject: "Kasbon januari" });
    const both = await get(`/v1/resources/accountingAttachment?filter[documentId]=${documentId}`);
    expect(both.body.data.map((a) => a.fileName).sort()).toEqual(["bonnetje-achterkant.pdf", "bonnetje.png"]);
  });

  it("refuses what is no PDF or image, by its bytes and not its name, before Exact is called", async () => {
    const before = restCalls();
    const zip = await send("POST", "/v1/resources/accountingAttachment", { fileName: "factuur.pdf", content: ZIP });
    expect(zip.status).toBe(400);
    expect(zip.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "content" } });
    expect(zip.body.error?.message).toContain("application/pdf, image/png, image/jpeg, image/gif, image/tiff");
    const notBase64 = await send("POST", "/v1/resources/accountingAttachment", { fileName: "factuur.pdf", content: "%PDF-1.4 raw" });
    expect(notBase64.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "content" } });
    const mismatch = await send("POST", "/v1/resources/accountingAttachment", { fileName: "scan.png", content: PDF });
    expect(mismatch.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "fileName" } });
    for (const fileName of ["../etc/passwd.pdf", "map\\factuur.pdf", "factuur\u0007.pdf", "", `${"a".repeat(97)}.pdf`]) {
      const bad = await send("POST", "/v1/resources/accountingAttachment", { fileName, content: PDF });
      expect(bad.body.error, JSON.stringify(fileName)).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "fileName" } });
    }
    const both = await send("POST", "/v1/resources/accountingAttachment", { fileName: "a.pdf", content: PDF, documentId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", subject: "x" });
    expect(both.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "documentId" } });
    expect(restCalls()).toBe(before);
  });

  it("refuses a file over its limit: 400 naming content inside the body limit, 413 beyond it, Exact never called", async () => {
    const before = restCalls();
    // A real PDF start, padded to one byte over the limit: about 0.93 MB of base64, inside the 1 MB body limit.
    const tooBig = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - 9, 0x20)]).toString("base64");
    const over = await send("POST", "/v1/resources/accountingAttachment", { fileName: "groot.pdf", content: tooBig });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "content" } });
    const huge = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(1024 * 1024, 0x20)]).toString("base64");
    const beyond = await send("POST", "/v1/resources/accountingAttachment", { fileName: "enorm.pdf", content: huge });
    expect(beyond.status).toBe(413);
    expect(beyond.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(restCalls()).toBe(before);
    // At the limit it is taken.
    const atLimit = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(MAX_ATTACHMENT_BYTES - 9, 0x20)]).toString("base64");
    const taken = await send("POST", "/v1/resources/accountingAttachment", { fileName: "precies.pdf", content: atLimit });
    expect(taken.status, JSON.stringify(taken.body.error)).toBe(201);
    expect(taken.body.data.fileSize).toBe(MAX_ATTACHMENT_BYTES);
  });

  it("removes the document again when Exact refuses the file, leaving nothing half-written", async () => {
    const documentsBefore = await documentIds();
    const fault = sandboxFaults(server.sandbox).inject({ target: "documents/DocumentAttachments", method: "POST", fault: { kind: "status", status: 500, message: "Attachment storage unavailable" }, times: 1 });
    try {
      const failed = await send("POST", "/v1/resources/accountingAttachment", { fileName: "factuur.pdf", content: PDF, subject: "Wordt teruggedraaid" });
      expect(failed.status).toBe(502);
      expect(failed.body.error?.code).toBe("PROVIDER_ERROR");
      expect(fault.hits).toBe(1);
    } finally {
      fault.remove();
    }
    expect(await documentIds()).toEqual(documentsBefore);
  });

  it("says so when the document made first cannot be removed again", async () => {
    const documentsBefore = await documentIds();
    const faults = sandboxFaults(server.sandbox);
    const refused = faults.inject({ target: "documents/DocumentAttachments", method: "POST", fault: { kind: "status", status: 500 }, times: 1 });
    const undo = faults.inject({ target: "documents/Documents", method: "DELETE", fault: { kind: "status", status: 500 }, times: 1 });
    try {
      const failed = await send("POST", "/v1/resources/accountingAttachment", { fileName: "factuur.pdf", content: PDF });
      expect(failed.status).toBe(502);
      const left = (await documentIds()).filter((id) => !documentsBefore.includes(id));
      expect(left).toHaveLength(1);
      expect(failed.body.error?.details?.leftBehind).toEqual([expect.stringContaining(`documents/Documents(guid'${left[0]}')`)]);
    } finally {
      refused.remove();
      undo.remove();
    }
  });
});
