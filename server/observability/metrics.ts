import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ConnectionStatus } from "../../src/protocol";
import type { Clock } from "../clock";
import type { Db } from "../storage/database";

/**
 * Prometheus metrics (prom-client). Every label is bounded: route patterns (never raw paths), Exact endpoint
 * names (never divisions or ids), status codes, outcomes; never an owner id or a connection id.
 *
 * Counters and histograms live in one registry for the process (each instrumented module imports them);
 * the gauges that read the database are made per app (`metricsRegistry(db)`), read at scrape time.
 */
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: "morph_" });

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const httpRequests = new Counter({
  name: "morph_http_requests_total",
  help: "HTTP requests answered, by method, route pattern and status code.",
  labelNames: ["method", "route", "status"] as const,
  registers: [processRegistry],
});
const httpDuration = new Histogram({
  name: "morph_http_request_duration_seconds",
  help: "Time from a request's arrival to its answer's headers, by method and route pattern.",
  labelNames: ["method", "route"] as const,
  buckets: SECONDS_FAST,
  registers: [processRegistry],
});
const exactCalls = new Counter({
  name: "morph_exact_calls_total",
  help: "Calls to Exact Online, by endpoint (e.g. crm/Accounts) and status (the HTTP status, or timeout, network, cancelled).",
  labelNames: ["endpoint", "status"] as const,
  registers: [processRegistry],
});
const exactDuration = new Histogram({
  name: "morph_exact_call_duration_seconds",
  help: "Duration of calls to Exact Online (request to complete answer), by endpoint.",
  labelNames: ["endpoint"] as const,
  buckets: SECONDS_FAST,
  registers: [processRegistry],
});
const rateLimitWait = new Histogram({
  name: "morph_exact_rate_limit_wait_seconds",
  help: "Time a call waited for its division's Exact rate-limit budget before it was sent (0 when the budget had room).",
  buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 90, 150],
  registers: [processRegistry],
});
const tokenRefreshes = new Counter({
  name: "morph_token_refreshes_total",
  help: "Exact token refreshes, by outcome: success, or Exact's refusal (needs_reauth, old_refresh_token, not_expired, timeout, provider).",
  labelNames: ["outcome"] as const,
  registers: [processRegistry],
});
const webhookDeliveries = new Counter({
  name: "morph_webhook_deliveries_total",
  help: "Webhook delivery attempts, by outcome: delivered, retrying, failed (all retries spent).",
  labelNames: ["outcome"] as const,
  registers: [processRegistry],
});

/**
 * One labelled child per label combination, kept: prom-client hashes the label object on every `inc`,
 * a measurable cost on the request path; a Map lookup on a joined key is not.
 */
function childrenOf<T>(make: (...values: string[]) => T): (...values: string[]) => T {
  const children = new Map<string, T>();
  return (...values) => {
    const key = values.join("\u0000");
    let child = children.get(key);
    if (!child) {
      child = make(...values);
      children.set(key, child);
    }
    return child;
  };
}

const httpRequestChild = childrenOf((method, route, status) => httpRequests.labels(method!, route!, status!));
const httpDurationChild = childrenOf((method, route) => httpDuration.labels(method!, route!));
const exactCallChild = childrenOf((endpoint, status) => exactCalls.labels(endpoint!, status!));
const exactDurationChild = childrenOf((endpoint) => exactDuration.labels(endpoint!));

export function countRequest(method: string, route: string, status: number, seconds: number): void {
  httpRequestChild(method, route, String(status)).inc();
  httpDurationChild(method, route).observe(seconds);
}

export function countExactCall(endpoint: string, status: string, seconds: number): void {
  exactCallChild(endpoint, status).inc();
  exactDurationChild(endpoint).observe(seconds);
}

export const countRateLimitWait = (seconds: number): void => rateLimitWait.observe(seconds);
export const countTokenRefresh = (outcome: string): void => tokenRefreshes.inc({ outcome });
export const countWebhookDelivery = (outcome: "delivered" | "retrying" | "failed"): void => webhookDeliveries.inc({ outcome });

const CONNECTION_STATUSES = ["pending", "connected", "needs_reauth"] as const satisfies readonly ConnectionStatus[];

/**
 * The process's metrics plus the gauges read from `db` when scraped: a few indexed queries (the open
 * deliveries' partial index, a group-by over connections), not a table scan of the delivery log.
 */
export function metricsRegistry(db: Db, clock: Clock): Registry {
  const databaseRegistry = new Registry();
  new Gauge({
    name: "morph_connections",
    help: "Stored connections, by status (pending, connected, needs_reauth, …).",
    labelNames: ["status"] as const,
    registers: [databaseRegistry],
    async collect() {
      const rows = await db.selectFrom("connections").select(["status", (eb) => eb.fn.countAll<number | string>().as("count")]).groupBy("status").execute();
      this.reset();
      // Every status present even at 0, so that an alert on `needs_reauth > 0` never sees a missing series.
      for (const status of CONNECTION_STATUSES) this.set({ status }, 0);
      for (const row of rows) this.set({ status: row.status }, Number(row.count));
    },
  });
  new Gauge({
    name: "morph_webhook_queue_depth",
    help: "Webhook deliveries not yet delivered or given up: pending (due or being sent) and retrying (waiting for their next attempt).",
    labelNames: ["status"] as const,
    registers: [databaseRegistry],
    async collect() {
      const rows = await db
        .selectFrom("webhook_deliveries")
        .select(["status", (eb) => eb.fn.countAll<number | string>().as("count")])
        .where("status", "in", ["pending", "retrying"])
        .groupBy("status")
        .execute();
      this.set({ status: "pending" }, 0);
      this.set({ status: "retrying" }, 0);
      for (const row of rows) this.set({ status: row.status }, Number(row.count));
    },
  });
  new Gauge({
    name: "morph_webhook_oldest_pending_seconds",
    help: "Age of the oldest pending webhook delivery (0 when none): grows when deliveries back up.",
    registers: [databaseRegistry],
    async collect() {
      // The `in` term repeats the open deliveries' partial index's condition, so that SQLite uses that index.
      const oldest = await db.selectFrom("webhook_deliveries").select("created_at").where("status", "in", ["pending", "retrying"]).where("status", "=", "pending").orderBy("seq").limit(1).executeTakeFirst();
      this.set(oldest ? Math.max(0, (clock.now() - Number(oldest.created_at)) / 1000) : 0);
    },
  });
  return Registry.merge([processRegistry, databaseRegistry]);
}
