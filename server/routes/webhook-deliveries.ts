import { Hono } from "hono";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { requireSecretKey } from "../security/auth-middleware";
import { deliveryLog, getDelivery, retryDelivery } from "../webhooks/endpoint-service";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";
import { DELIVERY_STATUSES, type DeliveryStatus } from "../webhooks/outbox-repo";

/** `/v1/webhooks/deliveries` (secret key): the delivery log, newest first, and replays. */
export function webhookDeliveryRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));

  app.get("/", describe(OPERATIONS.listDeliveries), async (c) => {
    const status = c.req.query("status");
    if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status)) {
      throw new MorphError("VALIDATION_ERROR", `status: must be one of ${DELIVERY_STATUSES.join(", ")}`, { field: "status" });
    }
    const rawLimit = c.req.query("limit");
    const limit = rawLimit === undefined ? 20 : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new MorphError("VALIDATION_ERROR", "limit: must be an integer from 1 to 100", { field: "limit" });
    const endpointId = c.req.query("endpointId") || undefined;
    return c.json(await deliveryLog(ctx, { endpointId, status: status as DeliveryStatus | undefined, cursor: c.req.query("cursor") || undefined, limit }));
  });

  app.get("/:id", describe(OPERATIONS.getDelivery), async (c) => c.json({ data: await getDelivery(ctx, c.req.param("id")) }));

  app.post("/:id/retry", describe(OPERATIONS.retryDelivery), async (c) => c.json({ data: await retryDelivery(ctx, c.req.param("id")) }, 202));

  return app;
}
