import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { Operation } from "../../src/protocol";
import { createApp } from "../app";
import type { Clock } from "../clock";
import { loadConfig } from "../config";
import { createContext, type ServerContext } from "../context";
import { createExactSandbox, type ExactSandbox, type SandboxOptions } from "../sandbox";
import { openDatabase } from "../storage/database";
import type { WebhookHub } from "../webhooks/events";
import { answerConsent } from "./consent";
import { checkAnswersAgainstDocument, type ContractCheck } from "./contract-check";
import { freePort } from "./postgres";

export const TEST_SECRET_KEY = "sk_test_0123456789abcdefghijklmnop";
export const TEST_ORIGIN = "http://app.test:3000";
export const PUBLIC_URL = "http://127.0.0.1:8787";

export interface TestClock extends Clock {
  /** Moves this clock forward (a fast-forward for token lifetimes). */
  advance(ms: number): void;
}

/** Real time, optionally running `speed` times faster (a 60× clock turns Exact's minute window into a second), plus manual jumps. */
export function createClock(speed = 1): TestClock {
  const start = Date.now();
  let offset = 0;
  return {
    now: () => start + (Date.now() - start) * speed + offset,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms / speed))),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface TestServer {
  app: ReturnType<typeof createApp>;
  ctx: ServerContext;
  sandbox: ExactSandbox;
  sandboxUrl: string;
  clock: TestClock;
  dataDir: string;
  databaseFile: string;
  /** MORPH_PUBLIC_URL: PUBLIC_URL, or the real address with `listen: true`. */
  publicUrl: string;
  /** A request with the secret key. */
  backend(path: string, init?: RequestInit & { ownerId?: string }): Promise<Response>;
  mintSession(ownerId: string, operations: Operation[], optionalOperations?: Operation[]): Promise<string>;
  /** The whole OAuth dance: authorize → sandbox consent → callback. Returns the callback page. */
  /** `division`: the division(s) the user grants at Exact's consent (several: the field repeated). */
  connect(ownerId: string, operations: Operation[], options?: { decision?: "approve" | "deny"; division?: number | number[] }): Promise<{ page: Response; nonce: string; sessionToken: string }>;
  /** Fails on any answer the OpenAPI document does not describe (every answer of `app` is checked). */
  close(): Promise<void>;
  /** The answers so far that the OpenAPI document does not describe. */
  contract: ContractCheck;
}

/**
 * The real server (SQLite file in a temp dir) in-process, talking over real HTTP on 127.0.0.1 to a
 * real sandbox server: the connector code under test is the code that would talk to Exact.
 */
export async function startTestServer(
  options: {
    clock?: TestClock;
    sandbox?: Partial<SandboxOptions>;
    env?: Record<string, string>;
    /**
     * Serve the app on a real loopback port (its URL becomes MORPH_PUBLIC_URL), for callers that must reach it
     * over HTTP: Exact's webhook notifications. Without it the app is served in-process at PUBLIC_URL.
     */
    listen?: boolean;
    /** The outbox the server's producers emit to, in place of the database one (a test that captures events). */
    webhooks?: WebhookHub;
  } = {},
): Promise<TestServer> {
  const clock = options.clock ?? createClock();
  // The sandbox needs its own URL, known only once the port is bound: the server looks it up per request.
  const holder: { sandbox?: ExactSandbox } = {};
  const sandboxServer: ServerType = await new Promise((resolve) => {
    const server = serve({ fetch: (request) => holder.sandbox!.app.fetch(request), port: 0, hostname: "127.0.0.1" }, () => resolve(server));
  });
  const sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`;
  const sandbox = createExactSandbox({ publicUrl: sandboxUrl, now: clock.now, ...options.sandbox });
  holder.sandbox = sandbox;

  const listenPort = options.listen ? await freePort() : undefined;
  const publicUrl = listenPort === undefined ? PUBLIC_URL : `http://127.0.0.1:${listenPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), "morph-test-"));
  const databaseFile = join(dataDir, "morph.db");
  const config = loadConfig({
    DATABASE_URL: `file:${databaseFile}`,
    EXACT_BASE_URL: sandboxUrl,
    MORPH_PUBLIC_URL: publicUrl,
    MORPH_ALLOWED_ORIGINS: TEST_ORIGIN,
    MORPH_SECRET_KEY: TEST_SECRET_KEY,
    MORPH_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64"),
    MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    ...options.env,
  });
  const db = await openDatabase(config.databaseUrl);
  const ctx = createContext(config, db, clock, { webhooks: options.webhooks });
  const app = createApp(ctx);
  // Before anything serves it: every answer is checked against the OpenAPI document, and close() fails on a mismatch.
  const contract = await checkAnswersAgainstDocument(app, ctx);
  const appServer: ServerType | undefined =
    listenPort === undefined
      ? undefined
      : await new Promise((resolve) => {
          const server = serve({ fetch: app.fetch, port: listenPort, hostname: "127.0.0.1" }, () => resolve(server));
        });

  const backend: TestServer["backend"] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${TEST_SECRET_KEY}`);
    if (init.ownerId) headers.set("x-owner-id", init.ownerId);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    return Promise.resolve(app.request(path, { ...init, headers }));
  };

  const mintSession: TestServer["mintSession"] = async (ownerId, operations, optionalOperations = []) => {
    const response = await backend("/v1/sessions", {
      method: "POST",
      body: JSON.stringify({ connectorId: "exact-online", ownerId, operations, optionalOperations }),
    });
    if (response.status !== 201) throw new Error(`session minting failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { sessionToken: string }).sessionToken;
  };

  const connect: TestServer["connect"] = async (ownerId, operations, { decision = "approve", division } = {}) => {
    const sessionToken = await mintSession(ownerId, operations);
    const nonce = `nonce-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce });
    const authorize = await app.request(`/v1/connect/authorize?${query}`);
    const consentUrl = authorize.headers.get("location");
    if (authorize.status !== 302 || !consentUrl) throw new Error(`authorize did not redirect: ${authorize.status}`);
    // Each connect is another customer, so another Exact user: the same user for two owners ends the first's tokens.
    const callback = await answerConsent(consentUrl, decision, division, fetch, `tester-${randomUUID()}`);
    const page = await app.request(`${callback.pathname}${callback.search}`);
    return { page, nonce, sessionToken };
  };

  return {
    app,
    ctx,
    sandbox,
    sandboxUrl,
    clock,
    dataDir,
    databaseFile,
    backend,
    mintSession,
    connect,
    publicUrl,
    async close() {
      await ctx.exactEvents.stop();
      if (appServer) await new Promise((resolve) => appServer.close(resolve));
      await db.destroy();
      await new Promise((resolve) => sandboxServer.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
      await contract.assertClean();
    },
    contract,
  };
}

