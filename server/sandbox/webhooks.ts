import { createHmac } from "node:crypto";
import type { EntityContext, EntityDef } from "./entity-types";
import { keyLiteral } from "./odata-query";
import { tableOf } from "./state";

export type WebhookAction = "Create" | "Update" | "Delete";

/** Exact's HashCode: uppercase hex HMAC-SHA256 of the raw Content JSON text, keyed with the webhook secret. */
export function webhookHashCode(contentText: string, webhookSecret: string): string {
  return createHmac("sha256", webhookSecret).update(contentText, "utf8").digest("hex").toUpperCase();
}

/**
 * Posts a notification to every subscription of this app and division on the entity's topic. Fire and
 * forget, errors swallowed: a broken callback must never fail the write that caused it.
 */
export function deliverWebhooks(
  entity: EntityDef,
  action: WebhookAction,
  key: unknown,
  ctx: EntityContext,
  options: { publicUrl: string; webhookSecret: string },
): void {
  const topic = entity.webhookTopic;
  if (!topic) return;
  const subscriptions = [...tableOf(ctx.state, ctx.division, "webhooks/WebhookSubscriptions").values()].filter(
    (s) => s.Topic === topic && s.ClientID === ctx.clientId,
  );
  for (const subscription of subscriptions) {
    const contentText = JSON.stringify({
      Topic: topic,
      ClientId: ctx.clientId,
      Division: ctx.division,
      Action: action,
      Key: String(key),
      ExactOnlineEndpoint: `${options.publicUrl}/api/v1/${ctx.division}/${entity.path}(${keyLiteral(entity, key)})`,
      EventCreatedOn: new Date(ctx.now).toISOString(),
    });
    // Built by hand so that the hashed text is byte for byte the Content text in the body.
    const body = `{"Content":${contentText},"HashCode":"${webhookHashCode(contentText, options.webhookSecret)}"}`;
    try {
      fetch(String(subscription.CallbackURL), { method: "POST", headers: { "Content-Type": "application/json" }, body }).catch(() => undefined);
    } catch {
      // an invalid URL or a missing fetch: ignored, like a failed delivery
    }
  }
}
