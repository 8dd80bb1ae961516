import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { countInbox } from "./inbox-repo";
import { exactHashCode } from "./receiver-hash";
import { captureEvents } from "./test-helpers";

describe("POST /v1/exact/webhooks over real HTTP", () => {
  let server: TestServer;
  // Listening to nothing at first: the connect below then makes no subscription calls.
  const captured = captureEvents([]);
  const post = (body: string | undefined) =>
    fetch(`${server.publicUrl}/v1/exact/webhooks`, { method: "POST", headers: body === undefined ? {} : { "content-type": "application/json" }, body });
  const content = (key: string) =>
    JSON.stringify({ Topic: "Contacts", ClientId: "sandbox-client-id", Division: 1234567, Action: "Update", Key: key, ExactOnlineEndpoint: "x", EventCreatedOn: "2026-03-02T09:00:00.123" });

  beforeAll(async () => {
    server = await startTestServer({ listen: true, webhooks: captured.hub });
    await server.connect("org_receiver", ["genericContact::list", "genericContact::retrieve"]);
  });
  afterAll(() => server.close());

  it("answers Exact's empty validation POST with 200", async () => {
    expect((await post(undefined)).status).toBe(200);
    expect((await post("")).status).toBe(200);
    expect(await countInbox(server.ctx.db)).toBe(0);
  });

  it("refuses a forged or missing HashCode with 401: nothing stored, fetched or emitted", async () => {
    captured.listened = ["genericContact"];
    const events = captured.events;
    const callsBefore = server.sandbox.control.stats().restCalls;
    const text = content("00000000-0000-0000-0000-0000000000aa");
    const forged = [
      `{"Content":${text},"HashCode":"${exactHashCode(text, "not-the-secret")}"}`,
      `{"Content":${text}}`,
      `{"Content":${text},"HashCode":"${"0".repeat(64)}"}`,
      // signed, but the signed text is not the text sent (a re-serialisation would accept this one)
      `{"Content":${JSON.stringify(JSON.parse(text), null, 1)},"HashCode":"${exactHashCode(text, "sandbox-webhook-secret")}"}`,
      // two Content members: which one was signed?
      `{"Content":${text},"Content":${text},"HashCode":"${exactHashCode(text, "sandbox-webhook-secret")}"}`,
      "not json",
    ];
    for (const body of forged) expect((await post(body)).status).toBe(401);
    await server.ctx.exactEvents.processor.drain();
    expect(await countInbox(server.ctx.db)).toBe(0);
    expect(server.sandbox.control.stats().restCalls).toBe(callsBefore);
    expect(events).toEqual([]);
  });

  it("stores a notification signed over the raw Content text, spacing and all, and answers 200", async () => {
    const text = content("00000000-0000-0000-0000-0000000000bb").replace(/,/g, ", ");
    const response = await post(`{ "Content" : ${text} , "HashCode":"${exactHashCode(text, "sandbox-webhook-secret")}" }`);
    expect(response.status).toBe(200);
    expect(await countInbox(server.ctx.db, "pending")).toBe(1);
  });

  it("cuts the signed text out exactly, even when Content's strings hold escapes and look-alike members", async () => {
    const tricky = JSON.stringify({ Topic: "Contacts", Division: 1234567, Action: "Delete", Key: "00000000-0000-0000-0000-0000000000cc", ExactOnlineEndpoint: '},"HashCode":"0"' })
      .replace("Delete", "Dele\\u0074e");
    const response = await post(`{"Content":${tricky},"HashCode":"${exactHashCode(tricky, "sandbox-webhook-secret")}"}`);
    expect(response.status).toBe(200);
    expect(await countInbox(server.ctx.db, "pending")).toBe(2);
  });

  it("refuses a body larger than a notification could be", async () => {
    const response = await post(JSON.stringify({ Content: { padding: "x".repeat(20_000) }, HashCode: "A".repeat(64) }));
    expect(response.status).toBe(413);
  });
});
