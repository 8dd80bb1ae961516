import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness";
import { captureLogs } from "./log-capture";

describe("every request: request id, log line, metrics", () => {
  let server: TestServer;
  let logs: ReturnType<typeof captureLogs>;
  beforeAll(async () => {
    logs = captureLogs();
    server = await startTestServer();
  });
  afterAll(async () => {
    logs.restore();
    await server.close();
  });

  const requestLine = (reqId: string) => logs.lines.find((line) => line.msg === "request" && line.reqId === reqId);

  it("keeps a plain incoming x-request-id and echoes it, on a 404 too", async () => {
    const ok = await server.app.request("/health", { headers: { "x-request-id": "lb-1234.abc:9" } });
    expect(ok.headers.get("x-request-id")).toBe("lb-1234.abc:9");
    const missing = await server.app.request("/v1/nothing/here?sessionToken=abc", { headers: { "x-request-id": "req-404" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-request-id")).toBe("req-404");
    expect(requestLine("req-404")).toMatchObject({ level: "info", method: "GET", route: "unmatched", status: 404 });
    expect(JSON.stringify(requestLine("req-404"))).not.toContain("nothing/here");
  });

  it("replaces an unusual one by a new id, on an error answer too", async () => {
    const response = await server.app.request("/v1/resources/genericContact", { headers: { "x-request-id": "bad id \"forged\"" } });
    expect(response.status).toBe(401);
    const id = response.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLine(id)).toMatchObject({ route: "/v1/resources/:model", status: 401 });
  });

  it("logs the route pattern, the owner and the connector, never the path", async () => {
    const response = await server.backend("/v1/resources/genericContact?search=Secret%20Customer", { ownerId: "org_logged", headers: { "x-request-id": "req-owner" } });
    expect(response.status).toBe(404); // no connection yet
    const line = requestLine("req-owner")!;
    expect(line).toMatchObject({ method: "GET", route: "/v1/resources/:model", status: 404, owner: "org_logged", connector: "exact-online" });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.traceId).toBeUndefined(); // tracing is off
    expect(JSON.stringify(line)).not.toMatch(/genericContact|Secret/);
  });

  it("logs a session's owner on the widget's routes", async () => {
    const token = await server.mintSession("org_widget", ["genericContact::list"]);
    await server.app.request("/v1/connect/session", { headers: { authorization: `Bearer ${token}`, "x-request-id": "req-session" } });
    expect(requestLine("req-session")).toMatchObject({ route: "/v1/connect/session", status: 200, owner: "org_widget", connector: "exact-online" });
  });

  it("logs probes at debug, not info", async () => {
    await server.app.request("/ready", { headers: { "x-request-id": "req-probe" } });
    expect(requestLine("req-probe")).toMatchObject({ level: "debug", route: "/ready" });
  });
});

describe("GET /ready", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers 200 when the database answers and every migration is applied", async () => {
    const response = await server.app.request("/ready");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers 503 with the reason when a migration is not applied", async () => {
    const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(server.ctx.db);
    const name = last.rows[0]!.name;
    await sql`delete from kysely_migration where name = ${name}`.execute(server.ctx.db);
    try {
      const response = await server.app.request("/ready");
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string; details: { reason: string } } };
      expect(body.error).toMatchObject({ code: "UNAVAILABLE", details: { reason: "migrations_pending" } });
      expect(body.error.message).toContain(name);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(server.ctx.db);
    }
    expect((await server.app.request("/ready")).status).toBe(200);
  });

  it("answers 503 when the database does not answer, and /health stays 200", async () => {
    const other = await startTestServer();
    await other.ctx.db.destroy();
    const response = await other.app.request("/ready");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "UNAVAILABLE", details: { reason: "database_unreachable" } } });
    expect((await other.app.request("/health")).status).toBe(200);
    // close() destroys the database again: a second destroy is harmless in Kysely.
    await other.close();
  });
});

describe("GET /metrics", () => {
  describe("without MORPH_METRICS_TOKEN", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ listen: true });
    });
    afterAll(async () => {
      await server.close();
    });

    it("answers a loopback request in the Prometheus format, with the bounded labels", async () => {
      await server.backend("/v1/resources/genericContact", { ownerId: "org_metrics" });
      const response = await fetch(`${server.publicUrl}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      for (const name of [
        "morph_http_requests_total",
        "morph_http_request_duration_seconds_bucket",
        "morph_exact_calls_total",
        "morph_exact_call_duration_seconds",
        "morph_exact_rate_limit_wait_seconds",
        "morph_token_refreshes_total",
        "morph_connections",
        "morph_webhook_deliveries_total",
        "morph_webhook_queue_depth",
        "morph_webhook_oldest_pending_seconds",
        "morph_process_cpu_seconds_total",
      ]) {
        expect(text).toContain(name);
      }
      expect(text).toContain('morph_http_requests_total{method="GET",route="/v1/resources/:model",status="404"}');
      expect(text).toContain('morph_webhook_queue_depth{status="pending"} 0');
      expect(text).toContain('morph_connections{status="needs_reauth"} 0');
      expect(text).not.toContain("org_metrics");
    });

    it("refuses a request a proxy forwarded, and one on no loopback socket", async () => {
      for (const header of ["x-forwarded-for", "forwarded", "x-forwarded-proto"]) {
        const response = await fetch(`${server.publicUrl}/metrics`, { headers: { [header]: "for=203.0.113.9" } });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: "ACCESS_DENIED" } });
      }
      // In-process (no socket at all) is not loopback either.
      expect((await server.app.request("/metrics")).status).toBe(403);
    });
  });

  describe("with MORPH_METRICS_TOKEN", () => {
    const token = "metrics-token-0123456789abcdef";
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ listen: true, env: { MORPH_METRICS_TOKEN: token } });
    });
    afterAll(async () => {
      await server.close();
    });

    it("answers the bearer of the token from anywhere, even forwarded", async () => {
      const response = await fetch(`${server.publicUrl}/metrics`, { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "203.0.113.9" } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("morph_http_requests_total");
    });

    it("refuses a missing or wrong token, even on loopback", async () => {
      for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${token}x` }, { authorization: "Bearer short" }, { authorization: token }]) {
        const response = await fetch(`${server.publicUrl}/metrics`, { headers });
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
      }
    });
  });
});
