import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import type { ServerContext } from "../context";
import { requireSecretKey } from "../security/auth-middleware";
import { allEndpoints, changeEndpoint, createEndpoint, endpointView, getEndpoint, removeEndpoint, rotateSecret, sendTestEvent } from "../webhooks/endpoint-service";
import { isOwnerId } from "./sessions";
import { validationHook } from "./validation";

const eventList = z.array(z.string().min(1).max(128)).min(1, "list at least one event type, or leave events out for all").max(200);
const ownerId = z.string().min(1).max(255).refine(isOwnerId, "must not contain control characters");
const description = z.string().max(500);
// Strict: a misspelt field ("event") must not silently mean "every event".
const createBody = z.strictObject({ url: z.string().min(1), events: eventList.optional(), ownerId: ownerId.optional(), description: description.optional(), includeRaw: z.boolean().optional() });
const patchBody = z.strictObject({
  url: z.string().min(1).optional(),
  events: eventList.nullable().optional(),
  ownerId: ownerId.nullable().optional(),
  description: description.nullable().optional(),
  includeRaw: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

/** `/v1/webhooks/endpoints` (secret key): where the server sends events, and their secrets. */
export function webhookEndpointRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));

  app.post("/", zValidator("json", createBody, validationHook), async (c) => {
    const { endpoint, secret } = await createEndpoint(ctx, c.req.valid("json"));
    return c.json({ data: { ...endpointView(endpoint), secret } }, 201);
  });

  app.get("/", async (c) => c.json({ data: (await allEndpoints(ctx)).map(endpointView) }));

  app.get("/:id", async (c) => c.json({ data: endpointView(await getEndpoint(ctx, c.req.param("id"))) }));

  app.patch("/:id", zValidator("json", patchBody, validationHook), async (c) => {
    return c.json({ data: endpointView(await changeEndpoint(ctx, c.req.param("id"), c.req.valid("json"))) });
  });

  app.delete("/:id", async (c) => {
    await removeEndpoint(ctx, c.req.param("id"));
    return c.body(null, 204);
  });

  app.post("/:id/rotate-secret", async (c) => {
    const { endpoint, secret } = await rotateSecret(ctx, c.req.param("id"));
    return c.json({ data: { ...endpointView(endpoint), secret } });
  });

  app.post("/:id/test", async (c) => c.json({ data: await sendTestEvent(ctx, c.req.param("id")) }, 202));

  return app;
}
