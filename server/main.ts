import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { createContext } from "./context";
import { createLogger, logger, setLogger } from "./observability/logger";
import { startTracing, stopTracing } from "./observability/tracing";
import { KeepAlive } from "./connectors/exact-online/keep-alive";
import { createExactSandbox } from "./sandbox";
import { runReencrypt } from "./keys/cli";
import { shutdown } from "./shutdown";
import { openDatabase } from "./storage/database";
import { deleteExpiredIdempotencyKeys } from "./storage/idempotency-repo";
import { deleteExpiredStates } from "./storage/oauth-states-repo";
import { deliveryWorkerFor } from "./webhooks/delivery-worker";

/** `npm run server`: configured by the environment only (DESIGN.md "Configuration"). */
async function main() {
  const config = loadConfig();
  setLogger(createLogger(config.logLevel));
  // Loads the OpenTelemetry SDK only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing of it.
  const tracing = await startTracing();
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
    // The same facts as one structured line for a log shipper (the banner above is for a person).
    logger.info({ publicUrl: config.publicUrl, sandbox: config.sandbox, database: config.databaseUrl.startsWith("file:") ? "sqlite" : "postgres", tracing }, "morph-connect listening");
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

  // SIGTERM (or Ctrl-C): server/shutdown.ts gives back every claim and lease so another instance takes over at
  // once, and exits within 15 s: 0 when everything finished, 1 when the deadline cut work short.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void shutdown({ http: server, deliveries, exactEvents: ctx.exactEvents, keepAlive, tokens: ctx.exact.tokens, db, timers: [sweep], beforeDatabaseCloses: stopTracing }).then((outcome) =>
      process.exit(outcome === "clean" ? 0 : 1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

const COMMANDS = ["keys:reencrypt"] as const;
// A first argument that is a word names a command; options (e2e/support/start-server.ts passes `--coop`,
// `--port <n>` to the script that imports this module) are not commands and leave the server to start.
const command = process.argv[2]?.startsWith("-") ? undefined : process.argv[2];

if (command === "keys:reencrypt") {
  // `morph-connect-server keys:reencrypt` (`npm run keys:reencrypt`): server/keys/cli.ts, then exit.
  runReencrypt().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : `keys:reencrypt failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
} else if (command !== undefined) {
  console.error(`Unknown command "${command}". Run without arguments to start the server, or one of: ${COMMANDS.join(", ")}.`);
  process.exit(2);
} else {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error("morph-connect failed to start:", error instanceof Error ? error.message : error);
    }
    process.exit(1);
  });
}
