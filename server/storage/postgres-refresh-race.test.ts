import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxFaults } from "../sandbox/faults";
import { PUBLIC_URL, startTestServer, TEST_ORIGIN, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { findConnection } from "./connections-repo";

/** The second process: a real Node process on the same PostgreSQL database and the same sandbox. */
function startWorker(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../test-support/refresh-race-worker.ts", import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: "pipe",
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`worker ended: ${stderr}`);
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  return {
    ready: next,
    async list(ownerId: string, clockOffsetMs: number) {
      child.stdin.write(`${JSON.stringify({ ownerId, clockOffsetMs })}\n`);
      return (await next()) as { status: number; code: string | null };
    },
    stop: () => child.kill("SIGTERM"),
  };
}

// Issue 8, defect 1: two server processes on one PostgreSQL database, a slow token endpoint, and the
// connection must end up active.
describe.skipIf(!postgresBinDir())("the refresh race across two processes on PostgreSQL", () => {
  let pg: TempPostgres;
  let server: TestServer;
  let worker: ReturnType<typeof startWorker>;

  beforeAll(async () => {
    pg = startTempPostgres(await freePort());
    server = await startTestServer({ env: { DATABASE_URL: pg.url }, sandbox: { minutelyLimit: 1000 } });
    worker = startWorker({
      DATABASE_URL: pg.url,
      EXACT_BASE_URL: server.sandboxUrl,
      MORPH_PUBLIC_URL: PUBLIC_URL,
      MORPH_ALLOWED_ORIGINS: TEST_ORIGIN,
      MORPH_SECRET_KEY: TEST_SECRET_KEY,
      MORPH_SIGNING_KEY: Buffer.from(server.ctx.config.signingKey).toString("base64"),
      MORPH_ENCRYPTION_KEY: Buffer.from(server.ctx.config.encryptionKey).toString("base64"),
    });
    expect(await worker.ready()).toMatchObject({ ready: true });
  }, 60_000);
  afterAll(async () => {
    worker?.stop();
    await server?.close();
    pg?.stop();
  });

  const list = (ownerId: string) => server.backend("/v1/resources/genericContact?limit=1", { ownerId });
  // The test's clock is real time plus the offset it was moved by; the worker's is set to the same.
  const offset = () => server.clock.now() - Date.now();

  it("a token request that outlives the lease: the second process refreshes, the first gets 'Old refresh token used' and uses the stored pair", async () => {
    await server.connect("org_pg_race", ["genericContact::list"]);
    sandboxFaults(server.sandbox).inject({ target: "token", fault: { kind: "slow", delayMs: 3_000 }, times: 1 });
    server.clock.advance(580_000);
    const first = list("org_pg_race");
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.clock.advance(21_000); // the first process's lease runs out while its token request is on the way
    const second = await worker.list("org_pg_race", offset());
    const firstAnswer = await first;
    const row = await findConnection(server.ctx.db, "exact-online", "org_pg_race");
    const stats = server.sandbox.control.stats();
    console.log(
      `[refresh race on PostgreSQL, lease outlived] process 1: ${firstAnswer.status}, process 2: ${second.status}; ` +
        `Exact: ${stats.refreshes} refresh, ${stats.refreshFailures} "Old refresh token used"; connection: ${row?.status}, lease ${row?.refreshLockUntil === null ? "released" : "held"}`,
    );
    expect(second.status).toBe(200);
    expect(firstAnswer.status).toBe(200);
    expect(stats.refreshFailures).toBe(1);
    expect(row?.status).toBe("connected");
    expect(row?.refreshLockUntil).toBeNull();
    expect((await list("org_pg_race")).status).toBe(200);
    expect((await worker.list("org_pg_race", offset())).status).toBe(200);
    server.clock.advance(-601_000);
  }, 30_000);

  it("a token endpoint slower than the lease: the first process gives up well inside its lease, the second refreshes", async () => {
    await server.connect("org_pg_slow", ["genericContact::list"]);
    server.sandbox.control.resetStats();
    // The numbers scaled down 10×: a 2.5 s token endpoint against a 2 s lease, token deadline 1 s.
    server.ctx.exact.tokens.leaseMs = 2_000;
    server.ctx.exact.timeouts = { ...server.ctx.exact.timeouts, tokenMs: 1_000 };
    sandboxFaults(server.sandbox).inject({ target: "token", fault: { kind: "slow", delayMs: 2_500 }, times: 1 });
    server.clock.advance(580_000);
    const first = list("org_pg_slow");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await worker.list("org_pg_slow", offset());
    const firstAnswer = await first;
    // let the slow request reach Exact's side too: it then meets an already rotated token
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const row = await findConnection(server.ctx.db, "exact-online", "org_pg_slow");
    const stats = server.sandbox.control.stats();
    console.log(
      `[refresh race on PostgreSQL, slow token endpoint] process 1: ${firstAnswer.status}, process 2: ${second.status}; ` +
        `Exact: ${stats.refreshes} refresh, ${stats.refreshFailures} refused; connection: ${row?.status}`,
    );
    expect([200, 504]).toContain(firstAnswer.status);
    expect(second.status).toBe(200);
    expect(row?.status).toBe("connected");
    expect((await list("org_pg_slow")).status).toBe(200);
    expect((await worker.list("org_pg_slow", offset())).status).toBe(200);
  }, 30_000);
});
