import { CompactEncrypt } from "jose";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { loadConfig } from "../config";
import { createContext, type ServerContext } from "../context";
import { Keyring, keyIdOf } from "../security/keyring";
import { kidOf, seal } from "../security/sealed";
import { decryptTokens } from "../security/token-cipher";
import { findConnection, takeRefreshLease } from "../storage/connections-repo";
import { openDatabase } from "../storage/database";
import { PUBLIC_URL, startTestServer, TEST_ORIGIN, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../webhooks/delivery-worker";
import { findEndpoint } from "../webhooks/endpoints-repo";
import { runReencrypt } from "./cli";
import { reencryptPass } from "./reencrypt";

const ENCRYPTION_A = Buffer.alloc(32, 0xa1).toString("base64");
const ENCRYPTION_B = Buffer.alloc(32, 0xb2).toString("base64");
const SIGNING_A = Buffer.alloc(32, 0x5a).toString("base64");
const SIGNING_B = Buffer.alloc(32, 0x5b).toString("base64");
const kidA = keyIdOf(Buffer.from(ENCRYPTION_A, "base64"));
const kidB = keyIdOf(Buffer.from(ENCRYPTION_B, "base64"));
const READ = "/v1/resources/genericContact?limit=1";

/**
 * The receiver's check of a Standard Webhooks signature, without its timestamp window: the test clock (which signs)
 * runs minutes ahead of real time once the tests move it to expire access tokens.
 */
function signedWith(secret: string, request: { headers: Record<string, string>; body: string }): boolean {
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signatures } = request.headers;
  const expected = new Webhook(secret).sign(id!, new Date(Number(timestamp) * 1000), request.body);
  return signatures!.split(" ").includes(expected);
}

interface Instance {
  ctx: ServerContext;
  backend(path: string, init?: RequestInit & { ownerId?: string }): Promise<Response>;
  /** Delivers the test event of `endpointId` and returns the request the receiver got. */
  deliverTest(endpointId: string): Promise<{ headers: Record<string, string>; body: string }>;
  close(): Promise<void>;
}

/**
 * Connect under key A; restart with `B,A`; reads and deliveries work; re-encrypt; restart with `B` alone; everything
 * still works. Every "restart" is a new server (config, database handle, context, app, delivery worker) on the same
 * SQLite file and the same sandbox (Exact), as a process restarted with other variables would be.
 */
describe("key rotation with no connection lost (SQLite file)", () => {
  let first: TestServer;
  let receiver: WebhookReceiver;
  let endpoint: { id: string; secret: string };
  const open: Instance[] = [];

  async function restart(keys: { encryption: string; signing: string; secret?: string }): Promise<Instance> {
    for (const running of open.splice(0)) await running.close();
    const config = loadConfig({
      DATABASE_URL: `file:${first.databaseFile}`,
      EXACT_BASE_URL: first.sandboxUrl,
      MORPH_PUBLIC_URL: PUBLIC_URL,
      MORPH_ALLOWED_ORIGINS: TEST_ORIGIN,
      MORPH_SECRET_KEY: keys.secret ?? TEST_SECRET_KEY,
      MORPH_SIGNING_KEY: keys.signing,
      MORPH_ENCRYPTION_KEY: keys.encryption,
    });
    const db = await openDatabase(config.databaseUrl);
    const ctx = createContext(config, db, first.clock);
    const app = createApp(ctx);
    const worker: DeliveryWorker = deliveryWorkerFor(ctx, { pollIntervalMs: 50 }).start();
    const backend: Instance["backend"] = (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TEST_SECRET_KEY}`);
      if (init.ownerId) headers.set("x-owner-id", init.ownerId);
      if (init.body) headers.set("content-type", "application/json");
      return Promise.resolve(app.request(path, { ...init, headers }));
    };
    const instance: Instance = {
      ctx,
      backend,
      async deliverTest(endpointId) {
        const before = receiver.received.length;
        const sent = await backend(`/v1/webhooks/endpoints/${endpointId}/test`, { method: "POST" });
        expect(sent.status).toBe(202);
        return (await receiver.waitFor(before + 1, 5_000)).at(-1)!;
      },
      async close() {
        await worker.stop(500);
        await db.destroy();
      },
    };
    open.push(instance);
    return instance;
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    first = await startTestServer({ env: { MORPH_ENCRYPTION_KEY: ENCRYPTION_A, MORPH_SIGNING_KEY: SIGNING_A, MORPH_WEBHOOK_ALLOW_PRIVATE_URLS: "1" } });
    for (const owner of ["org_current", "org_legacy", "org_removed_key"]) {
      expect((await first.connect(owner, ["genericContact::list"])).page.status).toBe(200);
    }
    const created = await first.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url }) });
    expect(created.status).toBe(201);
    endpoint = ((await created.json()) as { data: { id: string; secret: string } }).data;

    // A pair stored before key ids: the same JWE, without `kid` in its header.
    const legacy = (await findConnection(first.ctx.db, "exact-online", "org_legacy"))!;
    const plain = new TextEncoder().encode(JSON.stringify(await decryptTokens(first.ctx.config.encryptionKey, legacy.encryptedTokens)));
    const noKid = await new CompactEncrypt(plain).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(Buffer.from(ENCRYPTION_A, "base64"));
    await first.ctx.db.updateTable("connections").set({ tokens: noKid }).where("id", "=", legacy.id).execute();
  }, 30_000);

  afterAll(async () => {
    for (const running of open.splice(0)) await running.close();
    await first?.close();
    await receiver?.close();
  });

  it("stores new values under a key id derived from the key itself", async () => {
    const row = (await findConnection(first.ctx.db, "exact-online", "org_current"))!;
    expect(kidOf(row.encryptedTokens)).toBe(kidA);
    expect(kidOf((await findEndpoint(first.ctx.db, endpoint.id))!.encryptedSecret)).toBe(kidA);
    expect(kidA).toMatch(/^[A-Za-z0-9_-]{11}$/);
  });

  it("with `B,A`: reads, refreshes, old session tokens and deliveries work; new values go under B", async () => {
    const sessionUnderA = await first.mintSession("org_current", ["genericContact::list"]);
    const server = await restart({ encryption: `${ENCRYPTION_B},${ENCRYPTION_A}`, signing: `${SIGNING_B},${SIGNING_A}` });
    for (const owner of ["org_current", "org_legacy", "org_removed_key"]) expect((await server.backend(READ, { ownerId: owner })).status).toBe(200);
    expect((await server.backend("/v1/connect/session", { headers: { authorization: `Bearer ${sessionUnderA}` } })).status).toBe(200);

    expect(signedWith(endpoint.secret, await server.deliverTest(endpoint.id))).toBe(true);

    // A refresh stores Exact's new pair under B; `org_current` is then already current for the job.
    first.clock.advance(580_000);
    expect((await server.backend(READ, { ownerId: "org_current" })).status).toBe(200);
    expect(kidOf((await findConnection(server.ctx.db, "exact-online", "org_current"))!.encryptedTokens)).toBe(kidB);
    // A session minted now names B.
    const minted = await server.backend("/v1/sessions", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: "org_x", operations: ["genericContact::list"] }) });
    const { sessionToken } = (await minted.json()) as { sessionToken: string };
    expect(JSON.parse(Buffer.from(sessionToken.split(".")[0]!, "base64url").toString()).kid).toBe(keyIdOf(Buffer.from(SIGNING_B, "base64")));
  });

  it("re-encryption skips a row whose refresh lease is held, leaves it as it was, and takes it on the next pass", async () => {
    const server = open[0]!;
    const held = (await findConnection(server.ctx.db, "exact-online", "org_legacy"))!;
    const { lease } = await takeRefreshLease(server.ctx.db, held.id, Date.now(), 60_000);
    expect(lease).toBeDefined();
    const pass = await reencryptPass(server.ctx.db, server.ctx.config.encryptionKey);
    expect(pass.connections).toEqual({ reencrypted: 1, skipped: 1, alreadyCurrent: 1, unreadable: 0 });
    expect(pass.webhookSecrets).toEqual({ reencrypted: 1, skipped: 0, alreadyCurrent: 0, unreadable: 0 });
    expect((await findConnection(server.ctx.db, "exact-online", "org_legacy"))!.encryptedTokens).toBe(held.encryptedTokens);
    await server.ctx.db.updateTable("connections").set({ refresh_lock_until: null }).where("id", "=", held.id).execute();

    // The command, as an operator runs it: same environment as the server.
    const lines: string[] = [];
    const code = await runReencrypt(
      { DATABASE_URL: `file:${first.databaseFile}`, EXACT_BASE_URL: first.sandboxUrl, MORPH_PUBLIC_URL: PUBLIC_URL, MORPH_SECRET_KEY: TEST_SECRET_KEY, MORPH_SIGNING_KEY: SIGNING_B, MORPH_ENCRYPTION_KEY: `${ENCRYPTION_B},${ENCRYPTION_A}` },
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines).toContain("connections: re-encrypted 1, skipped 0, already current 2, unreadable 0");
    expect(lines).toContain("webhook endpoints: re-encrypted 0, skipped 0, already current 1, unreadable 0");
    // No key material in what the command prints.
    for (const key of [ENCRYPTION_A, ENCRYPTION_B, SIGNING_A, SIGNING_B]) expect(lines.join("\n")).not.toContain(key);
    for (const owner of ["org_current", "org_legacy", "org_removed_key"]) {
      expect(kidOf((await findConnection(server.ctx.db, "exact-online", owner))!.encryptedTokens)).toBe(kidB);
    }
    expect(kidOf((await findEndpoint(server.ctx.db, endpoint.id))!.encryptedSecret)).toBe(kidB);
  });

  it("with `B` alone: reads, refreshes and deliveries still work; a session token under A is refused", async () => {
    const sessionUnderA = await first.mintSession("org_current", ["genericContact::list"]);
    const server = await restart({ encryption: ENCRYPTION_B, signing: SIGNING_B });
    for (const owner of ["org_current", "org_legacy", "org_removed_key"]) expect((await server.backend(READ, { ownerId: owner })).status).toBe(200);
    expect(signedWith(endpoint.secret, await server.deliverTest(endpoint.id))).toBe(true);
    first.clock.advance(580_000);
    for (const owner of ["org_current", "org_legacy"]) expect((await server.backend(READ, { ownerId: owner })).status).toBe(200);
    const refused = await server.backend("/v1/connect/session", { headers: { authorization: `Bearer ${sessionUnderA}` } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("INVALID_SESSION");
  });

  it("a value under a key that is not configured: 503 UNAVAILABLE with details.kid; the row is neither rewritten nor marked", async () => {
    const server = open[0]!;
    const row = (await findConnection(server.ctx.db, "exact-online", "org_removed_key"))!;
    const underA = await seal(new Keyring([Buffer.from(ENCRYPTION_A, "base64")]), await decryptTokens(server.ctx.config.encryptionKey, row.encryptedTokens).then((t) => new TextEncoder().encode(JSON.stringify(t))));
    await server.ctx.db.updateTable("connections").set({ tokens: underA }).where("id", "=", row.id).execute();
    const before = (await findConnection(server.ctx.db, "exact-online", "org_removed_key"))!;

    // Both the plain read and, with the access token expired, the refresh path.
    for (const advance of [0, 600_000]) {
      first.clock.advance(advance);
      const answer = await server.backend(READ, { ownerId: "org_removed_key" });
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { error: { code: string; message: string; details: { kid: string } } };
      expect(body.error.code).toBe("UNAVAILABLE");
      expect(body.error.details.kid).toBe(kidA);
      expect(body.error.message).toContain("MORPH_ENCRYPTION_KEY");
    }
    const after = (await findConnection(server.ctx.db, "exact-online", "org_removed_key"))!;
    expect(after.encryptedTokens).toBe(before.encryptedTokens);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.lastError).toEqual(before.lastError);
    expect(after.status).toBe("connected");
    expect(after.refreshLockUntil).toBeNull();

    // A webhook secret under the removed key: the delivery waits (its claim expires), the endpoint is not disabled.
    const stored = (await findEndpoint(server.ctx.db, endpoint.id))!;
    const secretUnderA = await seal(new Keyring([Buffer.from(ENCRYPTION_A, "base64")]), new TextEncoder().encode(endpoint.secret));
    await server.ctx.db.updateTable("webhook_endpoints").set({ secret: secretUnderA }).where("id", "=", endpoint.id).execute();
    const before2 = receiver.received.length;
    expect((await server.backend(`/v1/webhooks/endpoints/${endpoint.id}/test`, { method: "POST" })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.length).toBe(before2);
    const endpointAfter = (await findEndpoint(server.ctx.db, endpoint.id))!;
    expect(endpointAfter.disabledAt).toBeNull();
    expect(endpointAfter.encryptedSecret).toBe(secretUnderA);
    expect(stored.disabledAt).toBeNull();

    // The job counts both as unreadable, names the key and touches neither.
    const pass = await reencryptPass(server.ctx.db, server.ctx.config.encryptionKey);
    expect(pass.connections.unreadable).toBe(1);
    expect(pass.webhookSecrets.unreadable).toBe(1);
    expect(pass.unknownKids).toEqual([kidA]);
    expect((await findConnection(server.ctx.db, "exact-online", "org_removed_key"))!.encryptedTokens).toBe(underA);
  });
});

// The job's statements (keyset pages, the lease, the compare-and-swap on both secrets) on PostgreSQL.
describe.skipIf(!postgresBinDir())("re-encryption on PostgreSQL", () => {
  let pg: TempPostgres;
  let server: TestServer;

  beforeAll(async () => {
    pg = startTempPostgres(await freePort());
    server = await startTestServer({ env: { DATABASE_URL: pg.url, MORPH_ENCRYPTION_KEY: ENCRYPTION_A } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  it("re-encrypts tokens and both webhook secrets under B, skipping a row whose lease is held", async () => {
    for (const owner of ["org_pg_1", "org_pg_2"]) expect((await server.connect(owner, ["genericContact::list"])).page.status).toBe(200);
    const created = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: "http://127.0.0.1:9/hooks" }) });
    const { id } = ((await created.json()) as { data: { id: string } }).data;
    expect((await server.backend(`/v1/webhooks/endpoints/${id}/rotate-secret`, { method: "POST" })).status).toBe(200);
    const keys = new Keyring([Buffer.from(ENCRYPTION_B, "base64"), Buffer.from(ENCRYPTION_A, "base64")]);
    const held = (await findConnection(server.ctx.db, "exact-online", "org_pg_2"))!;
    await takeRefreshLease(server.ctx.db, held.id, Date.now(), 60_000);

    const first = await reencryptPass(server.ctx.db, keys, { batchSize: 1 });
    expect(first.connections).toEqual({ reencrypted: 1, skipped: 1, alreadyCurrent: 0, unreadable: 0 });
    expect(first.webhookSecrets).toEqual({ reencrypted: 1, skipped: 0, alreadyCurrent: 0, unreadable: 0 });
    const endpoint = (await findEndpoint(server.ctx.db, id))!;
    expect([kidOf(endpoint.encryptedSecret), kidOf(endpoint.encryptedPreviousSecret!)]).toEqual([kidB, kidB]);

    await server.ctx.db.updateTable("connections").set({ refresh_lock_until: null }).where("id", "=", held.id).execute();
    const second = await reencryptPass(server.ctx.db, keys, { batchSize: 1 });
    expect(second.connections).toEqual({ reencrypted: 1, skipped: 0, alreadyCurrent: 1, unreadable: 0 });
    expect(second.webhookSecrets.alreadyCurrent).toBe(1);
    expect(await decryptTokens(keys, (await findConnection(server.ctx.db, "exact-online", "org_pg_2"))!.encryptedTokens)).toEqual(await decryptTokens(server.ctx.config.encryptionKey, held.encryptedTokens));
  });
});
