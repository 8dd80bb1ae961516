import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookEvent } from "../client";
import { loadConfig } from "../config";
import { createContext, type ServerContext } from "../context";
import { openDatabase } from "../storage/database";
import { TEST_SECRET_KEY } from "../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { spawnServerProcess, type ServerProcess } from "../test-support/spawn-server";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import type { NewEvent } from "./events";

// Two server processes on one PostgreSQL database, both delivering: every event reaches a healthy
// receiver exactly once (FOR UPDATE SKIP LOCKED claims), and each record's events in order.
describe.skipIf(!postgresBinDir())("two instances delivering on PostgreSQL", () => {
  let pg: TempPostgres;
  let receiver: WebhookReceiver;
  let producer: ServerContext;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    pg = startTempPostgres(await freePort());
    receiver = await startWebhookReceiver();
    const config = loadConfig({
      DATABASE_URL: pg.url,
      MORPH_SECRET_KEY: TEST_SECRET_KEY,
      MORPH_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64"),
      MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    });
    producer = createContext(config, await openDatabase(config.databaseUrl));
    // small claims and a fast poll, so that both instances keep taking rows from the same backlog
    for (let i = 0; i < 2; i++) instances.push(await spawnServerProcess(pg.url, { batchSize: 10, pollIntervalMs: 20 }));
  }, 60_000);
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await producer?.db.destroy();
    await receiver?.close();
    pg?.stop();
  });

  it("delivers each of N events exactly once, each record's events in order", async () => {
    const N = 600;
    const created = await instances[0]!.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url, events: ["genericContact.updated"] }) });
    expect(created.status).toBe(201);
    // the receiver answers at its own pace, so claims of the two instances interleave
    receiver.answer(() => 200);
    const events: NewEvent[] = Array.from({ length: N }, (_, n) => ({
      type: "genericContact.updated",
      connectionId: `conn_${n % 12}`,
      ownerId: `org_${n % 12}`,
      model: "genericContact",
      action: "updated",
      // 12 connections × 5 records, ten updates each: each record's updates must arrive in order.
      data: { id: `c${n % 60}`, n },
    }));
    const started = Date.now();
    for (let i = 0; i < N; i += 50) await producer.db.transaction().execute((trx) => producer.webhooks.emit(trx, events.slice(i, i + 50)));
    await receiver.waitFor(N, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive now
    const received = receiver.received.map((r) => JSON.parse(r.body) as WebhookEvent<{ id: string; n: number }>);
    const ids = received.map((e) => e.id);
    console.log(`[two instances on PostgreSQL] ${received.length} requests for ${N} events in ${Date.now() - started} ms`);
    expect(new Set(ids).size).toBe(N);
    expect(received).toHaveLength(N);
    for (let record = 0; record < 60; record++) {
      const order = received.filter((e) => e.data.id === `c${record}`).map((e) => e.data.n);
      expect(order).toHaveLength(10);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    // and the log agrees: every delivery delivered, one attempt each
    const rows = await producer.db.selectFrom("webhook_deliveries").select(["status", "attempts"]).execute();
    expect(rows).toHaveLength(N);
    expect(rows.every((row) => row.status === "delivered" && Number(row.attempts) === 1)).toBe(true);
  }, 60_000);
});
