import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_SECRET_KEY } from "../test-support/harness";
import { startSandboxModeServer, type SandboxModeServer } from "../test-support/sandbox-mode-server";

const OWNER = "org_proxy";

/** node:http sends the path byte for byte, as an attacker's client would (fetch would normalise it first). */
function rawRequest(server: SandboxModeServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const request = httpRequest(
      `${server.url}${path}`,
      {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, "x-owner-id": OWNER, ...init.headers },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      },
    );
    // Paths with raw control characters are refused by node's client; those variants go percent-encoded.
    request.on("error", reject);
    request.end(init.body);
  });
}

// Each aims at something outside Exact's REST API: the server's own routes (its health check, a
// connection's status, the session-minting route) or the sandbox's OAuth endpoints (token, consent page).
// The Exact base URL is `<server>/sandbox`, so four `..` from `/sandbox/api/v1/<x>/` reach the server's root.
const ESCAPES = [
  "/api/v1/1234567/%252e%252e/%252e%252e/%252e%252e/%252e%252e/health",
  "/api/v1/1234567/%252E%252E/%252E%252E/%252E%252E/%252E%252E/v1/connections/exact-online/org_proxy",
  "/api/v1/1234567/.%09./.%09./.%09./.%09./health",
  "/api/v1/1234567/.%0a./.%0a./.%0a./.%0a./v1/connections/exact-online/org_proxy",
  "/api/v1/1234567/.%0d./.%0d./.%0d./.%0d./v1/sessions",
  "/api/v1/%5C%2e%2e%5C%2e%2e%5Coauth2%5Ctoken",
  "/api/v1/1234567/%5C%2e%2e%5C%2e%2e%5C%2e%2e%5C%2e%2e%5Chealth",
  "/api/v1/1/%252e%252e/%252e%252e/oauth2/auth?client_id=sandbox-client-id",
  "/api/v1/1/%252e%252e/%252e%252e/%252e%252e/%252e%252e/v1/sessions",
  "/api/v1/1/%25252e%25252e/%25252e%25252e/oauth2/token",
  "/api/v1/1/%2e%2e/%2e%2e/oauth2/token",
  "/api/v1/1/../../oauth2/token",
  "/api/v1/1/.%2e/%2e./oauth2/token",
  "/api/v1/1%2f..%2f..%2foauth2%2ftoken",
  "/api/v1/1%2F..%2F..%2Foauth2%2Ftoken",
  "/api/v1/1%5c..%5c..%5coauth2%5ctoken",
  "/api/v1/1//crm/Accounts",
  "/api/v1/1/crm%00/Accounts",
  "/api/v1/1/crm%7f/Accounts",
  "/api/v1/1/crm%0a/Accounts",
  "/api/v1/1/crm/Accounts%3F%24top=1",
  "/api/v1/1/crm/Accounts%23x",
  "/api/v1/http:%2f%2f127.0.0.1:1%2fhealth",
  "/api/v2/1/crm/Accounts",
  "/api/oauth2/token",
  "/health",
  "//127.0.0.1:1/health",
];

const MALFORMED = ["/api/v1/1/crm/%", "/api/v1/1/crm/Accounts%", "/api/v1/1/%zz", "/api/v1/1/%C3%28", "/api/v1/1/%E0%A4%A", "/api/v1/1/%FF"];

describe("the proxy stays inside Exact's REST API", () => {
  let server: SandboxModeServer;
  beforeAll(async () => {
    server = await startSandboxModeServer();
    await server.connect(OWNER, ["genericCompany::list", "proxy::read"]);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server.seen.length = 0;
  });

  it("passes a proper call through, and the request counter sees it", async () => {
    const response = await rawRequest(server, "/v1/proxy/api/v1/%7Bdivision%7D/crm/Accounts?$top=2&$select=ID,Name&$filter=Name%20ne%20''", {
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(200);
    expect((JSON.parse(response.text) as { d: { results: unknown[] } }).d.results).toHaveLength(2);
    expect(server.seen.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /sandbox/api/v1/1234567/crm/Accounts"]);
  });

  it("fills {division} in raw braces too, and reaches current/Me", async () => {
    const response = await rawRequest(server, "/v1/proxy/api/v1/current/Me", { headers: { accept: "application/json" } });
    expect(response.status).toBe(200);
    const division = await rawRequest(server, "/v1/proxy/api/v1/{division}/system/Divisions?$select=Code", { headers: { accept: "application/json" } });
    expect(division.status).toBe(200);
    expect(server.seen.map((r) => r.path)).toEqual(["/sandbox/api/v1/current/Me", "/sandbox/api/v1/1234567/system/Divisions"]);
  });

  it.each(ESCAPES)("refuses %s with 400 VALIDATION_ERROR and calls nothing", async (path) => {
    const response = await rawRequest(server, `/v1/proxy${path}`);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "path" } } });
    expect(server.seen).toEqual([]);
  });

  it.each(MALFORMED)("answers a malformed escape %s with 400, never a 500, and calls nothing", async (path) => {
    const response = await rawRequest(server, `/v1/proxy${path}`);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "path" } } });
    expect(server.seen).toEqual([]);
  });

  it("refuses an escape for every method, before reading who the owner is", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const response = await rawRequest(server, "/v1/proxy/api/v1/1/%252e%252e/%252e%252e/%252e%252e/%252e%252e/v1/sessions", {
        method,
        headers: { "content-type": "application/json", "x-owner-id": "nobody" },
        body: JSON.stringify({ connectorId: "exact-online", ownerId: "x", operations: ["genericContact::list"] }),
      });
      expect(response.status).toBe(400);
    }
    expect(server.seen).toEqual([]);
  });

  it("never returns the access token, in the body or the headers", async () => {
    const response = await rawRequest(server, "/v1/proxy/api/v1/current/Me", { headers: { accept: "application/json" } });
    const token = server.seen[0]?.authorization?.replace(/^Bearer /, "");
    expect(token).toBeTruthy();
    expect(response.text).not.toContain(token!);
    expect(JSON.stringify(response.headers)).not.toContain(token!);
  });
});

describe("the proxy asks Exact for JSON", () => {
  let server: SandboxModeServer;
  beforeAll(async () => {
    server = await startSandboxModeServer();
    await server.connect(OWNER, ["genericCompany::create", "proxy::read"]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a POST from fetch with its default Accept (*/*) gets JSON back", async () => {
    const response = await fetch(`${server.url}/v1/proxy/api/v1/{division}/crm/Accounts`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, "x-owner-id": OWNER, "content-type": "application/json" },
      body: JSON.stringify({ Name: "Proxy BV" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await response.json()) as { d: { Name: string } }).d.Name).toBe("Proxy BV");
  });

  it("no Accept header at all gets JSON too", async () => {
    const response = await rawRequest(server, "/v1/proxy/api/v1/current/Me");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("an explicit other type is passed on: Exact's Atom when asked for it", async () => {
    const response = await rawRequest(server, "/v1/proxy/api/v1/current/Me", { headers: { accept: "application/atom+xml" } });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/atom\+xml/);
  });
});
