import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { CONNECTOR_ID, MODELS, type Operation } from "../../src/protocol";
import { checkPermissions } from "../connectors/exact-online/permissions";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { requireSecretKey } from "../security/auth-middleware";
import { deleteConnection, findConnection, toSummary, updateConnection } from "../storage/connections-repo";
import { ResourceService } from "../connectors/exact-online/resources";
import { modelMapping, usableConnection } from "./resource-access";
import { isOwnerId } from "./sessions";
import { validationHook } from "./validation";

/** `{ genericCompany: { vatNumber: "VATNumber" } }`: extra unified fields per model, read from and written to Exact fields. */
const fieldMappingBody = z.partialRecord(
  z.enum(MODELS),
  z.record(z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, "unified field names are camelCase"), z.string().regex(/^[A-Z][A-Za-z0-9_]{0,63}$/, "must be an Exact field name")),
);

/** `/v1/connections/:connectorId/:ownerId` (secret key): the backend's view of a connection. */
export function connectionRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));
  // No connection is stored under a key that minting refuses: answered without asking the database
  // (PostgreSQL fails on a NUL in text, which gave a 500).
  const knownKeys = createMiddleware(async (c, next) => {
    const [connectorId, ownerId] = [c.req.param("connectorId") ?? "", c.req.param("ownerId") ?? ""];
    if (connectorId !== CONNECTOR_ID || !isOwnerId(ownerId)) throw notFound(ownerId);
    await next();
  });
  app.use("/:connectorId/:ownerId", knownKeys);
  app.use("/:connectorId/:ownerId/*", knownKeys);

  app.get("/:connectorId/:ownerId", async (c) => {
    const row = await findConnection(ctx.db, c.req.param("connectorId"), c.req.param("ownerId"));
    if (!row) throw notFound(c.req.param("ownerId"));
    return c.json({
      data: {
        ...toSummary(row),
        accessTokenExpiresAt: new Date(Number(row.access_token_expires_at)).toISOString(),
        refreshTokenExpiresAt: new Date(Number(row.refresh_token_expires_at)).toISOString(),
      },
    });
  });

  // Re-asks Exact's UserHasRights for every granted operation and records the answer.
  app.get("/:connectorId/:ownerId/permissions", async (c) => {
    const row = await usableConnection(ctx, c.req.param("connectorId"), c.req.param("ownerId"));
    const granted = JSON.parse(row.granted_operations) as Operation[];
    const { allowed, missing } = await checkPermissions((request) => ctx.exact.call(row, request), row.division, granted, ctx.models);
    await updateConnection(ctx.db, row.id, { missing_operations: JSON.stringify(missing), updated_at: ctx.now() });
    return c.json({ data: { granted, allowed, missing, checkedAt: new Date(ctx.now()).toISOString() } });
  });

  app.put("/:connectorId/:ownerId/field-mapping", zValidator("json", fieldMappingBody, validationHook), async (c) => {
    const row = await usableConnection(ctx, c.req.param("connectorId"), c.req.param("ownerId"));
    const mapping = c.req.valid("json");
    for (const [model, fields] of Object.entries(mapping)) {
      const modelDef = modelMapping(ctx, model);
      const builtIn = new Set(["id", "createdAt", "updatedAt", "raw", ...modelDef.fields.map((f) => f.name)]);
      // A field Exact does not have would make every $select on this model fail: check against a live record.
      const available = new Set(await new ResourceService(ctx, row, modelDef, {}).availableExactFields());
      for (const [field, exactField] of Object.entries(fields ?? {})) {
        const path = `${model}.${field}`;
        if (builtIn.has(field)) throw new MorphError("VALIDATION_ERROR", `${path}: is a built-in unified field`, { field: path });
        if (available.size > 0 && !available.has(exactField)) {
          throw new MorphError("VALIDATION_ERROR", `${path}: Exact Online's ${modelDef.endpoint} has no field "${exactField}"`, { field: path });
        }
      }
    }
    await updateConnection(ctx.db, row.id, { field_mapping: JSON.stringify(mapping), updated_at: ctx.now() });
    return c.json({ data: mapping });
  });

  app.get("/:connectorId/:ownerId/field-mapping", async (c) => {
    const row = await findConnection(ctx.db, c.req.param("connectorId"), c.req.param("ownerId"));
    if (!row) throw notFound(c.req.param("ownerId"));
    return c.json({ data: JSON.parse(row.field_mapping) as unknown });
  });

  app.delete("/:connectorId/:ownerId", async (c) => {
    const deleted = await deleteConnection(ctx.db, c.req.param("connectorId"), c.req.param("ownerId"));
    if (!deleted) throw notFound(c.req.param("ownerId"));
    return c.body(null, 204);
  });

  return app;
}

export const notFound = (ownerId: string) =>
  new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
