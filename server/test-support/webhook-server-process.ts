/**
 * A real server process with its delivery worker, for the crash and multi-instance webhook tests:
 * configured by the environment like `npm run server`, plus WEBHOOK_WORKER_OPTIONS (JSON: a short claim
 * lease, so a killed process's rows come back within seconds). Prints `{ ready, pid, url, workerId }` on
 * stdout once it listens; stops its worker and exits on SIGTERM.
 */
import { serve } from "@hono/node-server";
import { createApp } from "../app";
import { loadConfig } from "../config";
import { createContext } from "../context";
import { openDatabase } from "../storage/database";
import { deliveryWorkerFor, type DeliveryWorkerOptions } from "../webhooks/delivery-worker";

const config = loadConfig(process.env);
const db = await openDatabase(config.databaseUrl);
const ctx = createContext(config, db);
const app = createApp(ctx);
const options = JSON.parse(process.env.WEBHOOK_WORKER_OPTIONS ?? "{}") as DeliveryWorkerOptions;
const worker = deliveryWorkerFor(ctx, options).start();
const server = serve({ fetch: app.fetch, port: config.port, hostname: "127.0.0.1" }, () => {
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, url: `http://127.0.0.1:${config.port}`, workerId: worker.workerId })}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  void worker
    .stop(1_000)
    .then(() => db.destroy())
    .finally(() => process.exit(0));
});
