/**
 * `POST /v1/exact/webhooks`: Exact's notifications. No secret key: Exact signs each with its HashCode.
 * Exact wants a quick 200, so the notification is stored and the work happens after (the inbox processor).
 */
import { Hono } from "hono";
import { bodyLimit } from "../body-limit";
import { receiveExactNotification } from "../connectors/exact-online/changes/receiver";
import type { ServerContext } from "../context";
import { errorBody } from "../errors";
import { logger } from "../observability/logger";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";

/** A notification is a few hundred bytes; anything near this is not one. */
const MAX_NOTIFICATION_BYTES = 16 * 1024;

export function exactWebhookRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", bodyLimit({ maxBytes: MAX_NOTIFICATION_BYTES, drainBytes: 16 * MAX_NOTIFICATION_BYTES, drainMs: 2_000 }));

  app.post("/", describe(OPERATIONS.exactWebhooks), async (c) => {
    const outcome = await receiveExactNotification(
      { db: ctx.db, clock: ctx.clock, webhookSecret: ctx.config.exact.webhookSecret, knownTopics: ctx.exactEvents.topics },
      await c.req.text(),
    );
    switch (outcome.kind) {
      case "validation":
      case "ignored":
        return c.body(null, 200);
      case "stored":
        ctx.exactEvents.processor.wake();
        return c.body(null, 200);
      case "refused":
        // The reason stays in our log; the caller learns only that it was refused.
        logger.warn(`Exact webhook refused: ${outcome.reason}`);
        return c.json(errorBody("UNAUTHORIZED", "The notification's HashCode did not verify."), 401);
      default:
        return outcome satisfies never;
    }
  });
  return app;
}
