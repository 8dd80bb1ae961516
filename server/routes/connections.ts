import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { CONNECTOR_ID } from "../../src/protocol";
import { disconnect, getConnection, recheckPermissions, setFieldMapping } from "../connect-flow/connect-flow";
import type { ServerContext } from "../context";
import { assertMappableTargets } from "../connectors/exact-online/mapped-fields";
import { MorphError } from "../errors";
import { usableConnection } from "../resources/resource-access";
import { requireSecretKey } from "../security/auth-middleware";
import { invalidOwnerIdParam, isLegacyOwnerId, isOwnerId } from "../security/owner-id";
import { toSummary } from "../storage/connections-repo";
import { validationHook } from "./validation";

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

/** `/v1/connections/:connectorId/:ownerId` (secret key): the backend's view of a connection. */
export function connectionRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));
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

  const existing = async (connectorId: string, ownerId: string) => {
    const connection = await getConnection(ctx, connectorId, ownerId);
    if (!connection) throw notFound(ownerId);
    return connection;
  };

  app.get("/:connectorId/:ownerId", async (c) => {
    const connection = await existing(c.req.param("connectorId"), c.req.param("ownerId"));
    return c.json({
      data: {
        ...toSummary(connection),
        accessTokenExpiresAt: new Date(connection.accessTokenExpiresAt).toISOString(),
        refreshTokenExpiresAt: new Date(connection.refreshTokenExpiresAt).toISOString(),
      },
    });
  });

  // Re-asks Exact's UserHasRights for every granted operation and records the answer.
  app.get("/:connectorId/:ownerId/permissions", async (c) => {
    const connection = await usableConnection(ctx, c.req.param("connectorId"), c.req.param("ownerId"), { recheck: false });
    const { allowed, missing } = await recheckPermissions(ctx, connection);
    return c.json({ data: { granted: connection.grantedOperations, allowed, missing, checkedAt: new Date(ctx.clock.now()).toISOString() } });
  });

  app.put("/:connectorId/:ownerId/field-mapping", zValidator("json", fieldMappingBody, validationHook), async (c) => {
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

  app.get("/:connectorId/:ownerId/field-mapping", async (c) => {
    const connection = await existing(c.req.param("connectorId"), c.req.param("ownerId"));
    return c.json({ data: connection.fieldMapping });
  });

  app.delete("/:connectorId/:ownerId", async (c) => {
    await disconnect(ctx, c.req.param("connectorId"), c.req.param("ownerId"));
    return c.body(null, 204);
  });

  return app;
}

export const notFound = (ownerId: string) => new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
