import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExactSandbox, type ExactSandbox } from "./sandbox";
import { openDatabase, type Db } from "./storage/database";
import { answerConsent } from "./test-support/consent";
import { TEST_ORIGIN, TEST_SECRET_KEY } from "./test-support/harness";
import { freePort } from "./test-support/postgres";

const OWNER = "org_shutdown";
const EVENTS = 40;
/** The delivery worker's claim lease in main.ts (its default): what another instance would wait without a release. */
const CLAIM_LEASE_MS = 60_000;
/** Exact's token endpoint, made slow, so that SIGTERM finds refreshes on the wire. */
const TOKEN_LATENCY_MS = 1_500;

interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcessWithoutNullStreams;
  exited: Promise<{ code: number | null; at: number }>;
  output: () => string;
  backend(path: string, init?: RequestInit & { ownerId?: string }): Promise<Response>;
}

/** `npm run server` as an operator runs it (tsx server/main.ts), on the shared SQLite file and the shared sandbox. */
async function startServerProcess(name: string, databaseUrl: string, sandboxUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      MORPH_PUBLIC_URL: url,
      MORPH_ALLOWED_ORIGINS: TEST_ORIGIN,
      DATABASE_URL: databaseUrl,
      EXACT_BASE_URL: sandboxUrl,
      MORPH_SECRET_KEY: TEST_SECRET_KEY,
      MORPH_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64"),
      MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      LOG_LEVEL: "warn",
    },
    stdio: "pipe",
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once("exit", (code) => resolve({ code, at: Date.now() })));
  const giveUpAt = Date.now() + 30_000;
  while (!output.includes("listening on")) {
    if (child.exitCode !== null || Date.now() > giveUpAt) throw new Error(`${name} did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    name,
    url,
    child,
    exited,
    output: () => output,
    backend(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${TEST_SECRET_KEY}`);
      if (init.ownerId) headers.set("x-owner-id", init.ownerId);
      if (init.body) headers.set("content-type", "application/json");
      return fetch(`${url}${path}`, { ...init, headers });
    },
  };
}

/** A customer's receiver that takes `delayMs(index)` to answer each webhook, recording every arrival. */
async function startSlowReceiver(delayMs: (index: number) => number): Promise<{ url: string; received: Array<{ id: string; at: number }>; close(): Promise<void> }> {
  const received: Array<{ id: string; at: number }> = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const index = received.push({ id: String(req.headers["webhook-id"]), at: Date.now() }) - 1;
      setTimeout(() => res.writeHead(200).end("ok"), delayMs(index));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("graceful shutdown: SIGTERM in the middle of deliveries and refreshes (two processes, one SQLite file)", () => {
  let dataDir: string;
  let sandbox: ExactSandbox;
  let sandboxServer: ServerType;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  let db: Db;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "morph-shutdown-"));
    // The shared Exact: access tokens live 31 s, so one second after each refresh Exact allows the next one and
    // every read refreshes; its token endpoint answers after TOKEN_LATENCY_MS.
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    sandbox = createExactSandbox({ publicUrl: sandboxUrl, accessTokenTtlSeconds: 31, minutelyLimit: 10_000 });
    sandboxServer = await new Promise((resolve) => {
      const server = serve(
        {
          fetch: async (request) => {
            if (new URL(request.url).pathname.endsWith("/oauth2/token")) await sleep(TOKEN_LATENCY_MS);
            return sandbox.app.fetch(request);
          },
          port: sandboxPort,
          hostname: "127.0.0.1",
        },
        () => resolve(server),
      );
    });
    // The first webhook is held 2 s: the 39 events after it queue up behind it (one connection: one order key),
    // so that A then claims them as one group (32 rows at most) and is still sending them when it is stopped.
    receiver = await startSlowReceiver((index) => (index === 0 ? 2_000 : 600));
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await db?.destroy();
    await receiver?.close();
    await new Promise((resolve) => sandboxServer?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the other instance takes over at once, nothing is lost, and the stopped one exits 0 within 15 s", async () => {
    const databaseUrl = `file:${join(dataDir, "morph.db")}`;
    const sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`;
    const a = await startServerProcess("A", databaseUrl, sandboxUrl);
    processes.push(a);

    // Connect through A as a user would: a session, the authorize redirect, Exact's consent page, the callback.
    const minted = await a.backend("/v1/sessions", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: OWNER, operations: ["genericContact::list"] }) });
    const { sessionToken } = (await minted.json()) as { sessionToken: string };
    const authorize = await fetch(`${a.url}/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: `nonce-${Date.now()}` })}`, { redirect: "manual" });
    expect(authorize.status).toBe(302);
    const callback = await answerConsent(authorize.headers.get("location")!);
    expect((await fetch(callback)).status).toBe(200);

    const created = await a.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url, events: ["connection.updated"] }) });
    expect(created.status).toBe(201);
    for (let n = 1; n <= EVENTS; n++) {
      expect((await a.backend(`/v1/connections/exact-online/${OWNER}`, { method: "PATCH", body: JSON.stringify({ metadata: { n: String(n) } }) })).status).toBe(200);
    }
    // Only A runs yet: the rows it claimed after the first one are its group; B starts while A sends them.
    db = await openDatabase(databaseUrl);
    while (receiver.received.length < 2) await sleep(20);
    const claimers = await db.selectFrom("webhook_deliveries").select("claimed_by").distinct().where("claimed_by", "is not", null).execute();
    expect(claimers).toHaveLength(1);
    const workerOfA = claimers[0]!.claimed_by!;
    const b = await startServerProcess("B", databaseUrl, sandboxUrl);
    processes.push(b);

    // Reads on both instances, every 100 ms: with 31 s tokens nearly every one needs a refresh (single-flight in a
    // process, a lease in the database across the two), each taking 1.5 s at Exact.
    const reads: Array<{ via: string; status: number | string; startedAt: number; ms: number }> = [];
    let stopReads = false;
    let sigtermAt = Infinity;
    let readsInFlightOnA = 0;
    const readLoop = (async () => {
      const pending: Array<Promise<void>> = [];
      for (let i = 0; !stopReads; i++) {
        const via = Date.now() < sigtermAt && i % 2 === 0 ? a : b;
        const startedAt = Date.now();
        if (via === a) readsInFlightOnA++;
        pending.push(
          via
            .backend("/v1/resources/genericContact?limit=1", { ownerId: OWNER })
            .then(async (response) => {
              await response.arrayBuffer();
              reads.push({ via: via.name, status: response.status, startedAt, ms: Date.now() - startedAt });
            })
            .catch((error: unknown) => void reads.push({ via: via.name, status: String(error), startedAt, ms: Date.now() - startedAt }))
            .finally(() => {
              if (via === a) readsInFlightOnA--;
            }),
        );
        await sleep(100);
      }
      await Promise.all(pending);
    })();

    // SIGTERM A while it sends the queued events, with refreshes in flight.
    const giveUpAt = Date.now() + 20_000;
    while (receiver.received.length < 5 && Date.now() < giveUpAt) await sleep(20);
    expect(receiver.received.length).toBeGreaterThanOrEqual(5);
    await sleep(TOKEN_LATENCY_MS - 500); // a refresh started by the reads is now on the wire
    // The scenario needs a read on A in flight at SIGTERM: wait for one rather than hope the timing gives one.
    const readGiveUpAt = Date.now() + 10_000;
    while (readsInFlightOnA === 0 && Date.now() < readGiveUpAt) await sleep(1);
    const heldByA = await db.selectFrom("webhook_deliveries").select("seq").where("claimed_by", "=", workerOfA).where("status", "=", "pending").execute();
    sigtermAt = Date.now();
    a.child.kill("SIGTERM");
    const exit = await a.exited;
    const shutdownMs = exit.at - sigtermAt;

    // Everything delivered: each event at least once (a request cut off by the shutdown is sent again, same webhook-id).
    const deadline = sigtermAt + 55_000;
    let rows: Array<{ status: string; claimed_by: string | null }> = [];
    while (Date.now() < deadline) {
      rows = await db.selectFrom("webhook_deliveries").select(["status", "claimed_by"]).execute();
      if (rows.length === EVENTS && rows.every((row) => row.status === "delivered")) break;
      await sleep(100);
    }
    const allDeliveredAt = Date.now();
    await sleep(1_200); // reads keep going a while on B after A is gone
    stopReads = true;
    await readLoop;

    const arrivals = receiver.received.map((r) => r.at);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    const maxGapAfterSigterm = Math.max(0, ...arrivals.slice(1).map((at, i) => (arrivals[i]! >= sigtermAt ? at - arrivals[i]! : 0)));
    const readsInFlightAtSigterm = reads.filter((r) => r.via === "A" && r.startedAt < sigtermAt && r.startedAt + r.ms > sigtermAt);
    const readsOnBAfterExit = reads.filter((r) => r.via === "B" && r.startedAt > exit.at);
    const stats = sandbox.control.stats();
    console.log(
      `[shutdown] A exited ${exit.code} after ${shutdownMs} ms; all ${EVENTS} events delivered ${allDeliveredAt - sigtermAt} ms after SIGTERM ` +
        `(${receiver.received.length} requests, largest gap after SIGTERM ${maxGapAfterSigterm} ms, claim lease ${CLAIM_LEASE_MS} ms); ` +
        `${reads.length} reads, ${readsInFlightAtSigterm.length} in flight on A at SIGTERM, slowest read on B after A exited ${Math.max(0, ...readsOnBAfterExit.map((r) => r.ms))} ms; ` +
        `${stats.refreshes} refreshes, ${stats.refreshFailures} refused; A held ${heldByA.length} undelivered rows at SIGTERM`,
    );

    expect(exit.code, a.output()).toBe(0);
    expect(shutdownMs).toBeLessThan(15_000);
    expect(rows.map((row) => row.status)).toEqual(Array(EVENTS).fill("delivered"));
    expect(rows.filter((row) => row.claimed_by !== null)).toEqual([]);
    // A was stopped with more of its group left than its 5 s delivery grace sends (about 8 at 600 ms): B sent the rest.
    expect(heldByA.length).toBeGreaterThan(10);
    const eventIds = new Set(receiver.received.map((r) => r.id));
    expect(eventIds.size).toBe(EVENTS);
    // Another instance waiting for a claim to expire would leave a gap of about CLAIM_LEASE_MS.
    expect(allDeliveredAt - sigtermAt).toBeLessThan(CLAIM_LEASE_MS * 0.75);
    expect(Math.max(...gaps)).toBeLessThan(5_000);

    // Refreshes: none refused by Exact ("Old refresh token used"), every read answered, the connection still connected;
    // B never waited out a refresh lease A left behind (20 s): its slowest read is one token round trip and some.
    expect(stats.refreshFailures).toBe(0);
    expect(stats.refreshes).toBeGreaterThan(2);
    expect(reads.filter((r) => r.status !== 200)).toEqual([]);
    expect(readsInFlightAtSigterm.length).toBeGreaterThan(0);
    expect(readsOnBAfterExit.length).toBeGreaterThan(0);
    expect(Math.max(...readsOnBAfterExit.map((r) => r.ms))).toBeLessThan(5_000);
    const connection = await db.selectFrom("connections").select(["status", "refresh_lock_until"]).where("owner_id", "=", OWNER).executeTakeFirstOrThrow();
    expect(connection.status).toBe("connected");
    const held = await db.selectFrom("exact_inbox").select("id").where("claim_token", "is not", null).execute();
    expect(held).toEqual([]);
  }, 120_000);
});
