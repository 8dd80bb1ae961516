/**
 * Bench scenario: webhook fan-out, from Exact's callback to the customer's receiver, on SQLite and on
 * PostgreSQL. Three processes, as in production: the sandbox (Exact's REST API, which the server reads the
 * records from), the server (its receiver, inbox processor and delivery worker), and this one, which plays
 * Exact's webhook sender and the customer's receiver. The 1,000 contacts exist in the sandbox beforehand;
 * this process posts one HashCode-signed notification per contact (`Action: "Create"`, signed with the
 * sandbox's webhook secret, byte for byte as Exact sends them) to `POST /v1/exact/webhooks`, and the
 * server stores it in its inbox, reads the records from Exact in batches, maps them, writes the events to
 * its outbox and delivers them, signed, to the receiver.
 *
 * The sandbox's rate limit is LIFTED (it says so): at Exact's 60 calls a minute the reads, not the
 * pipeline, would set the pace. The Exact calls are counted all the same.
 *
 * 1. Burst: 1,000 callbacks as fast as the server takes them; events per second = 1,000 / (last 2xx −
 *    first callback).
 * 2. Paced: 1,000 callbacks at 500 a second; the latency of each event from its callback to the
 *    receiver's 2xx: median and p99.
 *
 * `npm run bench` runs it after the other scenarios; `npx tsx scripts/bench-webhooks.ts` runs it alone.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { freePort, startTempPostgres, type TempPostgres } from "../server/test-support/postgres";
import { startWebhookReceiver, type WebhookReceiver } from "../server/test-support/webhook-receiver";
import { webhookHashCode } from "../server/sandbox/webhooks";
import { connectOwner, percentile, startProcess } from "./bench-support";

const EVENTS = 1_000;
const PACED_RATE = 500;
const DIVISION = 1234567;
const OWNER = "org_bench_webhooks";
const SECRET = "sk_bench_0123456789abcdefghijklmn";
const WEBHOOK_SECRET = "sandbox-webhook-secret";

interface Run {
  eventsPerSecond: number;
  medianMs: number;
  p99Ms: number;
  exactCalls: number;
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

class Sandbox {
  constructor(readonly url: string) {}

  /** A change as a user makes it in Exact (the sandbox's control route, outside the rate limit). */
  async change(action: "create", endpoint: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}/_control/changes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ division: DIVISION, endpoint, action, fields }),
    });
    if (response.status !== 200) throw new Error(`bench: sandbox change ${response.status} ${await response.text()}`);
    return ((await response.json()) as { record: Record<string, unknown> }).record;
  }

  async restCalls(): Promise<number> {
    const response = await fetch(`${this.url}/_control/stats`);
    return ((await response.json()) as { restCalls: number }).restCalls;
  }
}

/** Exact's notification of a created contact, signed over the exact Content text it carries. */
function notification(sandboxUrl: string, contactId: string): string {
  const content = JSON.stringify({
    Topic: "Contacts",
    ClientId: "sandbox-client-id",
    Division: DIVISION,
    Action: "Create",
    Key: contactId,
    ExactOnlineEndpoint: `${sandboxUrl}/api/v1/${DIVISION}/crm/Contacts(guid'${contactId}')`,
    EventCreatedOn: new Date().toISOString().slice(0, -1),
  });
  return `{"Content":${content},"HashCode":"${webhookHashCode(content, WEBHOOK_SECRET)}"}`;
}

/** Posts one callback per contact, `perSecond` a second (Infinity: as fast as they go); when each was sent, by id. */
async function sendCallbacks(serverUrl: string, sandboxUrl: string, contactIds: string[], perSecond: number): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (const [i, id] of contactIds.entries()) {
    if (Number.isFinite(perSecond)) {
      const wait = started + (i * 1000) / perSecond - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const body = notification(sandboxUrl, id);
    sentAt.set(id, Date.now());
    pending.push(
      fetch(`${serverUrl}/v1/exact/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`bench: the receiver answered ${response.status}`);
      }),
    );
  }
  await Promise.all(pending);
  return sentAt;
}

async function measure(serverUrl: string, sandbox: Sandbox, receiver: WebhookReceiver, contactIds: string[], perSecond: number): Promise<Run> {
  const from = receiver.received.length;
  const callsBefore = await sandbox.restCalls();
  const sentAt = await sendCallbacks(serverUrl, sandbox.url, contactIds, perSecond);
  await waitFor(() => receiver.received.length >= from + contactIds.length, `${contactIds.length} events at the receiver`);
  const arrivals = receiver.received.slice(from, from + contactIds.length);
  const latencies = arrivals
    .map((request) => {
      const id = (JSON.parse(request.body) as { data: { id: string } }).data.id;
      const at = sentAt.get(id);
      if (at === undefined) throw new Error(`bench: an event for a contact this run did not notify: ${id}`);
      return request.receivedAt - at;
    })
    .sort((a, b) => a - b);
  const first = Math.min(...sentAt.values());
  const last = Math.max(...arrivals.map((request) => request.receivedAt));
  return {
    eventsPerSecond: contactIds.length / ((last - first) / 1000),
    medianMs: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    exactCalls: (await sandbox.restCalls()) - callsBefore,
  };
}

async function runOn(databaseUrl: string): Promise<{ burst: Run; paced: Run }> {
  const children: ChildProcess[] = [];
  const receiver = await startWebhookReceiver();
  try {
    const sandboxPort = await freePort();
    const serverPort = await freePort();
    const sandbox = new Sandbox(`http://127.0.0.1:${sandboxPort}`);
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    children.push(await startProcess("server/sandbox/main.ts", { SANDBOX_PORT: String(sandboxPort), SANDBOX_MINUTELY_LIMIT: "100000000" }, /listening/));
    children.push(
      await startProcess(
        "server/main.ts",
        {
          PORT: String(serverPort),
          HOST: "127.0.0.1",
          MORPH_PUBLIC_URL: serverUrl,
          EXACT_CLIENT_ID: "sandbox-client-id",
          EXACT_CLIENT_SECRET: "sandbox-client-secret",
          EXACT_WEBHOOK_SECRET: "sandbox-webhook-secret",
          EXACT_BASE_URL: sandbox.url,
          MORPH_SECRET_KEY: SECRET,
          MORPH_SIGNING_KEY: Buffer.alloc(32, 3).toString("base64"),
          MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 4).toString("base64"),
          MORPH_WEBHOOK_ALLOW_PRIVATE_URLS: "1",
          DATABASE_URL: databaseUrl,
        },
        /listening/,
      ),
    );
    await connectOwner(serverUrl, SECRET, OWNER, ["genericContact::list", "genericContact::retrieve"]);
    // The contacts exist before any endpoint does: no subscription yet, so Exact notifies nobody of them.
    const account = String((await sandbox.change("create", "crm/Accounts", { Name: "Bench B.V." })).ID);
    const contacts: string[] = [];
    for (let i = 0; i < 2 * EVENTS; i++) contacts.push(String((await sandbox.change("create", "crm/Contacts", { Account: account, FirstName: "Bench", LastName: `Contact ${i}` })).ID));

    const endpoint = await fetch(`${serverUrl}/v1/webhooks/endpoints`, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, events: ["genericContact.created"] }),
    });
    if (endpoint.status !== 201) throw new Error(`bench: endpoint ${endpoint.status} ${await endpoint.text()}`);
    // The endpoint makes the server subscribe to Exact's Contacts topic in the background. Real changes in
    // Exact, end to end, until one arrives: then the subscription exists and everything is warm.
    await waitFor(async () => {
      await sandbox.change("create", "crm/Contacts", { Account: account, FirstName: "Warm", LastName: "Up" });
      await new Promise((resolve) => setTimeout(resolve, 200));
      return receiver.received.length > 0;
    }, "the first event (the Contacts subscription)");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    receiver.received.length = 0; // the warm-up events: each run counts only its own
    return {
      burst: await measure(serverUrl, sandbox, receiver, contacts.slice(0, EVENTS), Infinity),
      paced: await measure(serverUrl, sandbox, receiver, contacts.slice(EVENTS, 2 * EVENTS), PACED_RATE),
    };
  } finally {
    for (const child of children) child.kill();
    await receiver.close();
  }
}

function report(database: string, { burst, paced }: { burst: Run; paced: Run }) {
  console.log(`  ${database}:`);
  console.log(`    burst of ${EVENTS}: ${burst.eventsPerSecond.toFixed(0)} events/s (latency median ${burst.medianMs} ms, p99 ${burst.p99Ms} ms), ${burst.exactCalls} Exact calls`);
  console.log(`    ${PACED_RATE}/s offered: ${paced.eventsPerSecond.toFixed(0)} events/s, latency median ${paced.medianMs} ms, p99 ${paced.p99Ms} ms, ${paced.exactCalls} Exact calls`);
}

export async function benchWebhookFanOut(): Promise<void> {
  console.log(`\nWebhook fan-out, Exact's callback → receiver's 2xx, ${EVENTS} genericContact.created events; sandbox rate limit LIFTED:`);
  const dataDir = mkdtempSync(join(tmpdir(), "morph-bench-webhooks-"));
  try {
    report("SQLite", await runOn(`file:${join(dataDir, "bench.db")}`));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  let postgres: TempPostgres | undefined;
  try {
    postgres = startTempPostgres(await freePort());
  } catch (error) {
    console.log(`  PostgreSQL: skipped (${error instanceof Error ? error.message : String(error)})`);
  }
  if (postgres) {
    try {
      report("PostgreSQL", await runOn(postgres.url));
    } finally {
      postgres.stop();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchWebhookFanOut();
