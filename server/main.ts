import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { createContext } from "./context";
import { KeepAlive } from "./connectors/exact-online/keep-alive";
import { createExactSandbox } from "./sandbox";
import { openDatabase } from "./storage/database";
import { deleteExpiredIdempotencyKeys } from "./storage/idempotency-repo";
import { deleteExpiredStates } from "./storage/oauth-states-repo";
import { deliveryWorkerFor } from "./webhooks/delivery-worker";

/** `npm run server`: configured by the environment only (DESIGN.md "Configuration"). */
async function main() {
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl);
  const ctx = createContext(config, db);
  // SANDBOX_COOP=1 makes the consent page sever its opener, as some identity providers do (see e2e/coop.spec.ts).
  const sandbox = config.sandbox
    ? createExactSandbox({ publicUrl: `${config.publicUrl}/sandbox`, crossOriginOpenerPolicy: process.env.SANDBOX_COOP === "1" })
    : undefined;
  const app = createApp(ctx, { sandbox });
  // Customer webhooks: every instance delivers; claims in the database keep them from sending a row twice.
  const deliveries = deliveryWorkerFor(ctx).start();

  const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST }, () => {
    const lines = [
      `morph-connect listening on ${config.publicUrl}`,
      config.sandbox
        ? `SANDBOX MODE: no EXACT_CLIENT_ID set, so the built-in Exact Online sandbox answers at ${config.publicUrl}/sandbox`
        : `Exact Online: client ${config.exact.clientId} at ${config.exact.baseUrl ?? "https://start.exactonline.<region>"}`,
      `Database: ${config.databaseUrl.startsWith("file:") ? config.databaseUrl : "PostgreSQL"}`,
      `Allowed origins: ${config.allowedOrigins.join(", ")}`,
    ];
    if (config.generated.keysFile) lines.push(`Development keys (secret key, signing and encryption keys): ${config.generated.keysFile}`);
    if (config.generated.secretKey) lines.push(`Development secret key: ${config.secretKey}`);
    lines.push(`Demo: ${config.publicUrl}/demo/connectors/exact-online`);
    console.log(lines.join("\n"));
  });

  // Spent OAuth states are kept an hour for late widget polls, idempotency keys 24 h; then swept.
  const sweep = setInterval(() => {
    void deleteExpiredStates(db, Date.now()).catch(() => undefined);
    void deleteExpiredIdempotencyKeys(db, Date.now()).catch(() => undefined);
  }, 10 * 60_000);
  sweep.unref();

  // Exact's events: webhook subscriptions, the inbox of notifications, the poller (MORPH_POLL_INTERVAL_SECONDS).
  ctx.exactEvents.start();
  // Idle connections refreshed before Exact's 30-day refresh token lapses (MORPH_KEEPALIVE_SECONDS); its first
  // tick runs now, so a server that was down catches up on what fell due meanwhile.
  const keepAlive = new KeepAlive({ db, clock: ctx.clock, tokens: ctx.exact.tokens, intervalMs: config.keepAliveMs }).start();

  const stop = () => {
    clearInterval(sweep);
    server.close();
    // Work in flight finishes (or its claims expire and another instance takes it); requests in flight get a
    // few seconds and unfinished deliveries go back to the table for the next instance; then the pool closes.
    void Promise.all([ctx.exactEvents.stop(), deliveries.stop(), keepAlive.stop()])
      .catch(() => undefined)
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("morph-connect failed to start:", error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
