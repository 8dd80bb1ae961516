import { Hono } from "hono";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { requireSecretKey } from "../security/auth-middleware";
import { deleteConnection, findConnection, toSummary } from "../storage/connections-repo";

/** `/v1/connections/:connectorId/:ownerId` (secret key): the backend's view of a connection. */
export function connectionRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));

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

  app.delete("/:connectorId/:ownerId", async (c) => {
    const deleted = await deleteConnection(ctx.db, c.req.param("connectorId"), c.req.param("ownerId"));
    if (!deleted) throw notFound(c.req.param("ownerId"));
    return c.body(null, 204);
  });

  return app;
}

export const notFound = (ownerId: string) =>
  new MorphError("CONNECTION_NOT_FOUND", 404, `No Exact Online connection for owner "${ownerId}".`);
