import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../webhooks/delivery-worker";
import { ResponseChecker } from "./response-check";
import { openApiDocumentOf } from "./routes";

let server: TestServer;
let receiver: WebhookReceiver;
let worker: DeliveryWorker;

beforeAll(async () => {
  server = await startTestServer();
  receiver = await startWebhookReceiver();
  worker = deliveryWorkerFor(server.ctx).start();
});
afterAll(async () => {
  await worker.stop(100);
  await receiver.close();
  await server.close();
});

it("delivers events whose bodies match the document's webhooks: connection events and the test event", async () => {
  const created = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url }) });
  expect(created.status).toBe(201);
  const { data: endpoint } = (await created.json()) as { data: { id: string } };
  // A pending connection, labelled (connection.updated), then authorized (connection.created), then deleted.
  await server.backend("/v1/connections", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: "org_events_doc", operations: ["genericContact::list"] }) });
  await server.backend("/v1/connections/exact-online/org_events_doc", { method: "PATCH", body: JSON.stringify({ tags: ["docs"] }) });
  expect((await server.connect("org_events_doc", ["genericContact::list"])).page.status).toBe(200);
  expect((await server.backend(`/v1/webhooks/endpoints/${endpoint.id}/test`, { method: "POST" })).status).toBe(202);
  expect((await server.backend("/v1/connections/exact-online/org_events_doc", { method: "DELETE" })).status).toBe(204);

  const received = await receiver.waitFor(4);
  const checker = new ResponseChecker(await openApiDocumentOf(server.app, server.ctx));
  const types = received.map((delivery) => (JSON.parse(delivery.body) as { type: string }).type);
  expect(types).toEqual(expect.arrayContaining(["connection.updated", "connection.created", "webhook.test"]));
  expect(received.flatMap((delivery) => checker.checkEvent(delivery.body))).toEqual([]);
  // The check has teeth: an event whose data is not the connection summary fails it.
  const forged = { ...(JSON.parse(received.find((d) => d.body.includes('"connection.created"'))!.body) as object), data: { connectionId: 42 } };
  expect(checker.checkEvent(JSON.stringify(forged))[0]).toContain("does not match the documented schema");
});
