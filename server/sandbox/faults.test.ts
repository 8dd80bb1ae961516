import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sandboxFaults, type FaultSwitchboard } from "./faults";
import { connectSandbox, type ConnectedSandbox } from "../test-support/sandbox-client";

// The switchboard over real HTTP on 127.0.0.1, so that resets and stalled bodies are what a client sees.
describe("sandbox fault switchboard", () => {
  let connected: ConnectedSandbox;
  let faults: FaultSwitchboard;
  let server: ServerType;
  let base: string;
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${connected.accessToken}`, accept: "application/json" } });

  beforeAll(async () => {
    connected = await connectSandbox();
    faults = sandboxFaults(connected.sandbox);
    server = await new Promise((resolve) => {
      const s = serve({ fetch: connected.sandbox.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => faults.clear());
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("answers HTML, truncated JSON, d: null and results of the wrong type on the chosen endpoint only", async () => {
    faults.inject({ target: "crm/Contacts", fault: { kind: "html" }, times: 1 });
    const html = await get("/api/v1/1234567/crm/Contacts");
    expect([html.status, html.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(await html.text()).toContain("<html>");
    // times: 1 — the next call is served for real
    expect(((await (await get("/api/v1/1234567/crm/Contacts?$top=1")).json()) as { d: { results: unknown[] } }).d.results).toHaveLength(1);

    faults.inject({ target: "crm/contacts", fault: { kind: "truncated-json" }, times: 1 });
    await expect(get("/api/v1/1234567/crm/Contacts").then((r) => r.json())).rejects.toThrow(SyntaxError);

    faults.inject({ target: "crm/Contacts", fault: { kind: "null-d" }, times: 1 });
    expect(await (await get("/api/v1/1234567/crm/Contacts")).json()).toEqual({ d: null });

    faults.inject({ target: "crm/Contacts", fault: { kind: "results", as: "string" }, times: 1 });
    expect(typeof ((await (await get("/api/v1/1234567/crm/Contacts")).json()) as { d: { results: unknown } }).d.results).toBe("string");

    faults.inject({ target: "crm/Contacts", fault: { kind: "results", as: "object" } });
    // other endpoints are untouched
    expect((await get("/api/v1/1234567/crm/Accounts?$filter=Name ne ''&$top=1")).status).toBe(200);
    const object = (await (await get("/api/v1/1234567/crm/Contacts")).json()) as { d: { results: unknown } };
    expect(Array.isArray(object.d.results)).toBe(false);
  });

  it("answers 5xx, 401 and 429 storms with Exact's envelope and rate-limit headers", async () => {
    faults.inject({ target: "*", fault: { kind: "status", status: 503 }, times: 1 });
    expect((await get("/api/v1/1234567/crm/Contacts")).status).toBe(503);
    faults.inject({ target: "current/Me", fault: { kind: "status", status: 401 }, times: 1 });
    expect((await get("/api/v1/current/Me")).status).toBe(401);
    const storm = faults.inject({ target: "crm/Contacts", fault: { kind: "rate-limit", daily: true }, times: 3 });
    for (let i = 0; i < 3; i++) {
      const answer = await get("/api/v1/1234567/crm/Contacts");
      expect(answer.status).toBe(429);
      expect(answer.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(answer.headers.get("x-ratelimit-reset"))).toBeGreaterThan(connected.clock.now());
    }
    expect(storm.hits).toBe(3);
    expect((await get("/api/v1/1234567/crm/Contacts?$top=1")).status).toBe(200);
  });

  it("hangs a call until the client gives up, and resets connections", async () => {
    faults.inject({ target: "crm/Contacts", fault: { kind: "hang" } });
    const hung = get("/api/v1/1234567/crm/Contacts", { signal: AbortSignal.timeout(300) });
    await expect(hung).rejects.toThrow();
    // a hang does not block other endpoints
    expect((await get("/api/v1/1234567/system/Divisions")).status).toBe(200);
    faults.clear();

    faults.inject({ target: "crm/Contacts", fault: { kind: "reset" }, times: 1 });
    await expect(get("/api/v1/1234567/crm/Contacts").then((r) => r.text())).rejects.toThrow();

    faults.inject({ target: "crm/Contacts", fault: { kind: "stall-body" }, times: 1 });
    const stalled = await get("/api/v1/1234567/crm/Contacts", { signal: AbortSignal.timeout(300) });
    expect(stalled.status).toBe(200);
    await expect(stalled.text()).rejects.toThrow();
  });

  it("slows the token endpoint and answers it with faults", async () => {
    const token = (grant: Record<string, string>) =>
      fetch(`${base}/api/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: "sandbox-client-id", client_secret: "sandbox-client-secret", ...grant }),
      });
    faults.inject({ target: "token", fault: { kind: "status", status: 500 }, times: 1 });
    expect((await token({ grant_type: "refresh_token", refresh_token: "x" })).status).toBe(500);
    faults.inject({ target: "token", fault: { kind: "slow", delayMs: 150 }, times: 1 });
    const started = Date.now();
    // processed after the delay: an unknown refresh token still gets Exact's own answer
    expect((await token({ grant_type: "refresh_token", refresh_token: "x" })).status).toBe(400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // "*" means every REST call, never the token endpoint
    faults.inject({ target: "*", fault: { kind: "status", status: 500 } });
    expect((await token({ grant_type: "refresh_token", refresh_token: "x" })).status).toBe(400);
  });
});
