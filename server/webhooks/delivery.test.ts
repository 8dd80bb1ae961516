import { hostname } from "node:os";
import { lookup } from "node:dns/promises";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError, type WebhookDelivery, type WebhookEvent } from "../client";
import { startTestServer, type TestServer } from "../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker, type DeliveryWorkerOptions } from "./delivery-worker";
import { isPrivateAddress } from "./private-address";

async function waitUntil<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function helpers(server: () => TestServer) {
  const createEndpoint = async (body: Record<string, unknown>) => {
    const answer = await server().backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify(body) });
    if (answer.status !== 201) throw new Error(`endpoint not created: ${await answer.text()}`);
    return ((await answer.json()) as { data: { id: string; secret: string } }).data;
  };
  const deliveries = async (query: string) => ((await (await server().backend(`/v1/webhooks/deliveries?${query}`)).json()) as { data: WebhookDelivery[]; next: string | null });
  const sendTest = async (endpointId: string) => {
    const answer = await server().backend(`/v1/webhooks/endpoints/${endpointId}/test`, { method: "POST" });
    expect(answer.status).toBe(202);
    return ((await answer.json()) as { data: { eventId: string; deliveryId: string } }).data;
  };
  const deliveryStatus = (endpointId: string, deliveryId: string, status: WebhookDelivery["status"]) =>
    waitUntil(async () => (await deliveries(`endpointId=${endpointId}`)).data.find((d) => d.id === deliveryId && d.status === status), `delivery ${deliveryId} ${status}`);
  return { createEndpoint, deliveries, sendTest, deliveryStatus };
}

describe("webhook delivery", () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker | undefined;
  const { createEndpoint, deliveries, sendTest, deliveryStatus } = helpers(() => server);
  const startWorker = (options: DeliveryWorkerOptions = {}) => (worker = deliveryWorkerFor(server.ctx, options).start());

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await worker?.stop(100);
    worker = undefined;
    // each test starts with no endpoints: an earlier test's "every event" endpoint would get this one's events
    const { data } = (await (await server.backend("/v1/webhooks/endpoints")).json()) as { data: Array<{ id: string }> };
    for (const endpoint of data) await server.backend(`/v1/webhooks/endpoints/${endpoint.id}`, { method: "DELETE" });
    receiver.answer(() => 200);
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  it("sends a signed webhook.test that verifies with standardwebhooks and with verifyWebhook", async () => {
    startWorker();
    const endpoint = await createEndpoint({ url: receiver.url, events: ["connection.created"] });
    const { eventId } = await sendTest(endpoint.id);
    const [request] = await receiver.waitFor(1);
    expect(request!.headers["webhook-id"]).toBe(eventId);
    expect(request!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(request!.headers["content-type"]).toBe("application/json");
    const verified = new Webhook(endpoint.secret).verify(request!.body, request!.headers) as WebhookEvent;
    expect(verified).toMatchObject({ id: eventId, type: "webhook.test", connectorId: "exact-online", ownerId: null, connectionId: null, model: null, action: null });
    expect(verified.data).toMatchObject({ endpointId: endpoint.id });
    expect(verifyWebhook(request!.body, request!.headers, endpoint.secret)).toEqual(verified);
    expect(verifyWebhook(Buffer.from(request!.body), new Headers(request!.headers), endpoint.secret).id).toBe(eventId);

    // a changed body, a wrong secret, or no signature is refused with a clear error
    expect(() => verifyWebhook(request!.body.replace("webhook.test", "webhook.tost"), request!.headers, endpoint.secret)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(request!.body, request!.headers, `whsec_${Buffer.alloc(32, 1).toString("base64")}`)).toThrow(/No matching signature/);
    expect(() => verifyWebhook(request!.body, { ...request!.headers, "webhook-signature": "" }, endpoint.secret)).toThrow(/webhook-signature header is missing/);

    const delivered = await deliveryStatus(endpoint.id, (await deliveries(`endpointId=${endpoint.id}`)).data[0]!.id, "delivered");
    expect(delivered.attemptLog).toHaveLength(1);
    expect(delivered.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 200, error: null, responseExcerpt: "ok" });
  });

  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    startWorker();
    const endpoint = await createEndpoint({ url: receiver.url });
    const rotated = (await (await server.backend(`/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, { method: "POST" })).json()) as { data: { secret: string } };
    await sendTest(endpoint.id);
    const [during] = await receiver.waitFor(1);
    expect(during!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verifyWebhook(during!.body, during!.headers, endpoint.secret).type).toBe("webhook.test");
    expect(verifyWebhook(during!.body, during!.headers, rotated.data.secret).type).toBe("webhook.test");

    server.clock.advance(24 * 3600_000 + 1_000);
    try {
      await sendTest(endpoint.id);
      const [, after] = await receiver.waitFor(2);
      const signatures = after!.headers["webhook-signature"]!.split(" ");
      expect(signatures).toHaveLength(1);
      // the receiver's clock is a day behind ours now, so compare the signature itself
      const signedAt = new Date(Number(after!.headers["webhook-timestamp"]) * 1000);
      expect(signatures[0]).toBe(new Webhook(rotated.data.secret).sign(after!.headers["webhook-id"]!, signedAt, after!.body));
    } finally {
      server.clock.advance(-(24 * 3600_000 + 1_000));
    }
  });

  it("retries a receiver that fails twice: the same webhook-id, after 5 s then 30 s (plus jitter), every attempt logged", async () => {
    startWorker();
    receiver.answer((index) => (index < 2 ? 503 : 200));
    const endpoint = await createEndpoint({ url: receiver.url });
    const { eventId, deliveryId } = await sendTest(endpoint.id);
    await receiver.waitFor(1);
    const first = await deliveryStatus(endpoint.id, deliveryId, "retrying");
    const wait1 = Date.parse(first.nextAttemptAt!) - server.clock.now();
    expect(wait1).toBeGreaterThan(4_000);
    expect(wait1).toBeLessThanOrEqual(6_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1); // nothing before its time

    server.clock.advance(6_000);
    worker!.wake();
    await receiver.waitFor(2);
    const second = await waitUntil(async () => {
      const row = (await deliveries(`endpointId=${endpoint.id}`)).data.find((d) => d.id === deliveryId);
      return row?.attempts === 2 ? row : undefined;
    }, "the second attempt");
    const wait2 = Date.parse(second.nextAttemptAt!) - server.clock.now();
    expect(wait2).toBeGreaterThan(28_000);
    expect(wait2).toBeLessThanOrEqual(36_000);

    server.clock.advance(36_000);
    worker!.wake();
    const delivered = await deliveryStatus(endpoint.id, deliveryId, "delivered");
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([eventId, eventId, eventId]);
    expect(receiver.received.map((r) => r.body)).toEqual([receiver.received[0]!.body, receiver.received[0]!.body, receiver.received[0]!.body]);
    expect(delivered.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(delivered.attemptLog[0]!.responseExcerpt).toBe("failing with 503");
    expect(delivered.attemptLog[0]!.error).toBe("HTTP 503");
  });

  it("keeps each record's events in order while one waits for its retry; other records and connections go on", async () => {
    startWorker({ retryDelaysMs: [300] });
    await createEndpoint({ url: receiver.url, events: ["genericContact.updated"] });
    const bodyOf = (r: { body: string }) => JSON.parse(r.body) as WebhookEvent<{ id: string; n: number }>;
    let failedOnce = false;
    receiver.answer((_index, request) => {
      const event = bodyOf(request);
      if (event.connectionId === "conn_a" && event.data.id === "rec_1" && event.data.n === 3 && !failedOnce) {
        failedOnce = true;
        return 500;
      }
      return 200;
    });
    // Ten updates of one record, in the order they happened.
    const updates = (connectionId: string, recordId: string) =>
      Array.from({ length: 10 }, (_, n) => ({ type: "genericContact.updated", connectionId, ownerId: "org_order", model: "genericContact", action: "updated" as const, data: { id: recordId, n } }));
    await server.ctx.db.transaction().execute((trx) => server.ctx.webhooks.emit(trx, [...updates("conn_a", "rec_1"), ...updates("conn_a", "rec_2"), ...updates("conn_b", "rec_1")]));
    await receiver.waitFor(31);
    const seen = receiver.received.map(bodyOf);
    const of = (connectionId: string, recordId: string) => seen.map((e, i) => ({ e, i })).filter(({ e }) => e.connectionId === connectionId && e.data.id === recordId);
    const firstSuccessOrder = (connectionId: string, recordId: string) => {
      const order: number[] = [];
      for (const { e } of of(connectionId, recordId)) if (!order.includes(e.data.n)) order.push(e.data.n);
      return order;
    };
    for (const [connectionId, recordId] of [["conn_a", "rec_1"], ["conn_a", "rec_2"], ["conn_b", "rec_1"]] as const) {
      expect(firstSuccessOrder(connectionId, recordId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    // rec_1's 4..9 on conn_a waited for 3's retry; the other record and the other connection did not wait.
    const a1 = of("conn_a", "rec_1");
    const retryIndex = a1.filter(({ e }) => e.data.n === 3)[1]!.i;
    expect(a1.filter(({ e }) => e.data.n > 3).every(({ i }) => i > retryIndex)).toBe(true);
    expect(Math.max(...of("conn_a", "rec_2").map(({ i }) => i))).toBeLessThan(retryIndex);
    expect(Math.max(...of("conn_b", "rec_1").map(({ i }) => i))).toBeLessThan(retryIndex);
  });

  it("sends an endpoint only its owner's events and the types it asked for; raw only when asked", async () => {
    startWorker();
    const mine = await createEndpoint({ url: `${receiver.url}?mine`, ownerId: "org_mine", events: ["genericCompany.created", "genericCompany.deleted"], includeRaw: true });
    await createEndpoint({ url: `${receiver.url}?all`, events: ["genericCompany.created"] });
    const event = (ownerId: string, type: string) => ({
      type,
      connectionId: `conn_${ownerId}`,
      ownerId,
      model: "genericCompany",
      action: type.split(".")[1] as "created",
      data: { id: "acc_1", name: "Bakkerij" },
      raw: { ID: "acc_1", Name: "Bakkerij" },
    });
    await server.ctx.webhooks.emit(server.ctx.db, [event("org_mine", "genericCompany.created"), event("org_other", "genericCompany.created"), event("org_mine", "genericCompany.updated")]);
    await receiver.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const mineBodies = receiver.received.map((r) => JSON.parse(r.body) as WebhookEvent).filter((e) => e.ownerId === "org_mine");
    expect(receiver.received).toHaveLength(3); // mine: 1 (created; updated not asked for); all: 2 (both owners' created)
    expect(mineBodies).toHaveLength(2);
    const withRaw = receiver.received.map((r) => JSON.parse(r.body) as WebhookEvent).filter((e) => e.raw !== undefined);
    expect(withRaw).toHaveLength(1);
    expect(withRaw[0]).toMatchObject({ ownerId: "org_mine", type: "genericCompany.created", raw: { ID: "acc_1" }, data: { id: "acc_1" } });
    expect((await deliveries(`endpointId=${mine.id}`)).data).toHaveLength(1);
  });

  it("delivers connection.created and connection.deleted after a real connect and disconnect", async () => {
    startWorker();
    const endpoint = await createEndpoint({ url: receiver.url, events: ["connection.created", "connection.deleted"], ownerId: "org_conn" });
    await server.connect("org_conn", ["genericContact::list"]);
    await server.connect("org_someone_else", ["genericContact::list"]);
    const [created] = await receiver.waitFor(1);
    const createdEvent = verifyWebhook<{ connectionId: string; status: string; divisionName: string }>(created!.body, created!.headers, endpoint.secret);
    expect(createdEvent).toMatchObject({ type: "connection.created", ownerId: "org_conn", connectorId: "exact-online" });
    expect(createdEvent.data).toMatchObject({ connectionId: createdEvent.connectionId, ownerId: "org_conn", status: "connected" });
    expect(created!.body).not.toMatch(/accessToken|refreshToken/);

    expect((await server.backend("/v1/connections/exact-online/org_conn", { method: "DELETE" })).status).toBe(204);
    const [, deleted] = await receiver.waitFor(2);
    const deletedEvent = verifyWebhook(deleted!.body, deleted!.headers, endpoint.secret);
    expect(deletedEvent).toMatchObject({ type: "connection.deleted", ownerId: "org_conn", connectionId: createdEvent.connectionId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(2);
  });

  it("writes no event when the producer's transaction rolls back", async () => {
    startWorker();
    await createEndpoint({ url: receiver.url, events: ["genericUser.created"] });
    await expect(
      server.ctx.db.transaction().execute(async (trx) => {
        await server.ctx.webhooks.emit(trx, [{ type: "genericUser.created", connectionId: "c", ownerId: "o", model: "genericUser", action: "created", data: { id: "u1" } }]);
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(0);
    expect(await server.ctx.db.selectFrom("webhook_events").select("id").where("type", "=", "genericUser.created").execute()).toHaveLength(0);
  });
});

describe("endpoint disabling", () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  const { createEndpoint, deliveries, sendTest, deliveryStatus } = helpers(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startWebhookReceiver();
    worker = deliveryWorkerFor(server.ctx, { retryDelaysMs: [20, 20] }).start();
  });
  afterAll(async () => {
    await worker.stop(100);
    await receiver.close();
    await server.close();
  });

  it("disables an endpoint with no success for 5 days at its next final failure; PATCH re-enables it", async () => {
    receiver.answer(() => 500);
    const endpoint = await createEndpoint({ url: receiver.url });
    const first = await sendTest(endpoint.id);
    const failed = await deliveryStatus(endpoint.id, first.deliveryId, "failed");
    expect(failed.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 500]);
    // one failed delivery on a young endpoint disables nothing
    expect(await (await server.backend(`/v1/webhooks/endpoints/${endpoint.id}`)).json()).toMatchObject({ data: { disabled: false } });

    server.clock.advance(6 * 86_400_000);
    const second = await sendTest(endpoint.id);
    await deliveryStatus(endpoint.id, second.deliveryId, "failed");
    const disabled = (await (await server.backend(`/v1/webhooks/endpoints/${endpoint.id}`)).json()) as { data: { disabled: boolean; disabledAt: string; disabledReason: string } };
    expect(disabled.data.disabled).toBe(true);
    expect(disabled.data.disabledAt).not.toBeNull();
    expect(disabled.data.disabledReason).toMatch(/No successful delivery for 6 days.*HTTP 500/);

    // a disabled endpoint gets no new events and no test
    await server.ctx.webhooks.emit(server.ctx.db, [{ type: "genericContact.created", connectionId: "c", ownerId: "o", model: "genericContact", action: "created", data: { id: "x" } }]);
    expect((await deliveries(`endpointId=${endpoint.id}`)).data).toHaveLength(2);
    expect((await server.backend(`/v1/webhooks/endpoints/${endpoint.id}/test`, { method: "POST" })).status).toBe(400);
    expect((await server.backend(`/v1/webhooks/deliveries/${second.deliveryId}/retry`, { method: "POST" })).status).toBe(400);

    const enabled = await server.backend(`/v1/webhooks/endpoints/${endpoint.id}`, { method: "PATCH", body: JSON.stringify({ disabled: false }) });
    expect(await enabled.json()).toMatchObject({ data: { disabled: false, disabledAt: null, disabledReason: null } });
    receiver.answer(() => 200);
    const third = await sendTest(endpoint.id);
    await deliveryStatus(endpoint.id, third.deliveryId, "delivered");

    // and a failed delivery can be sent again by hand
    const retried = await server.backend(`/v1/webhooks/deliveries/${second.deliveryId}/retry`, { method: "POST" });
    expect(retried.status).toBe(202);
    const redelivered = await deliveryStatus(endpoint.id, second.deliveryId, "delivered");
    expect(redelivered.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 500, 200]);
  });

  it("pages the delivery log newest first with an opaque cursor and filters by status", async () => {
    receiver.answer(() => 200);
    const endpoint = await createEndpoint({ url: receiver.url });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await sendTest(endpoint.id)).deliveryId);
    await waitUntil(async () => ((await deliveries(`endpointId=${endpoint.id}&status=delivered`)).data.length === 5 ? true : undefined), "five deliveries");
    const page1 = await deliveries(`endpointId=${endpoint.id}&limit=2`);
    expect(page1.data.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    const page2 = await deliveries(`endpointId=${endpoint.id}&limit=2&cursor=${page1.next}`);
    expect(page2.data.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    const page3 = await deliveries(`endpointId=${endpoint.id}&limit=2&cursor=${page2.next}`);
    expect(page3.data.map((d) => d.id)).toEqual([ids[0]]);
    expect(page3.next).toBeNull();
    expect((await deliveries(`endpointId=${endpoint.id}&status=failed`)).data).toHaveLength(0);
  });
});

describe("private addresses at delivery time (production mode)", async () => {
  const resolved = await lookup(hostname(), { all: true }).catch(() => []);
  const pointsInside = resolved.length > 0 && resolved.every((entry) => isPrivateAddress(entry.address));

  it.skipIf(!pointsInside)("refuses a hostname that resolves to a private address, after DNS", async () => {
    const server = await startTestServer({ env: { EXACT_CLIENT_ID: "client", EXACT_CLIENT_SECRET: "secret" } });
    const receiver = await startWebhookReceiver();
    const worker = deliveryWorkerFor(server.ctx, { retryDelaysMs: [] }).start();
    try {
      const port = new URL(receiver.url).port;
      const { createEndpoint, sendTest, deliveryStatus } = helpers(() => server);
      const endpoint = await createEndpoint({ url: `http://${hostname()}:${port}/hooks` }); // a name: accepted at creation
      const { deliveryId } = await sendTest(endpoint.id);
      const failed = await deliveryStatus(endpoint.id, deliveryId, "failed");
      // what the name resolved to stays inside: the log is read by the API's users
      expect(failed.attemptLog[0]!.error).toBe("refused: private address");
      expect(receiver.received).toHaveLength(0);
    } finally {
      await worker.stop(100);
      await receiver.close();
      await server.close();
    }
  });
});
