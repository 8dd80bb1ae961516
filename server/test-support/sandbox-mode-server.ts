import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { Operation } from "../../src/protocol";
import { createApp } from "../app";
import { loadConfig } from "../config";
import { createContext, type ServerContext } from "../context";
import { createExactSandbox } from "../sandbox";
import { openDatabase } from "../storage/database";
import { answerConsent } from "./consent";
import { checkAnswersAgainstDocument } from "./contract-check";
import { TEST_ORIGIN, TEST_SECRET_KEY } from "./harness";

export interface SeenRequest {
  method: string;
  /** The path as the server parsed it (after WHATWG normalisation). */
  path: string;
  authorization: string | undefined;
}

export interface SandboxModeServer {
  url: string;
  ctx: ServerContext;
  app: ReturnType<typeof createApp>;
  /** Every request that reached the HTTP server, in order, except the test's own secret-key calls. */
  seen: SeenRequest[];
  /** Connects `ownerId` through the real consent page; returns the division. */
  connect(ownerId: string, operations: Operation[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The server as `npm start` runs it without Exact credentials: one HTTP server on 127.0.0.1, the
 * sandbox mounted at /sandbox of the same origin, so Exact's base URL is `<server>/sandbox`. A path that
 * walks out of the sandbox lands on the server's own routes: what a proxy escape would reach.
 */
export async function startSandboxModeServer(): Promise<SandboxModeServer> {
  const seen: SeenRequest[] = [];
  const holder: { app?: ReturnType<typeof createApp> } = {};
  const httpServer: ServerType = await new Promise((resolve) => {
    const server = serve(
      {
        fetch: (request) => {
          const authorization = request.headers.get("authorization") ?? undefined;
          if (authorization !== `Bearer ${TEST_SECRET_KEY}`) seen.push({ method: request.method, path: new URL(request.url).pathname, authorization });
          return holder.app!.fetch(request);
        },
        port: 0,
        hostname: "127.0.0.1",
      },
      () => resolve(server),
    );
  });
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "morph-sandbox-mode-"));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dataDir, "morph.db")}`,
    MORPH_PUBLIC_URL: url,
    MORPH_ALLOWED_ORIGINS: TEST_ORIGIN,
    MORPH_SECRET_KEY: TEST_SECRET_KEY,
    MORPH_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64"),
    MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  });
  const db = await openDatabase(config.databaseUrl);
  const ctx = createContext(config, db);
  const sandbox = createExactSandbox({ publicUrl: `${url}/sandbox` });
  const app = createApp(ctx, { sandbox });
  // Every answer but the sandbox's (Exact's emulator, not this server's contract) is checked against the OpenAPI document.
  const contract = await checkAnswersAgainstDocument(app, ctx, { ignore: (path) => path === "/sandbox" || path.startsWith("/sandbox/") });
  holder.app = app;

  const connect: SandboxModeServer["connect"] = async (ownerId, operations) => {
    const minted = await app.request("/v1/sessions", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ connectorId: "exact-online", ownerId, operations }),
    });
    const { sessionToken } = (await minted.json()) as { sessionToken: string };
    const nonce = `nonce-${ownerId}-${Date.now()}`;
    const authorize = await app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce })}`);
    const consentUrl = authorize.headers.get("location");
    if (authorize.status !== 302 || !consentUrl) throw new Error(`authorize did not redirect: ${authorize.status}`);
    const callback = await answerConsent(consentUrl);
    const page = await app.request(`${callback.pathname}${callback.search}`);
    if (page.status !== 200) throw new Error(`callback failed: ${page.status}`);
  };

  return {
    url,
    ctx,
    app,
    seen,
    connect,
    async close() {
      await db.destroy();
      await new Promise((resolve) => httpServer.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
      await contract.assertClean();
    },
  };
}
