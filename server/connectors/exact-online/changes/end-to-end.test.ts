/**
 * The whole way, with nothing stubbed: a contact changed in Exact (the sandbox), Exact's signed notification to
 * our listening server, the inbox, the processor, the real outbox, the delivery worker, and a customer's
 * endpoint receiving three events signed per Standard Webhooks (verified with the `standardwebhooks` package).
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../../../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../../../webhooks/delivery-worker";
import { allSubscriptions } from "./subscriptions-repo";
import { waitFor } from "./test-helpers";

const DIV = 1234567;

describe("Exact → customer endpoint, end to end", () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;

  beforeAll(async () => {
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 } });
    receiver = await startWebhookReceiver();
    worker = deliveryWorkerFor(server.ctx, { pollIntervalMs: 50 }).start();
    server.ctx.exactEvents.start();
  });
  afterAll(async () => {
    await worker?.stop(100);
    await receiver?.close();
    await server?.close();
  });

  it("a contact created, updated and deleted in Exact reaches the endpoint as three signed events", async () => {
    await server.connect("org_e2e", ["genericContact::list", "genericContact::retrieve"]);
    const created = await server.backend("/v1/webhooks/endpoints", {
      method: "POST",
      body: JSON.stringify({ url: receiver.url, events: ["genericContact.created", "genericContact.updated", "genericContact.deleted"], includeRaw: true }),
    });
    expect(created.status).toBe(201);
    const { secret } = ((await created.json()) as { data: { secret: string } }).data;
    // Registering the endpoint subscribed the division to Exact's Contacts topic (in the background).
    await waitFor(async () => (await allSubscriptions(server.ctx.db)).some((row) => row.topic === "Contacts" && row.status === "active"), "the Contacts subscription");

    const account = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "End to End B.V." })).ID);
    const contact = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: account, FirstName: "Eva", LastName: "Eind" })).ID);
    await receiver.waitFor(1);
    await server.sandbox.changes.update(DIV, "crm/Contacts", contact, { FirstName: "Eef" });
    await receiver.waitFor(2);
    await server.sandbox.changes.delete(DIV, "crm/Contacts", contact);
    const requests = await receiver.waitFor(3);

    const verifier = new Webhook(secret);
    const bodies = requests.map((request) => verifier.verify(request.body, request.headers) as Record<string, unknown>);
    expect(bodies.map((body) => body.type)).toEqual(["genericContact.created", "genericContact.updated", "genericContact.deleted"]);
    expect(bodies[0]).toMatchObject({ ownerId: "org_e2e", model: "genericContact", action: "created", data: { id: contact, firstName: "Eva" }, raw: { ID: contact, FirstName: "Eva" } });
    expect(bodies[1]).toMatchObject({ action: "updated", data: { id: contact, firstName: "Eef" } });
    expect(bodies[2]).toMatchObject({ action: "deleted", data: { id: contact } });
    // A tampered body does not verify.
    expect(() => verifier.verify(requests[0]!.body.replace("Eva", "Eve"), requests[0]!.headers)).toThrow();
  });
});
