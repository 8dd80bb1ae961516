import type { ServerType } from "@hono/node-server";
import type { KeepAlive } from "./connectors/exact-online/keep-alive";
import type { TokenManager } from "./connectors/exact-online/token-manager";
import type { ExactEvents } from "./connectors/exact-online/changes";
import { logger } from "./observability/logger";
import type { Db } from "./storage/database";
import type { DeliveryWorker } from "./webhooks/delivery-worker";

/** What a running server process owns and must give back on SIGTERM (main.ts). */
export interface RunningServer {
  http: ServerType;
  deliveries: DeliveryWorker;
  exactEvents: ExactEvents;
  keepAlive: KeepAlive;
  tokens: Pick<TokenManager, "settled">;
  db: Db;
  /** Interval timers to clear (sweeps). */
  timers: NodeJS.Timeout[];
  /** Anything else to finish before the database closes (trace export). */
  beforeDatabaseCloses?: () => Promise<void>;
}

export const SHUTDOWN_LIMITS = {
  /** Requests in flight may finish for this long; then their connections are closed. */
  requestsMs: 10_000,
  /** Webhook requests in flight may finish for this long; then they are cancelled and their rows given back. */
  deliveriesMs: 5_000,
  /** Everything: past this the process exits anyway (claims and leases it still holds expire as after a crash). */
  totalMs: 14_000,
} as const;

/**
 * Graceful shutdown, in the order that keeps every other instance's view consistent:
 *
 * 1. Stop accepting connections, and stop the background work from taking more: the delivery worker, the inbox
 *    processor, the poller and the keep-alive job claim nothing new from here on.
 * 2. Requests in flight finish (at most `requestsMs`).
 * 3. Token requests in flight finish, and only then are their refresh leases released (by the token manager, after
 *    storing the new pair): released earlier, another instance could refresh with the refresh token Exact is
 *    rotating right now ("Old refresh token used").
 * 4. The background work settles and gives back what it holds: unsent deliveries, the inbox rows of groups not
 *    started, poll leases; another instance takes them at its next look (a second or two), not after a lease expires.
 * 5. The database closes.
 *
 * Returns "clean", or "cut short" when `totalMs` ran out first (what is still held then expires as after a crash).
 */
export async function shutdown(running: RunningServer, limits: { requestsMs: number; deliveriesMs: number; totalMs: number } = SHUTDOWN_LIMITS): Promise<"clean" | "cut short"> {
  const startedAt = Date.now();
  for (const timer of running.timers) clearInterval(timer);
  logger.info("shutting down: no new requests or work accepted");

  const requestsDone = new Promise<void>((resolve) => running.http.close(() => resolve()));
  const backgroundDone = Promise.allSettled([running.deliveries.stop(limits.deliveriesMs), running.exactEvents.stop(), running.keepAlive.stop()]);

  let deadline: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<"cut short">((resolve) => (deadline = setTimeout(() => resolve("cut short"), limits.totalMs)));
  const orderly = (async () => {
    if ((await within(requestsDone, limits.requestsMs)) === "timed out") {
      logger.warn({ afterMs: limits.requestsMs }, "shutdown: requests still in flight, closing their connections");
      if ("closeAllConnections" in running.http) running.http.closeAllConnections();
    }
    await running.tokens.settled();
    await backgroundDone;
    await running.beforeDatabaseCloses?.().catch(() => undefined);
    await running.db.destroy();
    return "clean" as const;
  })().catch((error: unknown) => {
    logger.error({ error: error instanceof Error ? error.message : String(error) }, "shutdown failed");
    return "cut short" as const;
  });
  const outcome = await Promise.race([orderly, outOfTime]);
  clearTimeout(deadline);
  if (outcome === "clean") logger.info({ durationMs: Date.now() - startedAt }, "shut down cleanly");
  else logger.error({ afterMs: limits.totalMs }, "shutdown cut short: work still in flight; its claims and leases expire as after a crash");
  return outcome;
}

function within(work: Promise<void>, ms: number): Promise<"done" | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => "done" as const),
    new Promise<"timed out">((resolve) => (timer = setTimeout(() => resolve("timed out"), ms))),
  ]).finally(() => clearTimeout(timer));
}
