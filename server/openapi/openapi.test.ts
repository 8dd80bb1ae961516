import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_STATUS } from "../errors";
import { startTestServer, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { describe as describeRoute } from "./describe";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";
import { ResponseChecker } from "./response-check";

type Operation = { parameters?: Array<{ name: string; in: string }>; responses: Record<string, { content?: Record<string, { schema: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } }> }> };
const operation = (document: OpenApiDocument, path: string, method: string) => (document.paths![path] as Record<string, Operation> | undefined)?.[method];

describe("the OpenAPI document of a server with a custom model", () => {
  let server: TestServer;
  let document: OpenApiDocument;
  const dir = mkdtempSync(join(tmpdir(), "morph-openapi-test-"));

  beforeAll(async () => {
    const models = join(dir, "models.json");
    writeFileSync(models, JSON.stringify([{ name: "exactJournal", endpoint: "financial/Journals", key: "ID", keyType: "guid", operations: ["list"], fields: [{ name: "code", exact: "Code", type: "string", filter: true }] }]));
    server = await startTestServer({ env: { MORPH_CUSTOM_MODELS: models } });
    const response = await server.app.request("/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("must-revalidate");
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is a valid OpenAPI 3.1 document, which the validator would refuse if it were broken", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe("3.1");
    const broken = structuredClone(document) as unknown as Record<string, unknown>;
    (broken.paths as Record<string, unknown>)["/health"] = { get: { responses: { 200: { content: "not a map" } } } };
    expect((await new Validator().validate(broken as never)).valid).toBe(false);
  });

  it("has one resource path per model, with the methods the model's operations allow, custom models included", () => {
    expect(Object.keys(document.paths!["/v1/resources/genericContact"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(document.paths!["/v1/resources/genericContact/{id}"]!).sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(document.paths!["/v1/resources/genericUser"]!)).toEqual(["get"]);
    expect(Object.keys(document.paths!["/v1/resources/exactJournal"]!)).toEqual(["get"]);
    expect(document.paths!["/v1/resources/exactJournal/{id}"]).toBeUndefined();
    expect(operation(document, "/v1/resources/exactJournal", "get")!.parameters!.map((p) => p.name)).toContain("filter[code]");
    expect(document.components!.schemas!.ExactJournalRecord).toMatchObject({ properties: { code: { anyOf: [{ type: "string" }, { type: "null" }] } } });
    // The create body is the schema the route validates with, derived from the field table.
    const create = document.paths!["/v1/resources/genericContact"]!.post!.requestBody as { content: Record<string, { schema: { properties: object } }> };
    expect(Object.keys(create.content["application/json"]!.schema.properties)).toEqual(expect.arrayContaining(["firstName", "lastName", "email"]));
  });

  it("documents x-division on every secret-key route that reaches Exact, and both security schemes", () => {
    for (const [path, method] of [
      ["/v1/resources/genericContact", "get"],
      ["/v1/resources/genericContact/{id}", "patch"],
      ["/v1/resources/genericContact/fields", "get"],
      ["/v1/proxy/{exactPath}", "get"],
      ["/v1/connections/{connectorId}/{ownerId}/permissions", "get"],
    ] as const) {
      expect(operation(document, path, method)!.parameters!.map((p) => `${p.in} ${p.name}`), `${method} ${path}`).toContain("header x-division");
    }
    expect(Object.keys(document.components!.securitySchemes!).sort()).toEqual(["secretKey", "sessionToken"]);
    expect(document.paths!["/v1/sessions"]!.post!.security).toEqual([{ secretKey: [] }]);
    expect(document.paths!["/v1/connect/session"]!.get!.security).toEqual([{ sessionToken: [] }]);
  });

  it("answers each error code with the status of the one table, on the routes that can answer it", () => {
    const list = operation(document, "/v1/resources/genericContact", "get")!;
    for (const code of ["UNAUTHORIZED", "NEEDS_REAUTH", "RATE_LIMITED", "PROVIDER_TIMEOUT", "INSUFFICIENT_PERMISSIONS"] as const) {
      expect(list.responses[String(ERROR_STATUS[code])]!.content!["application/json"]!.schema.properties!.error!.properties!.code!.enum, code).toContain(code);
    }
    // A code a route cannot answer is not in its document.
    expect(operation(document, "/health", "get")!.responses["401"]).toBeUndefined();
  });

  it("lists the event catalogue as OpenAPI webhooks, custom models included", () => {
    expect(Object.keys(document.webhooks!)).toEqual(expect.arrayContaining(["genericContact.created", "exactJournal.deleted", "connection.needs_reauth", "webhook.test"]));
    expect(document.webhooks!["genericWorkspace.created"]).toBeUndefined();
  });

  it("serves /docs: the reference rendered from the document, under a strict CSP", async () => {
    for (const theme of ["light", "dark", undefined]) {
      const response = await server.app.request(`/docs${theme ? `?theme=${theme}` : ""}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("script-src");
      const html = await response.text();
      expect(html).toContain(`data-theme="${theme ?? "system"}"`);
      expect(html).toContain("/v1/resources/exactJournal");
      expect(html).toContain('id="schema-GenericContactRecord"');
      expect(html).toContain("NEEDS_REAUTH");
      expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"\s<]*\.(js|css|woff2?)/);
    }
    expect(await (await server.app.request("/docs?theme=<script>")).text()).toContain('data-theme="system"');
  });

  it("describes every route the app has", () => {
    const documented = new Set(
      Object.entries(document.paths!).flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    const routes = server.app.routes
      .filter((route) => route.method !== "ALL" && route.method !== "OPTIONS")
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, "{$1}")}`)
      // The resources are one route over every model: the document has one path per model instead.
      .map((route) => route.replace("/v1/resources/{model}", "/v1/resources/genericContact"));
    expect(routes.filter((route) => !documented.has(route))).toEqual([]);
    // The proxy is one ALL route: documented per method.
    expect(server.app.routes.some((route) => route.method === "ALL" && route.path === "/v1/proxy/*")).toBe(true);
    expect(documented).toContain("POST /v1/proxy/{exactPath}");
  });

  it("answers a revalidation with 304 when the document has not changed", async () => {
    const first = await server.app.request("/openapi.json");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await server.app.request("/openapi.json", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await server.app.request("/openapi.json", { headers: { "if-none-match": '"other"' } })).status).toBe(200);
  });

  it("gzips the document and the reference for clients that take it, and only for them", async () => {
    for (const path of ["/openapi.json", "/docs"]) {
      const plain = await server.app.request(path);
      expect(plain.headers.get("content-encoding")).toBeNull();
      const plainBytes = Buffer.byteLength(await plain.text());
      const zipped = await server.app.request(path, { headers: { "accept-encoding": "gzip" } });
      expect(zipped.headers.get("content-encoding")).toBe("gzip");
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(bytes.length).toBeLessThan(plainBytes / 5);
      expect(gunzipSync(bytes).length).toBeGreaterThan(plainBytes * 0.9); // /docs has a fresh CSP nonce per answer
    }
  });

  it("needs no key for /openapi.json and /docs", async () => {
    expect((await server.app.request("/openapi.json", { headers: { authorization: `Bearer wrong-${TEST_SECRET_KEY}` } })).status).toBe(200);
  });
});

describe("the response check", () => {
  it("catches an undocumented status and a body of the wrong shape", async () => {
    const app = new Hono();
    const thing = z.object({ name: z.string() }).meta({ id: "Thing" });
    const spec = { tag: "Things", summary: "A thing", auth: "secretKey", errors: ["NOT_FOUND"], responses: { 200: { description: "The thing.", json: thing } } } as const;
    app.get("/things/:id", describeRoute({ ...spec, errors: [...spec.errors] }), (c) => {
      const id = c.req.param("id");
      if (id === "teapot") return c.json({ name: "tea" }, 418);
      if (id === "wrong") return c.json({ name: 42 });
      if (id === "gone") return c.json({ error: { code: "NOT_FOUND", message: "No such thing." } }, 404);
      if (id === "conflict") return c.json({ error: { code: "NEEDS_REAUTH", message: "Not on this route." } }, 409);
      return c.json({ name: id });
    });
    const { ModelRegistry } = await import("../connectors/exact-online/model-registry");
    const { EventCatalogue } = await import("../webhooks/catalogue");
    const models = new ModelRegistry();
    const checker = new ResponseChecker(await buildOpenApiDocument(app, models, new EventCatalogue(models)));
    const answer = async (path: string) => {
      const response = await app.request(path);
      return checker.check({ method: "GET", path, status: response.status, contentType: response.headers.get("content-type"), body: await response.text() });
    };

    expect(await answer("/things/kettle")).toEqual([]);
    expect(await answer("/things/gone")).toEqual([]);
    expect((await answer("/things/teapot"))[0]).toContain("status 418 is not documented");
    expect((await answer("/things/wrong"))[0]).toContain("does not match the documented schema: /name must be string");
    expect((await answer("/things/conflict"))[0]).toContain("status 409 is not documented");
    // A path no operation has: only the app's own not-found answer passes.
    expect(checker.check({ method: "GET", path: "/nowhere", status: 404, contentType: "application/json", body: '{"error":{"code":"NOT_FOUND","message":"No route"}}' })).toEqual([]);
    expect(checker.check({ method: "GET", path: "/nowhere", status: 200, contentType: "application/json", body: "{}" })[0]).toContain("no operation");
  });

  it("fails a test server's close() when the app answered something undocumented", async () => {
    const server = await startTestServer();
    // A route the document does not have (added after the document was built, as a forgotten description would be).
    server.app.get("/v1/undocumented-extra", (c) => c.json({ hello: "world" }));
    const health = await server.app.request("/health");
    expect(health.status).toBe(200);
    expect(server.contract.violations).toEqual([]);
    await server.app.request("/v1/undocumented-extra");
    await expect(server.close()).rejects.toThrow(/not as the OpenAPI document says/);
  });
});
