import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import type { ServerContext } from "../context";
import { requireSecretKey } from "../security/auth-middleware";
import { allEndpoints, changeEndpoint, createEndpoint, endpointView, getEndpoint, removeEndpoint, rotateSecret, sendTestEvent } from "../webhooks/endpoint-service";
import { ownerIdSchema } from "../security/owner-id";
import { validationHook } from "./validation";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";

// Refused at the boundary: PostgreSQL cannot store a NUL in text (a 500 otherwise), and no URL, event
// type or one-line note needs a control character. A description may span lines.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const noControlCharacters = (pattern: RegExp) => (value: string) => !pattern.test(value);

const url = z.string().min(1).refine(noControlCharacters(CONTROL_CHARACTERS), "must not contain control characters");
const eventType = z.string().min(1).max(128).refine(noControlCharacters(CONTROL_CHARACTERS), "must not contain control characters");
const eventList = z.array(eventType).min(1, "list at least one event type, or leave events out for all").max(200);
// The owner-id rule of minting: an endpoint scoped to an id no session can carry would never get an event.
const ownerId = ownerIdSchema;
const description = z.string().max(500).refine(noControlCharacters(CONTROL_CHARACTERS_BUT_LINE_BREAKS), "must not contain control characters other than tabs and line breaks");
// Strict: a misspelt field ("event") must not silently mean "every event".
const createBody = z.strictObject({ url, events: eventList.optional(), ownerId: ownerId.optional(), description: description.optional(), includeRaw: z.boolean().optional() });
const patchBody = z.strictObject({
  url: url.optional(),
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

  app.post("/", describe({ ...OPERATIONS.createWebhookEndpoint, body: createBody }), zValidator("json", createBody, validationHook), async (c) => {
    const { endpoint, secret } = await createEndpoint(ctx, c.req.valid("json"));
    return c.json({ data: { ...endpointView(endpoint), secret } }, 201);
  });

  app.get("/", describe(OPERATIONS.listWebhookEndpoints), async (c) => c.json({ data: (await allEndpoints(ctx)).map(endpointView) }));

  app.get("/:id", describe(OPERATIONS.getWebhookEndpoint), async (c) => c.json({ data: endpointView(await getEndpoint(ctx, c.req.param("id"))) }));

  app.patch("/:id", describe({ ...OPERATIONS.updateWebhookEndpoint, body: patchBody }), zValidator("json", patchBody, validationHook), async (c) => {
    return c.json({ data: endpointView(await changeEndpoint(ctx, c.req.param("id"), c.req.valid("json"))) });
  });

  app.delete("/:id", describe(OPERATIONS.deleteWebhookEndpoint), async (c) => {
    await removeEndpoint(ctx, c.req.param("id"));
    return c.body(null, 204);
  });

  app.post("/:id/rotate-secret", describe(OPERATIONS.rotateWebhookSecret), async (c) => {
    const { endpoint, secret } = await rotateSecret(ctx, c.req.param("id"));
    return c.json({ data: { ...endpointView(endpoint), secret } });
  });

  app.post("/:id/test", describe(OPERATIONS.testWebhookEndpoint), async (c) => c.json({ data: await sendTestEvent(ctx, c.req.param("id")) }, 202));

  return app;
}
