/**
 * The response (and shared request) schemas of the HTTP contract, in zod: the OpenAPI document is generated
 * from them (describe.ts), the test harness checks every answer against that document, and
 * protocol-types.check.ts proves at compile time that each one's `z.infer` and the matching `src/protocol.ts`
 * type are the same type (the widget keeps the plain interfaces: its bundle must not ship zod).
 */
import { z } from "zod";
import { CONNECTOR_ID, REGIONS, type Operation } from "../../src/protocol";
import { ERROR_STATUS, type ServerErrorCode } from "../errors";
import { DELIVERY_STATUSES } from "../webhooks/outbox-repo";

/** Every code the server answers with; the widget's own (POPUP_BLOCKED, …) never come over HTTP. */
export const SERVER_ERROR_CODES = Object.keys(ERROR_STATUS) as [ServerErrorCode, ...ServerErrorCode[]];

const isoDateTime = z.string().meta({ format: "date-time" });
/** `model::action` or `proxy::read|write`; which ones exist depends on the server's models (see the resources paths). */
const operation = z.string().meta({ description: "`model::action` (e.g. `genericContact::list`) or `proxy::read` / `proxy::write`" }) as z.ZodType<Operation>;

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(SERVER_ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: "ErrorBody", description: "Every error answer: a stable `code` (its HTTP status is fixed by one table), a message, and details." });

const connectionError = z.object({ code: z.string(), message: z.string(), at: isoDateTime }).meta({ id: "ConnectionError" });

const labelsAndHealth = {
  metadata: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  lastUsedAt: isoDateTime.nullable(),
  lastRefreshedAt: isoDateTime.nullable(),
  lastError: connectionError.nullable(),
};

export const connectionDivisionSchema = z
  .object({
    code: z.int(),
    name: z.string(),
    missingOperations: z.array(operation),
    permissions: z.enum(["checked", "unknown"]),
  })
  .meta({ id: "ConnectionDivision" });

export const connectionDivisionChoiceSchema = z
  .object({ code: z.int(), name: z.string(), connected: z.boolean().meta({ description: "Whether the connection serves this division." }) })
  .meta({ id: "ConnectionDivisionChoice", description: "A division the connection's Exact user reaches." });

export const connectionSummarySchema = z
  .object({
    connectionId: z.string(),
    connectorId: z.literal(CONNECTOR_ID),
    ownerId: z.string(),
    region: z.enum(REGIONS),
    division: z.int(),
    divisionName: z.string(),
    divisions: z.array(connectionDivisionSchema),
    defaultDivision: z.int(),
    status: z.enum(["connected", "needs_reauth"]),
    grantedOperations: z.array(operation),
    missingOperations: z.array(operation),
    permissions: z.enum(["checked", "unknown"]),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    ...labelsAndHealth,
  })
  .meta({ id: "ConnectionSummary", description: "An authorized connection as the widget and `onSuccess` see it; never a token." });

export const pendingConnectionSummarySchema = z
  .object({
    connectionId: z.string(),
    connectorId: z.literal(CONNECTOR_ID),
    ownerId: z.string(),
    region: z.null(),
    division: z.null(),
    divisionName: z.null(),
    divisions: z.tuple([]),
    defaultDivision: z.null(),
    status: z.literal("pending"),
    grantedOperations: z.tuple([]),
    missingOperations: z.tuple([]),
    permissions: z.literal("unknown"),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    ...labelsAndHealth,
  })
  .meta({ id: "PendingConnectionSummary", description: "A connection the backend created that no user has authorized yet." });

const requested = { requestedOperations: z.array(operation), requestedOptionalOperations: z.array(operation) };

export const connectionResourceSchema = z
  .union([connectionSummarySchema.extend(requested), pendingConnectionSummarySchema.extend(requested)])
  .meta({ id: "ConnectionResource", description: "A connection as the backend routes show it: its summary plus the operations last requested." });

const tokenExpiries = { accessTokenExpiresAt: isoDateTime.nullable(), refreshTokenExpiresAt: isoDateTime.nullable() };
export const connectionDetailsSchema = z
  .union([connectionSummarySchema.extend({ ...requested, ...tokenExpiries }), pendingConnectionSummarySchema.extend({ ...requested, ...tokenExpiries })])
  .meta({ id: "ConnectionDetails", description: "A connection and its tokens' expiries (null while pending), never the tokens." });

export const sessionModelSchema = z
  .object({ name: z.string(), label: z.string(), operations: z.array(z.enum(["list", "retrieve", "create", "update", "delete", "read", "write"])) })
  .meta({ id: "SessionModel" });

export const sessionInfoSchema = z
  .object({
    connectorId: z.literal(CONNECTOR_ID),
    ownerId: z.string(),
    regions: z.array(z.enum(REGIONS)),
    defaultRegion: z.enum(REGIONS),
    operations: z.array(operation),
    optionalOperations: z.array(operation),
    models: z.array(sessionModelSchema),
    expiresAt: isoDateTime,
    sandbox: z.boolean(),
    connection: connectionSummarySchema.nullable(),
  })
  .meta({ id: "SessionInfo" });

export const connectionResponseSchema = z.object({ connection: connectionSummarySchema.nullable() }).meta({ id: "ConnectionResponse" });

const attemptError = z.object({ code: z.enum([...SERVER_ERROR_CODES, "POPUP_BLOCKED", "POPUP_CLOSED", "CANCELLED", "NETWORK_ERROR"]), message: z.string() });
export const attemptOutcomeSchema = z
  .discriminatedUnion("status", [
    z.object({ status: z.literal("pending") }),
    z.object({ status: z.literal("succeeded"), connection: connectionSummarySchema }),
    z.object({ status: z.literal("failed"), error: attemptError }),
    z.object({ status: z.literal("expired") }),
    z.object({ status: z.literal("cancelled") }),
  ])
  .meta({ id: "AttemptOutcome" });

export const previewResponseSchema = z.object({ model: z.string(), data: z.array(z.record(z.string(), z.unknown())) }).meta({ id: "PreviewResponse" });

export const authorizationLinkSchema = z.object({ id: z.string(), authorizationUrl: z.string().meta({ format: "uri" }), expiresAt: isoDateTime }).meta({ id: "AuthorizationLink" });

export const sessionCreatedSchema = z.object({ sessionToken: z.string(), expiresAt: isoDateTime }).meta({ id: "SessionToken" });

export const healthSchema = z.object({ ok: z.literal(true), sandbox: z.boolean() });

export const permissionsSchema = z
  .object({ granted: z.array(operation), allowed: z.array(operation), missing: z.array(operation), checkedAt: isoDateTime })
  .meta({ id: "Permissions" });

export const fieldMappingSchema = z
  .record(z.string(), z.record(z.string(), z.string()))
  .meta({ id: "FieldMapping", description: "Extra unified fields per model: `{ genericCompany: { vatNumber: \"VATNumber\" } }`." });

const fieldType = z.enum(["string", "number", "integer", "boolean", "date", "datetime", "guid", "reference", "references", "object"]);
export const unifiedFieldSchema = z
  .object({
    name: z.string(),
    type: fieldType,
    description: z.string(),
    writable: z.boolean(),
    filter: z.boolean().optional(),
    search: z.boolean().optional(),
    required: z.boolean().optional(),
  })
  .meta({ id: "UnifiedField" });

export const modelFieldsSchema = z
  .object({
    model: z.string(),
    operations: z.array(z.enum(["list", "retrieve", "create", "update", "delete"])),
    unified: z.array(unifiedFieldSchema),
    mapped: z.array(z.object({ name: z.string(), exactField: z.string() })),
    exact: z.array(z.string()),
  })
  .meta({ id: "ModelFields" });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).nullable(),
    ownerId: z.string().nullable(),
    description: z.string().nullable(),
    includeRaw: z.boolean(),
    disabled: z.boolean(),
    disabledAt: isoDateTime.nullable(),
    disabledReason: z.string().nullable(),
    previousSecretExpiresAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: "`whsec_…`: shown here and on rotation only; store it." }) })
  .meta({ id: "WebhookEndpointWithSecret" });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES as ["pending", "retrying", "delivered", "failed"]),
    attempts: z.int(),
    nextAttemptAt: isoDateTime.nullable(),
    lastStatusCode: z.int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    attemptLog: z.array(
      z.object({
        attempt: z.int(),
        startedAt: isoDateTime,
        durationMs: z.number(),
        statusCode: z.int().nullable(),
        error: z.string().nullable(),
        responseExcerpt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "WebhookDelivery" });

export const testEventSchema = z.object({ eventId: z.string(), deliveryId: z.string() });

export const webhookEventSchema = z
  .object({
    id: z.string().meta({ description: "`evt_…`: also the `webhook-id` header, the same on every retry: dedupe on it." }),
    type: z.string(),
    createdAt: isoDateTime,
    connectorId: z.literal(CONNECTOR_ID),
    ownerId: z.string().nullable(),
    connectionId: z.string().nullable(),
    model: z.string().nullable(),
    action: z.enum(["created", "updated", "deleted"]).nullable(),
    division: z.int().nullable().meta({ description: "The Exact division the record lives in (the connection's default for `connection.*`); null for test events." }),
    data: z.unknown(),
    raw: z.unknown().optional(),
  })
  .meta({ id: "WebhookEvent" });

/** One page of a list: pass `next` back as `cursor`. */
export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next: z.string().nullable() });
export const data = <T extends z.ZodType>(item: T) => z.object({ data: item });

/** Every schema above that has an `id`, as JSON Schema 2020-12 for `components.schemas`, referring to each other there. */
export function componentSchemas(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: "draft-2020-12", io: "output", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
}
