/**
 * A second server process for the two-process refresh race test: its own database pool, its own
 * single-flight map and its own Exact client, configured like the test's server through the environment.
 * Reads one JSON command a line on stdin — `{ "ownerId", "clockOffsetMs" }` — makes a resource call and
 * writes `{ "status", "code" }` a line on stdout. Its clock is real time plus the offset the test sends.
 */
import { createInterface } from "node:readline";
import { createApp } from "../app";
import { loadConfig } from "../config";
import { createContext } from "../context";
import { openDatabase } from "../storage/database";

let clockOffsetMs = 0;
const config = loadConfig(process.env);
const db = await openDatabase(config.databaseUrl);
const ctx = createContext(config, db, {
  now: () => Date.now() + clockOffsetMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
const app = createApp(ctx);
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { ownerId: string; clockOffsetMs: number };
  clockOffsetMs = command.clockOffsetMs;
  const response = await app.request("/v1/resources/genericContact?limit=1", {
    headers: { authorization: `Bearer ${config.secretKey}`, "x-owner-id": command.ownerId },
  });
  const body = (await response.json()) as { error?: { code: string } };
  process.stdout.write(`${JSON.stringify({ status: response.status, code: body.error?.code ?? null })}\n`);
}
await db.destroy();
