/**
 * accountingAttachment events end to end: Exact's attachments have no topic of their own (topic Documents is keyed
 * by the document) and no sync endpoint, so the poller reads them whole and compares: a file added in Exact
 * arrives as accountingAttachment.created, a file removed as accountingAttachment.deleted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { invoicePdf } from "../../../sandbox/seed-documents";
import { findConnection } from "../../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import type { NewEvent } from "../../../webhooks/events";
import { captureEvents, summary } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = ["accountingAttachment::list", "accountingAttachment::retrieve"];

describe("accountingAttachment events", () => {
  let server: TestServer;
  let events: NewEvent[];
  let connectionId: string;
  const poll = () => server.ctx.exactEvents.poller.pollConnection(connectionId, { force: true });

  beforeAll(async () => {
    const captured = captureEvents(["accountingAttachment"]);
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    events = captured.events;
    await server.connect("org_attachment_events", OPERATIONS);
    connectionId = (await findConnection(server.ctx.db, "exact-online", "org_attachment_events"))!.id;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it("starts silent, then reports a file added and removed in Exact", async () => {
    await poll();
    expect(events).toEqual([]);
    const document = String((await server.sandbox.changes.create(DIV, "documents/Documents", { Subject: "Kassabon", Type: 55 })).ID);
    const pdf = invoicePdf("Kassabon").toString("base64");
    const id = String((await server.sandbox.changes.create(DIV, "documents/DocumentAttachments", { Document: document, FileName: "kassabon.pdf", Attachment: pdf })).ID);
    await poll();
    expect(summary(events)).toEqual([`accountingAttachment.created ${id}`]);
    expect(events[0]).toMatchObject({ data: { id, documentId: document, fileName: "kassabon.pdf", contentType: "application/pdf", content: null } });
    events.length = 0;
    await poll();
    expect(events).toEqual([]);
    await server.sandbox.changes.delete(DIV, "documents/DocumentAttachments", id);
    await poll();
    expect(summary(events)).toEqual([`accountingAttachment.deleted ${id}`]);
  });
});
