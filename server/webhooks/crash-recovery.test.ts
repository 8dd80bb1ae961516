import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookDelivery } from "../client";
import { spawnServerProcess, type ServerProcess } from "../test-support/spawn-server";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";

// A server killed with SIGKILL while its delivery is on the wire: the row is claimed, never marked
// delivered. After a restart on the same SQLite file the claim expires and the event is delivered,
// with the same webhook-id, so the receiver can tell it is the one it may have half-received.
describe("a server process killed mid-delivery (SQLite)", () => {
  let dataDir: string;
  let receiver: WebhookReceiver;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "morph-crash-"));
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) await p.kill();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers after a restart what the killed process was sending", async () => {
    const databaseUrl = `file:${join(dataDir, "morph.db")}`;
    const workerOptions = { claimLeaseMs: 2_500, requestTimeoutMs: 2_000, pollIntervalMs: 200 };
    const first = await spawnServerProcess(databaseUrl, workerOptions);
    processes.push(first);
    receiver.answer(() => "hold"); // the receiver takes the request and never answers

    const created = await first.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url }) });
    expect(created.status).toBe(201);
    const endpoint = ((await created.json()) as { data: { id: string } }).data;
    const test = (await (await first.backend(`/v1/webhooks/endpoints/${endpoint.id}/test`, { method: "POST" })).json()) as { data: { eventId: string; deliveryId: string } };
    const [held] = await receiver.waitFor(1);
    expect(held!.headers["webhook-id"]).toBe(test.data.eventId);

    await first.kill();
    const killedAt = Date.now();
    receiver.answer(() => 200);

    const second = await spawnServerProcess(databaseUrl, workerOptions);
    processes.push(second);
    const [, redelivered] = await receiver.waitFor(2, 15_000);
    console.log(`[crash recovery] delivered again ${Date.now() - killedAt} ms after the kill (claim lease ${workerOptions.claimLeaseMs} ms)`);
    expect(redelivered!.headers["webhook-id"]).toBe(test.data.eventId);
    expect(redelivered!.body).toBe(held!.body);

    const deadline = Date.now() + 5_000;
    let delivery: WebhookDelivery | undefined;
    while (Date.now() < deadline) {
      delivery = ((await (await second.backend(`/v1/webhooks/deliveries/${test.data.deliveryId}`)).json()) as { data: WebhookDelivery }).data;
      if (delivery.status === "delivered") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(delivery?.status).toBe("delivered");
    // the killed attempt left no record (it never finished); the one that did is logged
    expect(delivery?.attemptLog.map((a) => a.statusCode)).toEqual([200]);
    await second.stop();
    expect(second.child.exitCode).toBe(0);
  }, 40_000);
});
