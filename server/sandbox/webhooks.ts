/**
 * Exact's webhooks, as the sandbox plays them: one POST per subscription on the topic when a record changes, and
 * the empty POST that tests a callback before a subscription exists.
 */
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
 * Exact's EventCreatedOn has milliseconds and no zone, e.g. "2020-01-06T16:26:08.587" (payloads quoted in
 * public client code). Which zone Exact's clock is in is not documented: the sandbox writes UTC (unconfirmed).
 */
export function eventCreatedOn(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23);
}

/**
 * Notifies every subscription of the division on the topic of the changed record. A change from any app or from
 * Exact's own screens reaches every subscribed app, each with its own ClientId. A record that Exact reports as
 * another (a sales invoice line) raises an Update of that one. Fire and forget, errors swallowed: a broken
 * callback must never fail or delay the write that caused it.
 */
export function deliverWebhooks(
  entity: EntityDef,
  action: WebhookAction,
  key: string,
  row: Record<string, unknown>,
  ctx: EntityContext,
  options: { publicUrl: string; webhookSecret: string },
): void {
  if (ctx.state.webhooksPaused) return;
  const owner = entity.reportsAs?.(row, ctx);
  const target = owner ? owner.entity : entity;
  const topic = target.webhookTopic;
  if (!topic) return;
  const eventKey = owner ? owner.key : key;
  const eventAction = owner ? "Update" : action;
  const subscriptions = [...tableOf(ctx.state, ctx.division, "webhooks/WebhookSubscriptions").values()].filter((s) => s.Topic === topic);
  for (const subscription of subscriptions) {
    const contentText = JSON.stringify({
      Topic: topic,
      ClientId: subscription.ClientID,
      Division: ctx.division,
      Action: eventAction,
      Key: eventKey,
      ExactOnlineEndpoint: `${options.publicUrl}/api/v1/${ctx.division}/${target.path}(${keyLiteral(target, eventKey)})`,
      EventCreatedOn: eventCreatedOn(ctx.now),
    });
    // Built by hand so that the hashed text is byte for byte the Content text in the body. The sandbox has one
    // app, so one webhook secret; Exact keys each app's events with that app's secret.
    const body = `{"Content":${contentText},"HashCode":"${webhookHashCode(contentText, options.webhookSecret)}"}`;
    try {
      fetch(String(subscription.CallbackURL), { method: "POST", headers: { "Content-Type": "application/json" }, body, redirect: "manual" }).catch(() => undefined);
    } catch {
      // an invalid URL or a missing fetch: ignored, like a failed delivery
    }
  }
}

/** How long the sandbox waits for a callback to answer its test POST (Exact's own limit is not documented). */
const CALLBACK_TEST_TIMEOUT_MS = 10_000;

/**
 * Before a subscription exists Exact POSTs an empty request to the CallbackURL and wants a 200. Otherwise the
 * subscription is refused with a 500 and, e.g., "Invalid: Post to callback URL endpoint returns 503 Service
 * Temporarily Unavailable" or, when nothing answered, "... returns 500 An error occurred while sending the
 * request." (picqer/exact-php-client#522 and #438). Returns that message, or undefined when the callback passed.
 */
export async function testCallback(url: string): Promise<string | undefined> {
  const prefix = "Invalid: Post to callback URL endpoint returns";
  try {
    const answer = await fetch(url, { method: "POST", body: "", redirect: "manual", signal: AbortSignal.timeout(CALLBACK_TEST_TIMEOUT_MS) });
    await answer.arrayBuffer().catch(() => undefined);
    if (answer.status === 200) return undefined;
    return `${prefix} ${answer.status} ${answer.statusText || "Error"}`.trimEnd();
  } catch {
    return `${prefix} 500 An error occurred while sending the request.`;
  }
}
