import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { CONNECTOR_ID, DIVISION_SELECTIONS } from "../../src/protocol";
import { disconnect, getConnection, recheckPermissions, setFieldMapping } from "../connect-flow/connect-flow";
import {
  connectionNotFound,
  connectionRecord,
  DEFAULT_LIST_LIMIT,
  listConnections,
  MAX_LIST_LIMIT,
  requestConnection,
  updateConnection,
  type ListInput,
} from "../connections/connections";
import { listDivisions } from "../connections/divisions";
import { createLink, revokeConnectLink } from "../connect-links/links";
import { MAX_TAGS, parseMetadata, parseTags, TAG } from "../connections/labels";
import type { ServerContext } from "../context";
import { assertMappableTargets } from "../connectors/exact-online/mapped-fields";
import { MorphError } from "../errors";
import { usableConnection } from "../resources/resource-access";
import { requireSecretKey } from "../security/auth-middleware";
import { invalidOwnerIdParam, isLegacyOwnerId, isOwnerId, ownerIdSchema } from "../security/owner-id";
import { toResource } from "../storage/connections-repo";
import { validationHook } from "./validation";
import { describe } from "../openapi/describe";
import { metadataSchema, OPERATIONS, tagsSchema } from "../openapi/operations";
import { fieldMappingSchema } from "../openapi/schemas";

const operationList = z.array(z.string().min(1)).max(60);

/** `POST /v1/connections`. Metadata and tags are checked by labels.ts, which names the offending key or index. */
const connectionRequest = z.strictObject({
  connectorId: z.literal(CONNECTOR_ID),
  ownerId: ownerIdSchema,
  operations: operationList.min(1),
  optionalOperations: operationList.optional(),
  metadata: z.unknown().optional(),
  tags: z.unknown().optional(),
});

/** A division code as Exact writes it: a positive integer. */
const divisionCode = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * `PATCH /v1/connections/:connectorId/:ownerId`: each given value replaces the whole one. Division codes are
 * checked with Exact by connections/divisions.ts, never trusted from here.
 */
const connectionChanges = z.strictObject({
  metadata: z.unknown().optional(),
  tags: z.unknown().optional(),
  divisions: z.array(divisionCode).max(1000).optional(),
  defaultDivision: divisionCode.optional(),
});

/** `POST /v1/connections/:connectorId/:ownerId/authorize`; redirectUrl's origin and expiresIn's range are links.ts's to check. */
const authorizeRequest = z.strictObject({
  redirectUrl: z.string().max(2048).optional(),
  region: z.string().max(16).optional(),
  expiresIn: z.number().int().optional(),
  allowUserChange: z.boolean().optional(),
  /** Issue 18: when the user's token reaches several divisions, may they keep several (default) or one. */
  divisionSelection: z.enum(DIVISION_SELECTIONS).optional(),
});

/** The labels as the document shows them: labels.ts checks them and names the offending key or index. */
const documentedLabels = { metadata: metadataSchema.optional(), tags: tagsSchema.optional() };

const LIST_PARAMETERS = new Set(["connectorId", "status", "ownerId", "tag", "search", "limit", "cursor"]);
const STATUSES = ["pending", "connected", "needs_reauth"] as const;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const badParameter = (field: string, message: string) => new MorphError("VALIDATION_ERROR", `${field}: ${message}`, { field });

/** `GET /v1/connections?connectorId&status&ownerId&tag…&search&limit&cursor`, every parameter checked before any query. */
function listInput(queries: Record<string, string[]>): ListInput {
  for (const name of Object.keys(queries)) if (!LIST_PARAMETERS.has(name)) throw badParameter(name, `unknown parameter; use ${[...LIST_PARAMETERS].join(", ")}`);
  const one = (name: string) => queries[name]?.[0];
  const connectorId = one("connectorId");
  if (connectorId !== undefined && connectorId !== CONNECTOR_ID) throw badParameter("connectorId", `must be "${CONNECTOR_ID}"`);
  const status = one("status");
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw badParameter("status", `must be one of ${STATUSES.join(", ")}`);
  const ownerId = one("ownerId");
  if (ownerId !== undefined && !isOwnerId(ownerId) && !isLegacyOwnerId(ownerId)) throw badParameter("ownerId", "not an owner id");
  const tags = queries.tag ?? [];
  if (tags.length > MAX_TAGS) throw badParameter("tag", `at most ${MAX_TAGS}`);
  tags.forEach((tag) => {
    if (!TAG.test(tag)) throw badParameter("tag", "must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -");
  });
  const search = one("search");
  if (search !== undefined && (search.length < 1 || search.length > 200 || CONTROL_CHARACTERS.test(search))) {
    throw badParameter("search", "must be 1 to 200 characters without control characters");
  }
  const rawLimit = one("limit");
  const limit = rawLimit === undefined ? DEFAULT_LIST_LIMIT : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw badParameter("limit", `must be an integer from 1 to ${MAX_LIST_LIMIT}`);
  return { connectorId, status: status as ListInput["status"], ownerId, tags, search, limit, cursor: one("cursor") || undefined };
}

/** `{ genericCompany: { vatNumber: "VATNumber" } }`: extra unified fields per model (custom ones too), read from and written to Exact fields. */
const fieldMappingRecord = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9]{1,62}$/, "must be a model name"),
  z.record(z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, "unified field names are camelCase"), z.string().regex(/^[A-Z][A-Za-z0-9_]{0,63}$/, "must be an Exact field name")),
);

/**
 * Keys named like Object's built-ins are refused, not dropped: JSON.parse makes "__proto__" an own key, which
 * z.record then leaves out without a word, and a unified field "constructor" or "toString" would shadow them
 * on every record this connection reads.
 */
const fieldMappingBody = z
  .unknown()
  .superRefine((body, issues) => {
    if (typeof body !== "object" || body === null) return;
    for (const [model, fields] of Object.entries(body)) {
      if (model in Object.prototype) issues.addIssue({ code: "custom", path: [model], message: "is the name of an Object built-in, not a model" });
      if (typeof fields !== "object" || fields === null) continue;
      for (const field of Object.keys(fields)) {
        if (field in Object.prototype) issues.addIssue({ code: "custom", path: [model, field], message: "is the name of an Object built-in; choose another field name" });
      }
    }
  })
  .pipe(fieldMappingRecord);

/** `/v1/connections` (secret key): the backend's connections: created, labelled, listed, read, deleted. */
export function connectionRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));

  // A new owner: 201 and a pending connection; an existing one: 200, its request and labels replaced.
  app.post("/", describe({ ...OPERATIONS.createConnection, body: connectionRequest.extend(documentedLabels) }), zValidator("json", connectionRequest, validationHook), async (c) => {
    const body = c.req.valid("json");
    const metadata = body.metadata === undefined ? undefined : parseMetadata(body.metadata);
    const tags = body.tags === undefined ? undefined : parseTags(body.tags);
    const { created, connection } = await requestConnection(ctx, { ...body, metadata, tags });
    return c.json({ data: toResource(connection) }, created ? 201 : 200);
  });

  app.get("/", describe(OPERATIONS.listConnections), async (c) => {
    const { data, next } = await listConnections(ctx, listInput(c.req.queries()));
    return c.json({ data: data.map(toResource), next });
  });
  // A connection stored before the owner-id rule, under an id that minting now refuses, is still served so
  // that it can be read and deleted. The database is never asked about control characters (PostgreSQL fails
  // on a NUL in text, which gave a 500).
  const storedBeforeOwnerIdRule = async (ownerId: string) => isLegacyOwnerId(ownerId) && (await getConnection(ctx, CONNECTOR_ID, ownerId)) !== undefined;
  // An owner id that minting refuses is a 400, as in the x-owner-id header.
  const knownKeys = createMiddleware(async (c, next) => {
    const [connectorId, ownerId] = [c.req.param("connectorId") ?? "", c.req.param("ownerId") ?? ""];
    if (connectorId !== CONNECTOR_ID) throw notFound(ownerId);
    if (!isOwnerId(ownerId) && !(await storedBeforeOwnerIdRule(ownerId))) throw invalidOwnerIdParam();
    await next();
  });
  app.use("/:connectorId/:ownerId", knownKeys);
  app.use("/:connectorId/:ownerId/*", knownKeys);

  // Any status, pending included (then without token expiries).
  app.get("/:connectorId/:ownerId", describe(OPERATIONS.getConnection), async (c) => {
    const connection = await connectionRecord(ctx, c.req.param("connectorId"), c.req.param("ownerId"));
    const authorized = connection.status !== "pending";
    return c.json({
      data: {
        ...toResource(connection),
        accessTokenExpiresAt: authorized ? new Date(connection.accessTokenExpiresAt).toISOString() : null,
        refreshTokenExpiresAt: authorized ? new Date(connection.refreshTokenExpiresAt).toISOString() : null,
      },
    });
  });

  app.patch("/:connectorId/:ownerId", describe({ ...OPERATIONS.updateConnection, body: connectionChanges.extend(documentedLabels) }), zValidator("json", connectionChanges, validationHook), async (c) => {
    const body = c.req.valid("json");
    const changes = {
      metadata: body.metadata === undefined ? undefined : parseMetadata(body.metadata),
      tags: body.tags === undefined ? undefined : parseTags(body.tags),
      divisions: body.divisions,
      defaultDivision: body.defaultDivision,
    };
    return c.json({ data: toResource(await updateConnection(ctx, c.req.param("connectorId"), c.req.param("ownerId"), changes)) });
  });

  // Every division the token reaches, asked of Exact now, and whether the connection holds it (issue 18).
  app.get("/:connectorId/:ownerId/divisions", describe(OPERATIONS.connectionDivisions), async (c) => c.json({ data: await listDivisions(ctx, c.req.param("connectorId"), c.req.param("ownerId")) }));

  // Re-asks Exact's UserHasRights for every granted operation and records the answer (in the division `x-division` names, else the default).
  app.get("/:connectorId/:ownerId/permissions", describe(OPERATIONS.connectionPermissions), async (c) => {
    const connection = await usableConnection(ctx, c.req.param("connectorId"), c.req.param("ownerId"), { recheck: false, division: c.req.header("x-division") });
    const { allowed, missing } = await recheckPermissions(ctx, connection);
    return c.json({ data: { granted: connection.grantedOperations, allowed, missing, checkedAt: new Date(ctx.clock.now()).toISOString() } });
  });

  app.put("/:connectorId/:ownerId/field-mapping", describe({ ...OPERATIONS.setFieldMapping, body: fieldMappingSchema }), zValidator("json", fieldMappingBody, validationHook), async (c) => {
    const connection = await usableConnection(ctx, c.req.param("connectorId"), c.req.param("ownerId"));
    const mapping = c.req.valid("json");
    for (const [model, fields] of Object.entries(mapping)) {
      // Unknown models are setFieldMapping's to refuse; a key target is refused here, before anything is stored.
      const modelDef = ctx.models.get(model);
      if (modelDef) assertMappableTargets(modelDef, fields);
    }
    await setFieldMapping(ctx, connection, mapping);
    return c.json({ data: mapping });
  });

  app.get("/:connectorId/:ownerId/field-mapping", describe(OPERATIONS.getFieldMapping), async (c) => {
    const connection = await connectionRecord(ctx, c.req.param("connectorId"), c.req.param("ownerId"));
    return c.json({ data: connection.fieldMapping });
  });

  // A shareable connect link (issue 17): the hosted page, then Exact, then redirectUrl (or a hosted "Connected" page).
  app.post("/:connectorId/:ownerId/authorize", describe({ ...OPERATIONS.authorizeConnection, body: authorizeRequest, bodyOptional: true }), zValidator("json", authorizeRequest, validationHook), async (c) => {
    const link = await createLink(ctx, c.req.param("connectorId"), c.req.param("ownerId"), c.req.valid("json"));
    return c.json({ data: link }, 201);
  });

  app.delete("/:connectorId/:ownerId/authorize/:id", describe(OPERATIONS.revokeConnectLink), async (c) => {
    await revokeConnectLink(ctx, c.req.param("connectorId"), c.req.param("ownerId"), c.req.param("id"));
    return c.body(null, 204);
  });

  app.delete("/:connectorId/:ownerId", describe(OPERATIONS.deleteConnection), async (c) => {
    await disconnect(ctx, c.req.param("connectorId"), c.req.param("ownerId"), { pending: true });
    return c.body(null, 204);
  });

  return app;
}

export const notFound = connectionNotFound;
