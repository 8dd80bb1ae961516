/**
 * Bench scenario: what an idle connection costs in Exact's budget (5,000 calls a day per division). The
 * sandbox demo's connection (contacts, companies, invoices), a webhook endpoint listening to everything,
 * nothing changing at Exact. The server's poller and subscription upkeep run on a simulated clock that is
 * moved on a minute at a time for two days (a tick of each after every minute, as `start()` would run
 * them); the sandbox counts the Exact calls. Printed per day:
 *
 * 1. Exact's subscriptions in place and healthy: the models they cover are read only at the reconciliation
 *    interval (target: ≤ 50 calls a day).
 * 2. For comparison, the same connection with its subscriptions refused (no webhook secret): every model at
 *    the poll interval (MORPH_POLL_INTERVAL_SECONDS, 15 minutes by default), as before issue 15.
 *
 * `npm run bench -- idle` runs it alone.
 */
import { pathToFileURL } from "node:url";
import type { Operation } from "../src/protocol";
import { startTestServer } from "../server/test-support/harness";
import { startWebhookReceiver } from "../server/test-support/webhook-receiver";

const OWNER = "org_bench_idle";
const OPERATIONS: Operation[] = ["genericContact::list", "genericCompany::list", "accountingInvoice::list"];
const DAYS = 2;
const MINUTE = 60_000;

interface IdleCost {
  callsPerDay: number;
  /** Exact paths read, with how often, over the whole run. */
  paths: Map<string, number>;
  subscriptions: string[];
  pollIntervalMinutes: number;
  reconcileMinutes: number;
}

/** `upkeep`: the minutely subscription upkeep runs too (with refused subscriptions it only logs each retry's refusal). */
async function idleCost(env: Record<string, string>, upkeep: boolean): Promise<IdleCost> {
  const receiver = await startWebhookReceiver();
  const server = await startTestServer({ listen: true, env });
  try {
    const endpoint = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url }) });
    if (endpoint.status !== 201) throw new Error(`bench: endpoint ${endpoint.status} ${await endpoint.text()}`);
    await server.connect(OWNER, OPERATIONS);
    const { exactEvents } = server.ctx;
    await exactEvents.subscriptions.sync();
    const subscriptions = await server.ctx.db.selectFrom("exact_webhook_subscriptions").select(["topic", "status"]).orderBy("topic").execute();
    await exactEvents.poller.tick(); // the first poll: the silent baseline, not part of the idle cost

    const paths = new Map<string, number>();
    const call = server.ctx.exact.call.bind(server.ctx.exact);
    server.ctx.exact.call = (connection, request, options) => {
      const path = request.url.replace(/^.*\/api\/v1\/(\{division\}|\d+)\//, "").replace(/\?.*$/, "");
      paths.set(path, (paths.get(path) ?? 0) + 1);
      return call(connection, request, options);
    };
    const before = server.sandbox.control.stats().restCalls;
    for (let minute = 0; minute < DAYS * 24 * 60; minute++) {
      server.clock.advance(MINUTE);
      // What ExactEvents.start() runs: the subscription upkeep every minute, the poller's tick.
      if (upkeep) await exactEvents.subscriptions.sync();
      await exactEvents.poller.tick();
    }
    return {
      callsPerDay: (server.sandbox.control.stats().restCalls - before) / DAYS,
      paths,
      subscriptions: subscriptions.map((row) => `${row.topic} ${row.status}`),
      pollIntervalMinutes: server.ctx.config.pollIntervalMs / MINUTE,
      reconcileMinutes: exactEvents.poller.reconcileIntervalMs / MINUTE,
    };
  } finally {
    await server.close();
    await receiver.close();
  }
}

const breakdown = (paths: Map<string, number>) =>
  [...paths]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, calls]) => `${path} ${calls / DAYS}`)
    .join(", ");

export async function benchIdleConnection(): Promise<void> {
  const healthy = await idleCost({}, true);
  console.log(`\nAn idle connection (contacts, companies, invoices; an endpoint listening to everything; nothing changing), ${DAYS} simulated days a minute at a time:`);
  console.log(`  subscriptions ${healthy.subscriptions.join(", ")}: reconciliation every ${healthy.reconcileMinutes} min`);
  console.log(`  ${healthy.callsPerDay} Exact calls a day per division (target ≤ 50: ${healthy.callsPerDay <= 50 ? "met" : "NOT met"}): ${breakdown(healthy.paths)}`);
  const refused = await idleCost({ EXACT_WEBHOOK_SECRET: "" }, false);
  console.log(`  for comparison, subscriptions refused (${refused.subscriptions.join(", ")}), every model at the ${refused.pollIntervalMinutes}-min poll interval:`);
  console.log(`  ${refused.callsPerDay} Exact calls a day per division: ${breakdown(refused.paths)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchIdleConnection();
