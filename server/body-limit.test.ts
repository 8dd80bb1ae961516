import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit } from "./body-limit";
import { TEST_SECRET_KEY } from "./test-support/harness";
import { startSandboxModeServer, type SandboxModeServer } from "./test-support/sandbox-mode-server";

interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
  /** Errors seen on the request or its socket before the answer was complete. */
  errors: string[];
  /** Resolves when the socket closes, with whether it closed on an error. */
  socketClosed: Promise<boolean>;
}

/** One request over a real socket; `body` is written in `chunk`-sized pieces, `pauseMs` apart. */
function exchange(
  url: string,
  init: { agent: Agent; method?: string; headers?: Record<string, string>; bodyBytes?: number; chunk?: number; pauseMs?: number; stopAfterBytes?: number },
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const errors: string[] = [];
    let socketClosed!: Promise<boolean>;
    const request = httpRequest(url, { method: init.method ?? "GET", agent: init.agent, headers: init.headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (piece: string) => (body += piece));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, reusedSocket: request.reusedSocket, errors, socketClosed }));
      response.on("error", (error) => errors.push(`response: ${error.message}`));
    });
    request.on("socket", (socket) => {
      socketClosed = new Promise((done) => socket.once("close", done));
    });
    request.on("error", (error) => {
      errors.push(`request: ${error.message}`);
      reject(new Error(`request failed before an answer: ${error.message}`));
    });
    const total = init.bodyBytes ?? 0;
    const chunk = Buffer.alloc(init.chunk ?? 64 * 1024, 0x61);
    let sent = 0;
    const writeMore = () => {
      if (sent >= total) return void request.end();
      // Keep the body open, unfinished (the headers go out even when nothing of the body does).
      if (init.stopAfterBytes !== undefined && sent >= init.stopAfterBytes) return void request.flushHeaders();
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      request.write(piece, () => (init.pauseMs ? setTimeout(writeMore, init.pauseMs) : setImmediate(writeMore)));
    };
    writeMore();
  });
}

const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe("a body over the limit, over a real HTTP server", () => {
  let server: ServerType;
  let url: string;
  beforeAll(async () => {
    const app = new Hono();
    app.use("*", bodyLimit({ maxBytes: 1024, drainBytes: 256 * 1024, drainMs: 300 }));
    app.post("/echo", async (c) => c.json({ length: (await c.req.arrayBuffer()).byteLength }));
    app.get("/ping", (c) => c.text("pong"));
    server = await new Promise((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("a declared length within the drain budget: the 413 arrives whole and the kept-alive socket carries the next request", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await exchange(`${url}/echo`, { agent, method: "POST", headers: { "content-length": String(200 * 1024) }, bodyBytes: 200 * 1024 });
      expect(refused.status).toBe(413);
      expect(code(refused.body)).toBe("PAYLOAD_TOO_LARGE");
      expect(refused.headers.connection).toBe("keep-alive");
      expect(refused.errors).toEqual([]);
      // Past the old 500 ms drain deadline, the promise of keep-alive still holds.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const next = await exchange(`${url}/ping`, { agent });
      expect(next.reusedSocket).toBe(true);
      expect(next.status).toBe(200);
      expect(next.body).toBe("pong");
    } finally {
      agent.destroy();
    }
  });

  it("a chunked body: the same", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await exchange(`${url}/echo`, { agent, method: "POST", headers: { "transfer-encoding": "chunked" }, bodyBytes: 200 * 1024, chunk: 8 * 1024 });
      expect(refused.status).toBe(413);
      expect(code(refused.body)).toBe("PAYLOAD_TOO_LARGE");
      expect(refused.headers.connection).toBe("keep-alive");
      await new Promise((resolve) => setTimeout(resolve, 700));
      const next = await exchange(`${url}/ping`, { agent });
      expect(next.reusedSocket).toBe(true);
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("a declared length beyond the drain budget: 413 with Connection: close, and the socket ends cleanly", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // The client sends its headers and waits, as one does after `Expect: 100-continue`.
      const refused = await exchange(`${url}/echo`, { agent, method: "POST", headers: { "content-length": String(64 * 1024 * 1024) }, bodyBytes: 64 * 1024 * 1024, stopAfterBytes: 0 });
      expect(refused.status).toBe(413);
      expect(code(refused.body)).toBe("PAYLOAD_TOO_LARGE");
      expect(refused.headers.connection).toBe("close");
      expect(await refused.socketClosed).toBe(false);
      const next = await exchange(`${url}/ping`, { agent });
      expect(next.reusedSocket).toBe(false);
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("a body that trickles past the drain time: 413 with Connection: close", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await exchange(`${url}/echo`, { agent, method: "POST", headers: { "content-length": String(100 * 1024) }, bodyBytes: 100 * 1024, chunk: 2048, pauseMs: 50, stopAfterBytes: 8 * 1024 });
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe("close");
      expect(code(refused.body)).toBe("PAYLOAD_TOO_LARGE");
    } finally {
      agent.destroy();
    }
  });

  it("a body within the limit still reaches the route", async () => {
    const agent = new Agent({ keepAlive: true });
    try {
      const chunked = await exchange(`${url}/echo`, { agent, method: "POST", headers: { "transfer-encoding": "chunked" }, bodyBytes: 1000, chunk: 100 });
      expect(JSON.parse(chunked.body)).toEqual({ length: 1000 });
      const declared = await exchange(`${url}/echo`, { agent, method: "POST", headers: { "content-length": "1024" }, bodyBytes: 1024 });
      expect(JSON.parse(declared.body)).toEqual({ length: 1024 });
    } finally {
      agent.destroy();
    }
  });
});

describe("the server's 1 MB limit over HTTP", () => {
  let server: SandboxModeServer;
  beforeAll(async () => {
    server = await startSandboxModeServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a 2 MB POST gets 413 PAYLOAD_TOO_LARGE whole, and the connection serves the next request", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const headers = { authorization: `Bearer ${TEST_SECRET_KEY}`, "x-owner-id": "org_big", "content-type": "application/json" };
      const refused = await exchange(`${server.url}/v1/resources/genericContact`, {
        agent,
        method: "POST",
        headers: { ...headers, "content-length": String(2 * 1024 * 1024) },
        bodyBytes: 2 * 1024 * 1024,
      });
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE", details: { field: "body" } } });
      expect(refused.errors).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const next = await exchange(`${server.url}/health`, { agent });
      expect(next.reusedSocket).toBe(true);
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
