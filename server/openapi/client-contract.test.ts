import { beforeAll, describe, expect, it } from "vitest";
import { createMorphClient } from "../client";
import type { OpenApiDocument } from "./document";
import { ResponseChecker } from "./response-check";
import { standaloneDocument } from "./standalone";

type Client = ReturnType<typeof createMorphClient>;
const OWNER = "org_contract";
const ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/**
 * One call of every client method, with input a backend would send. A method missing here fails the test
 * below ("every method is called"), so a new client method is checked against the document too.
 */
const CALLS: Record<string, (client: Client) => Promise<unknown>> = {
  "sessions.create": (c) => c.sessions.create({ ownerId: OWNER, operations: ["genericContact::list"], optionalOperations: ["genericContact::create"], expiresIn: 600 }),
  "connections.create": (c) => c.connections.create({ ownerId: OWNER, operations: ["genericContact::list"], metadata: { plan: "pro" }, tags: ["eu"] }),
  "connections.update": (c) => c.connections.update(OWNER, { metadata: { plan: "free" }, tags: [] }),
  "connections.listDivisions": (c) => c.connections.listDivisions(OWNER),
  "connections.list": (c) => c.connections.list({ status: "connected", tag: ["eu", "vip"], search: "acme", limit: 10 }),
  "connections.all": async (c) => {
    for await (const connection of c.connections.all({ status: "pending" })) void connection;
  },
  "connections.get": (c) => c.connections.get(OWNER),
  "connections.delete": (c) => c.connections.delete(OWNER),
  "connections.permissions": (c) => c.connections.permissions(OWNER, { division: 1234567 }),
  "connections.setFieldMapping": (c) => c.connections.setFieldMapping(OWNER, { genericCompany: { vatNumber: "VATNumber" } }),
  "connections.authorize": (c) => c.connections.authorize(OWNER, { redirectUrl: "https://app.example.com/done", region: "nl", expiresIn: 3600 }),
  "connections.revokeAuthorization": (c) => c.connections.revokeAuthorization(OWNER, "cl_123"),
  "resources().list": (c) => c.resources("genericContact").list(OWNER, { limit: 5, search: "jan", filter: { email: "a@b.nl" }, raw: true }),
  "resources().all": async (c) => {
    for await (const record of c.resources("genericCompany").all(OWNER, { limit: 100 })) void record;
  },
  "resources().retrieve": (c) => c.resources("genericContact").retrieve(OWNER, ID, { raw: true, division: 1234567 }),
  "resources().create": (c) => c.resources("genericContact").create(OWNER, { firstName: "Jan", lastName: "Jansen", company: { id: ID } }),
  "resources().update": (c) => c.resources("genericContact").update(OWNER, ID, { email: "jan@example.com" }),
  "resources().delete": (c) => c.resources("genericContact").delete(OWNER, ID),
  "resources().fields": (c) => c.resources("genericContact").fields(OWNER),
  "webhooks.endpoints.create": (c) => c.webhooks.endpoints.create({ url: "https://hooks.example.com/morph", events: ["genericContact.created"], description: "CRM sync" }),
  "webhooks.endpoints.list": (c) => c.webhooks.endpoints.list(),
  "webhooks.endpoints.get": (c) => c.webhooks.endpoints.get("we_1"),
  "webhooks.endpoints.update": (c) => c.webhooks.endpoints.update("we_1", { events: null, disabled: false }),
  "webhooks.endpoints.delete": (c) => c.webhooks.endpoints.delete("we_1"),
  "webhooks.endpoints.rotateSecret": (c) => c.webhooks.endpoints.rotateSecret("we_1"),
  "webhooks.endpoints.test": (c) => c.webhooks.endpoints.test("we_1"),
  "webhooks.deliveries.list": (c) => c.webhooks.deliveries.list({ status: "failed", limit: 10 }),
  "webhooks.deliveries.get": (c) => c.webhooks.deliveries.get("wd_1"),
  "webhooks.deliveries.retry": (c) => c.webhooks.deliveries.retry("wd_1"),
  proxy: async (c) => {
    await c.proxy(OWNER, "GET", "/api/v1/{division}/crm/Contacts?$top=5");
    await c.proxy(OWNER, "POST", "/api/v1/{division}/crm/Accounts", { Name: "Acme" });
  },
};

/**
 * Secret-key operations of the document that the client has no method for, on purpose. Keep it short.
 */
const WITHOUT_CLIENT_METHOD = new Set([
  // Read back what setFieldMapping returned; the connection's own GET carries no mapping yet.
  "getFieldMapping",
  // The proxy's PUT and DELETE go through the same `proxy(ownerId, method, …)` as its GET and POST.
  "proxy_put",
  "proxy_delete",
]);

/** Every function of the client, as dotted paths; `resources(model)` is walked as `resources()`. */
function methodPaths(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([name, member]) => {
    const path = `${prefix}${name}`;
    if (name === "resources" && typeof member === "function") return methodPaths((member as (model: string) => object)("genericContact"), "resources().");
    if (typeof member === "function") return [path];
    return member && typeof member === "object" ? methodPaths(member as object, `${path}.`) : [];
  });
}

describe("the typed client against the OpenAPI document", () => {
  let document: OpenApiDocument;
  let checker: ResponseChecker;
  const requests: Array<{ call: string; method: string; path: string; body: string | undefined; headers: Headers }> = [];

  beforeAll(async () => {
    document = await standaloneDocument();
    checker = new ResponseChecker(document);
    for (const [call, run] of Object.entries(CALLS)) {
      // A recording fetch: the request as the client sends it; an answer every method can read (one empty page).
      const client = createMorphClient({
        serverUrl: "http://morph.test",
        secretKey: "sk_contract",
        fetch: async (input, init) => {
          const url = new URL(String(input));
          requests.push({ call, method: init?.method ?? "GET", path: url.pathname, body: init?.body === undefined ? undefined : String(init.body), headers: new Headers(init?.headers) });
          return new Response(JSON.stringify({ data: [], next: null }), { status: 200, headers: { "content-type": "application/json" } });
        },
      });
      await run(client);
    }
  });

  it("calls every client method", () => {
    const client = createMorphClient({ serverUrl: "http://morph.test", secretKey: "sk_contract" });
    expect(methodPaths(client).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it("sends each request to a documented operation, with a body valid against the documented request schema", () => {
    const violations: string[] = [];
    for (const request of requests) {
      const found = checker.operationFor(request.method, request.path);
      if (!found) {
        violations.push(`${request.call}: ${request.method} ${request.path} is not in the document`);
        continue;
      }
      const operation = found.operation as { security?: Array<Record<string, unknown>>; parameters?: Array<{ in: string; name: string; required?: boolean }> };
      if (!operation.security?.some((requirement) => "secretKey" in requirement)) violations.push(`${request.call}: ${found.path} is not a secret-key operation`);
      for (const header of (operation.parameters ?? []).filter((p) => p.in === "header" && p.required)) {
        if (!request.headers.has(header.name)) violations.push(`${request.call}: the required header ${header.name} is missing`);
      }
      violations.push(...checker.checkRequestBody(request.method, request.path, request.body).map((v) => `${request.call}: ${v}`));
    }
    expect(violations).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(Object.keys(CALLS).length);
  });

  it("has a method for every secret-key operation of the document (or says why not)", () => {
    const reached = new Set(requests.map((request) => checker.operationFor(request.method, request.path)?.operationId));
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item as Record<string, { operationId?: string; security?: Array<Record<string, unknown>> }>)) {
        if (!operation.security?.some((requirement) => "secretKey" in requirement)) continue;
        // One resource model stands for all: the client's `resources(model)` is generic over the model.
        if (/^\/v1\/resources\/(?!genericContact\b)/.test(path)) continue;
        const id = operation.operationId ?? `${method} ${path}`;
        if (!reached.has(id) && !WITHOUT_CLIENT_METHOD.has(id)) missing.push(`${method.toUpperCase()} ${path} (${id})`);
      }
    }
    expect(missing).toEqual([]);
    // The allow-list holds only operations that exist.
    const all = new Set(Object.values(document.paths ?? {}).flatMap((item) => Object.values(item as Record<string, { operationId?: string }>).map((o) => o.operationId)));
    for (const id of WITHOUT_CLIENT_METHOD) expect(all.has(id), id).toBe(true);
  });
});
