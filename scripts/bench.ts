/**
 * `npm run bench`: what the server adds on top of Exact, measured side by side in one run.
 *
 * 1. Latency: the sandbox and the server run as separate processes on 127.0.0.1 (as in production,
 *    where Exact is another host). The same list of contacts is read directly from the sandbox (with
 *    the exact query the server sends) and through `GET /v1/resources/genericContact`, alternating
 *    call by call so that machine noise hits both alike. Prints median and p99 of each, their ratio
 *    and the difference at the median (target: ≤ 0.5 ms). The server runs as its users run it: bundled as
 *    server/build.ts bundles dist/main.js, with plain node (`BENCH_SERVER=tsx` runs server/main.ts through tsx).
 * 2. Refresh under concurrency: 100 simultaneous reads on a connection whose access token is in its
 *    last 30 s; prints how many refreshes Exact saw (target: exactly 1).
 * 3. Reading a lot (bench-bulk.ts): 10,000 contacts, Exact calls and time, bulk vs regular endpoint; 10,000 products (bulk).
 * 4. Webhook fan-out (bench-webhooks.ts): 1,000 events from Exact's callback to a receiver's 2xx, on
 *    SQLite and PostgreSQL: events per second, latency, and the Exact calls the batched fetches cost.
 * 5. A 429 storm (bench-429-storm.ts): 200 parallel reads while Exact answers 429; the slowest answer
 *    from arrival, in Exact-time and real time (target: every answer within 150 s).
 *
 * 6. An idle connection (bench-idle.ts): contacts, companies, invoices with Exact's subscriptions healthy and
 *    nothing changing, two simulated days: Exact calls a day (target: ≤ 50), and the same without subscriptions.
 *
 * `npm run bench -- latency storm` runs only the scenarios named (latency, refresh, bulk, webhooks, storm, idle).
 * `BENCH_CPU_PROF=<dir>` profiles the server process of the latency scenario (`node --cpu-prof`) into <dir>.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { answerConsent } from "../server/test-support/consent";
import { startTestServer } from "../server/test-support/harness";
import { bench429Storm } from "./bench-429-storm";
import { benchBulkRead } from "./bench-bulk";
import { benchIdleConnection } from "./bench-idle";
import { buildServer, connectOwner, percentile, startProcess } from "./bench-support";
import { benchWebhookFanOut } from "./bench-webhooks";

const SANDBOX_PORT = 18788;
const SERVER_PORT = 18787;
const SECRET = "sk_bench_0123456789abcdefghijklmn";
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 300;

const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;

const children: ChildProcess[] = [];
const start = async (script: string, env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []) => {
  children.push(await startProcess(script, env, ready, nodeArgs));
};

async function time(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await call();
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`unexpected ${response.status}`);
  return performance.now() - started;
}

async function latency(): Promise<void> {
  const sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
  const serverUrl = `http://127.0.0.1:${SERVER_PORT}`;
  const dataDir = mkdtempSync(join(tmpdir(), "morph-bench-"));
  try {
    await start("server/sandbox/main.ts", { SANDBOX_PORT: String(SANDBOX_PORT), SANDBOX_MINUTELY_LIMIT: "100000000" }, /listening/);
    const serverBuild = process.env.BENCH_SERVER === "tsx" ? "from source (tsx)" : "built (node, bundled as dist/main.js)";
    await start(
      process.env.BENCH_SERVER === "tsx" ? "server/main.ts" : await buildServer(),
      {
        PORT: String(SERVER_PORT),
        HOST: "127.0.0.1",
        MORPH_PUBLIC_URL: serverUrl,
        EXACT_CLIENT_ID: "sandbox-client-id",
        EXACT_CLIENT_SECRET: "sandbox-client-secret",
        EXACT_BASE_URL: sandboxUrl,
        MORPH_SECRET_KEY: SECRET,
        MORPH_SIGNING_KEY: Buffer.alloc(32, 3).toString("base64"),
        MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 4).toString("base64"),
        DATABASE_URL: `file:${join(dataDir, "bench.db")}`,
      },
      /listening/,
      CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : [],
    );
    await connectOwner(serverUrl, SECRET, "org_bench", ["genericContact::list", "proxy::read"]);
    // The sandbox's access token, to call it directly like the server does.
    const tokenResponse = await fetch(`${serverUrl}/v1/proxy/api/v1/current/Me`, { headers: { authorization: `Bearer ${SECRET}`, "x-owner-id": "org_bench" } });
    if (tokenResponse.status !== 200) throw new Error(`proxy check failed: ${tokenResponse.status} ${await tokenResponse.text()}`);
    const { MODEL_MAPPINGS } = await import("../server/connectors/exact-online/models");
    const select = MODEL_MAPPINGS.genericContact.select.join(",");
    // The server lists contacts through Exact's bulk endpoint (1000 a page): the same query, sent directly.
    const direct = new URL(`${sandboxUrl}/api/v1/1234567/${MODEL_MAPPINGS.genericContact.reference!.bulk}`);
    direct.searchParams.set("$select", select);
    direct.searchParams.set("$top", "21");
    const accessToken = await directToken(sandboxUrl);

    const viaServer = () => fetch(`${serverUrl}/v1/resources/genericContact?limit=20`, { headers: { authorization: `Bearer ${SECRET}`, "x-owner-id": "org_bench" } });
    const viaSandbox = () => fetch(direct, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
    for (let i = 0; i < WARMUP; i++) {
      await time(viaServer);
      await time(viaSandbox);
    }
    const cpuBefore = children.map(cpuMs);
    const server: number[] = [];
    const sandbox: number[] = [];
    // Alternating call by call, so that whatever the machine does meanwhile hits both series alike.
    for (let i = 0; i < CALLS; i++) {
      server.push(await time(viaServer));
      sandbox.push(await time(viaSandbox));
    }
    // The sandbox answers two requests a round (the direct one and the server's), the server one.
    const [sandboxCpu, serverCpu] = children.map((child, i) => (cpuMs(child) - cpuBefore[i]!) / CALLS / (i === 0 ? 2 : 1));
    server.sort((a, b) => a - b);
    sandbox.sort((a, b) => a - b);
    const row = (name: string, values: number[]) => `${name.padEnd(44)} ${percentile(values, 50).toFixed(3).padStart(8)} ms ${percentile(values, 99).toFixed(3).padStart(9)} ms`;
    console.log(`\nGET genericContact (20 records), ${server.length} sequential calls each, alternating, keep-alive, 127.0.0.1, server ${serverBuild}`);
    console.log(`${"".padEnd(44)} ${"median".padStart(11)} ${"p99".padStart(12)}`);
    console.log(row(`sandbox directly (${direct.pathname.split("/").slice(-3).join("/")})`, sandbox));
    console.log(row("through morph-connect (/v1/resources/…)", server));
    const added = percentile(server, 50) - percentile(sandbox, 50);
    // CPU time barely depends on what else the machine runs, unlike the medians (2 shared cores drift them by ±0.5 ms).
    if (serverCpu! > 0) console.log(`CPU per request: sandbox ${sandboxCpu!.toFixed(3)} ms, server ${serverCpu!.toFixed(3)} ms (its call to the sandbox included)`);
    console.log(`ratio at the median: ${(percentile(server, 50) / percentile(sandbox, 50)).toFixed(2)}×; the server adds ${added.toFixed(3)} ms at the median (target ≤ 0.5 ms: ${added <= 0.5 ? "met" : "NOT met"})`);
  } finally {
    // SIGTERM: the server stops cleanly, so that --cpu-prof writes its profile.
    await Promise.all(children.map((child) => child.exitCode === null && new Promise((resolve) => child.once("exit", resolve).kill())));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** User plus system CPU time of a child process so far, from /proc (Linux; 0 elsewhere). */
function cpuMs(child: ChildProcess): number {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms, after the parenthesised command name.
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** A second consent straight against the sandbox gives the bench its own token for the direct calls. */
async function directToken(sandboxUrl: string): Promise<string> {
  const redirectUri = "http://127.0.0.1/bench-callback";
  const query = new URLSearchParams({ client_id: "sandbox-client-id", redirect_uri: redirectUri, response_type: "code", state: "bench" });
  // Its own Exact user: consenting as the server's owner would end that owner's token chain, as at Exact.
  const code = (await answerConsent(`${sandboxUrl}/api/oauth2/auth?${query}`, "approve", 1234567, fetch, "bench-direct")).searchParams.get("code")!;
  const token = await fetch(`${sandboxUrl}/api/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: "sandbox-client-id", client_secret: "sandbox-client-secret" }),
  });
  return ((await token.json()) as { access_token: string }).access_token;
}

async function refreshUnderConcurrency(): Promise<void> {
  const server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
  try {
    await server.connect("org_burst", ["genericContact::list"]);
    server.clock.advance(575_000); // 25 s of the access token's 600 left: inside Exact's refresh window
    const statuses = await Promise.all(
      Array.from({ length: 100 }, async () => (await server.backend("/v1/resources/genericContact?limit=2", { ownerId: "org_burst" })).status),
    );
    const ok = statuses.filter((s) => s === 200).length;
    const { refreshes, refreshFailures } = server.sandbox.control.stats();
    console.log(`\n100 simultaneous reads, access token in its last 30 s: ${ok}/100 succeeded, ${refreshes} token refresh(es) at Exact, ${refreshFailures} refused (target: exactly 1, 0 refused)`);
  } finally {
    await server.close();
  }
}

const scenarios = { latency, refresh: refreshUnderConcurrency, bulk: benchBulkRead, webhooks: benchWebhookFanOut, storm: bench429Storm, idle: benchIdleConnection };
const named = process.argv.slice(2);
const unknown = named.filter((name) => !Object.hasOwn(scenarios, name));
if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${Object.keys(scenarios).join(", ")}`);
for (const [name, run] of Object.entries(scenarios)) {
  if (named.length === 0 || named.includes(name)) await run();
}
