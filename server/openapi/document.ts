/**
 * The OpenAPI 3.1 document of one server: hono-openapi reads the described routes of the app (and of the
 * resource paths generated from this server's model registry), and the event catalogue becomes `webhooks`.
 * Built once per app, on the first `GET /openapi.json` (or by the lint script and the test harness).
 */
import { Hono } from "hono";
import { generateSpecs } from "hono-openapi";
import type { OpenAPIV3_1 } from "openapi-types";
import type { ModelRegistry } from "../connectors/exact-online/model-registry";
import type { EventCatalogue } from "../webhooks/catalogue";
import { CONNECTION_EVENT_TYPES, RECORD_ACTIONS, TEST_EVENT_TYPE } from "../webhooks/catalogue";
import { describe, SECURITY_SCHEMES } from "./describe";
import { OPERATIONS } from "./operations";
import { recordSchemaName, resourceDescriptions } from "./resources";
import { componentSchemas } from "./schemas";

export type OpenApiDocument = OpenAPIV3_1.Document;

const TAGS: OpenAPIV3_1.TagObject[] = [
  { name: "Sessions", description: "Your backend mints a short-lived session token for the widget." },
  { name: "Widget", description: "What the widget calls with the session token (CORS for MORPH_ALLOWED_ORIGINS only), and Exact's redirect back." },
  { name: "Connections", description: "Your customers' connections: create, list, read, label, disconnect, connect links." },
  { name: "Resources", description: "Unified reads and writes of Exact Online data, one path per model of this server." },
  { name: "Proxy", description: "Raw Exact REST calls with the connection's token." },
  { name: "Webhooks", description: "Endpoints that receive signed events (Standard Webhooks), and the delivery log." },
  { name: "Exact webhooks", description: "Where Exact sends its notifications." },
  { name: "Connect links", description: "The hosted connect page a link opens." },
  { name: "Demo", description: "The embeddable demo (sandbox mode)." },
  { name: "Operations", description: "Health, readiness, metrics, this document." },
];

/** The Standard Webhooks headers every delivery carries. */
const SIGNATURE_HEADERS: OpenAPIV3_1.ParameterObject[] = [
  { name: "webhook-id", in: "header", required: true, description: "The event's id (`evt_…`), the same on every retry.", schema: { type: "string" } },
  { name: "webhook-timestamp", in: "header", required: true, description: "Unix seconds; refuse deliveries older than 5 minutes.", schema: { type: "string" } },
  { name: "webhook-signature", in: "header", required: true, description: "`v1,<base64 HMAC-SHA256>` with the endpoint's `whsec_…` secret; several when a secret was just rotated.", schema: { type: "string" } },
];

/** The event catalogue as OpenAPI `webhooks`: one entry per event type, its `data` the record (or summary) it carries. */
function webhooksOf(catalogue: EventCatalogue): Record<string, OpenAPIV3_1.PathItemObject> {
  const envelope = { $ref: "#/components/schemas/WebhookEvent" };
  const eventOf = (type: string, dataSchema: OpenAPIV3_1.SchemaObject | { $ref: string }, summary: string): OpenAPIV3_1.PathItemObject => ({
    post: {
      tags: ["Webhooks"],
      summary,
      operationId: `event_${type.replace(/\W/g, "_")}`,
      parameters: SIGNATURE_HEADERS,
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: { allOf: [envelope, { type: "object", properties: { type: { const: type }, data: dataSchema }, required: ["type", "data"] }] } as never },
        },
      },
      responses: { "200": { description: "Any 2xx acknowledges the event; anything else (or no answer in 10 s) is retried." } },
    },
  });
  const webhooks: Record<string, OpenAPIV3_1.PathItemObject> = {};
  for (const model of catalogue.models) {
    for (const action of RECORD_ACTIONS) {
      const type = `${model}.${action}`;
      const record = action === "deleted" ? { type: "object", properties: { id: { type: "string" } }, required: ["id"] } : { $ref: `#/components/schemas/${recordSchemaName(model)}` };
      webhooks[type] = eventOf(type, record as OpenAPIV3_1.SchemaObject, `A ${model} record was ${action} at Exact`);
    }
  }
  const summary = { anyOf: [{ $ref: "#/components/schemas/ConnectionSummary" }, { $ref: "#/components/schemas/PendingConnectionSummary" }] };
  for (const type of CONNECTION_EVENT_TYPES) webhooks[type] = eventOf(type, summary, `A connection's life: ${type.slice("connection.".length)}`);
  webhooks[TEST_EVENT_TYPE] = eventOf(
    TEST_EVENT_TYPE,
    { type: "object", properties: { endpointId: { type: "string" }, message: { type: "string" } }, required: ["endpointId", "message"] },
    "The test event of `POST /v1/webhooks/endpoints/{id}/test`",
  );
  return webhooks;
}

function mergeComponents(...all: Array<OpenAPIV3_1.ComponentsObject | undefined>): OpenAPIV3_1.ComponentsObject {
  const merged: OpenAPIV3_1.ComponentsObject = {};
  for (const one of all) {
    for (const [kind, entries] of Object.entries(one ?? {})) {
      const key = kind as keyof OpenAPIV3_1.ComponentsObject;
      merged[key] = { ...(merged[key] as object), ...(entries as object) } as never;
    }
  }
  return merged;
}

/**
 * The proxy is one `app.all("/*")` route (any method, any depth), which hono-openapi leaves out (a wildcard
 * has no OpenAPI path): described here for the methods Exact's REST API takes, its path as one parameter.
 */
function proxyDescriptions(): Hono {
  const app = new Hono();
  const noop = () => new Response(null);
  for (const method of ["get", "post", "put", "delete"] as const) {
    app.on(method.toUpperCase(), "/v1/proxy/:exactPath", describe({ ...OPERATIONS.proxy, operationId: `proxy_${method}` }), noop);
  }
  return app;
}

export async function buildOpenApiDocument(app: Hono, models: ModelRegistry, catalogue: EventCatalogue, serverUrl?: string): Promise<OpenApiDocument> {
  const resources = resourceDescriptions(models);
  const documentation = {
    info: {
      title: "morph-connect",
      version: "1",
      description:
        "Connect your customers' Exact Online accounts: sessions for the widget, connections, unified resources, a proxy to Exact's REST API, and signed webhooks. Every error is `{ error: { code, message, details } }` with the HTTP status of its code.",
      license: { name: "MIT", identifier: "MIT" },
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: TAGS,
  };
  const [routes, resourcePaths, proxyPaths] = await Promise.all([
    // excludeStaticFile: false, or /openapi.json itself (a "file" to hono-openapi) would be left out.
    generateSpecs(app, { documentation, excludeStaticFile: false }),
    generateSpecs(resources.app, { documentation }),
    generateSpecs(proxyDescriptions(), { documentation }),
  ]);
  const paths: OpenAPIV3_1.PathsObject = {};
  const all = { ...routes.paths, ...resourcePaths.paths, ...proxyPaths.paths } as OpenAPIV3_1.PathsObject;
  // Sorted, so that the document reads in the order of the contract (and diffs are stable).
  for (const path of Object.keys(all).sort()) paths[path] = all[path];
  const components = mergeComponents(routes.components, resourcePaths.components, {
    schemas: { ...resources.schemas, ...(componentSchemas() as Record<string, OpenAPIV3_1.SchemaObject>) },
    securitySchemes: SECURITY_SCHEMES,
  });
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: documentation.info,
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: TAGS,
    paths,
    webhooks: webhooksOf(catalogue),
    components,
  } as OpenApiDocument;
}
