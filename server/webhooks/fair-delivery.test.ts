import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "./delivery-worker";
import type { NewEvent } from "./events";

// Issue 14, finding 4: one slow receiver must not hold every other endpoint back, and requests must not
// time out while they wait in the HTTP client's queue instead of being on the wire.

const contactUpdates = (count: number, prefix: string): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({
    type: "genericContact.updated",
    connectionId: "conn_fair",
    ownerId: "org_fair",
    model: "genericContact",
    action: "updated",
    data: { id: `${prefix}${n}` }, // one record each: no ordering holds them back, only the worker's slots
  }));

/** A receiver on 127.0.0.1 that answers 200 after `delayMs`, and counts how many requests it holds at once. */
async function startSlowReceiver(delayMs: number) {
  let inFlight = 0;
  const stats = { received: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      stats.received += 1;
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200).end("ok");
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    stats,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("fair delivery between endpoints", () => {
  let server: TestServer;
  let worker: DeliveryWorker | undefined;
  const closers: Array<() => Promise<void>> = [];

  const createEndpoint = async (url: string, events: string[]) => {
    const answer = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url, events }) });
    expect(answer.status).toBe(201);
    return ((await answer.json()) as { data: { id: string } }).data;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await worker?.stop(100);
    worker = undefined;
    for (const close of closers.splice(0)) await close();
    const { data } = (await (await server.backend("/v1/webhooks/endpoints")).json()) as { data: Array<{ id: string }> };
    for (const endpoint of data) await server.backend(`/v1/webhooks/endpoints/${endpoint.id}`, { method: "DELETE" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("a healthy endpoint gets its event within a couple of seconds while 200 wait for one that hangs", async () => {
    const hanging: WebhookReceiver = await startWebhookReceiver();
    const healthy: WebhookReceiver = await startWebhookReceiver();
    closers.push(hanging.close, healthy.close);
    hanging.answer(() => "hold");
    await createEndpoint(hanging.url, ["genericContact.updated"]);
    await createEndpoint(healthy.url, ["genericCompany.created"]);
    worker = deliveryWorkerFor(server.ctx).start(); // the production defaults: 15 s per request

    await server.ctx.webhooks.emit(server.ctx.db, contactUpdates(200, "c"));
    await hanging.waitFor(16); // the hanging endpoint's requests are on the wire, holding their slots
    const emittedAt = Date.now();
    await server.ctx.webhooks.emit(server.ctx.db, [{ type: "genericCompany.created", connectionId: "conn_fair", ownerId: "org_fair", model: "genericCompany", action: "created", data: { id: "acc_1" } }]);
    const [event] = await healthy.waitFor(1, 60_000);
    const delayMs = event!.receivedAt - emittedAt;
    console.log(`[fair delivery] the healthy endpoint's event arrived ${delayMs} ms after it was emitted, behind 200 for a hanging receiver (${hanging.received.length} of them on the wire)`);
    expect(delayMs).toBeLessThan(2_000);
    // the hanging endpoint holds its share of the slots, not all of them
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hanging.received).toHaveLength(16);
  }, 70_000);

  it("claims a healthy endpoint's event even when a hanging endpoint's backlog exceeds what the worker holds", async () => {
    const hanging: WebhookReceiver = await startWebhookReceiver();
    const healthy: WebhookReceiver = await startWebhookReceiver();
    closers.push(hanging.close, healthy.close);
    hanging.answer(() => "hold");
    await createEndpoint(hanging.url, ["genericContact.updated"]);
    await createEndpoint(healthy.url, ["genericCompany.created"]);
    // 40 rows at most in hand: were they all the hanging endpoint's, nothing else would be claimed for 15 s
    worker = deliveryWorkerFor(server.ctx, { maxClaimedRows: 40 }).start();

    await server.ctx.webhooks.emit(server.ctx.db, contactUpdates(200, "b"));
    await hanging.waitFor(16);
    await server.ctx.webhooks.emit(server.ctx.db, [{ type: "genericCompany.created", connectionId: "conn_fair", ownerId: "org_fair", model: "genericCompany", action: "created", data: { id: "acc_2" } }]);
    const emittedAt = Date.now();
    const [event] = await healthy.waitFor(1, 30_000);
    expect(event!.receivedAt - emittedAt).toBeLessThan(2_000);
  }, 40_000);

  it("records no false timeouts when many deliveries to one origin are in flight", async () => {
    // Four endpoints on one receiver (one origin): 64 requests at once, each answered in 2 s, with a 3 s
    // deadline (the margin absorbs a busy test machine). A request that waited in a connection pool for
    // another's answer would miss it.
    const slow = await startSlowReceiver(2_000);
    closers.push(slow.close);
    const endpoints = [];
    for (let i = 0; i < 4; i++) endpoints.push(await createEndpoint(`${slow.url}?endpoint=${i}`, ["genericContact.updated"]));
    worker = deliveryWorkerFor(server.ctx, { requestTimeoutMs: 3_000, retryDelaysMs: [60_000] }).start();

    await server.ctx.webhooks.emit(server.ctx.db, contactUpdates(16, "s"));
    const giveUpAt = Date.now() + 20_000;
    let rows: Array<{ status: string; last_error: string | null }> = [];
    while (Date.now() < giveUpAt) {
      rows = await server.ctx.db.selectFrom("webhook_deliveries").select(["status", "last_error"]).execute();
      if (rows.length === 64 && rows.every((row) => row.status !== "pending")) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const timeouts = rows.filter((row) => row.last_error?.startsWith("timeout")).length;
    console.log(`[fair delivery] ${rows.length} deliveries to a receiver answering in 2 s: ${timeouts} timeouts, at most ${slow.stats.maxInFlight} requests held by it at once`);
    expect(timeouts).toBe(0);
    expect(rows.filter((row) => row.status === "delivered")).toHaveLength(64);
    expect(slow.stats.maxInFlight).toBeGreaterThan(32); // more than the old pool of 32 connections: none waited
  }, 40_000);
});
