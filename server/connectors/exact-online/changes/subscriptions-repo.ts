/** The Exact webhook subscriptions we made: one per (region, division, topic), with a lease for whoever changes it. */
import type { Db } from "../../../storage/database";
import type { ExactWebhookSubscriptionsTable } from "../../../storage/schema";

export type SubscriptionRow = ExactWebhookSubscriptionsTable;

export interface SubscriptionKey {
  region: string;
  division: number;
  topic: string;
}

export async function allSubscriptions(db: Db): Promise<SubscriptionRow[]> {
  return db.selectFrom("exact_webhook_subscriptions").selectAll().execute();
}

/**
 * Takes the row's lease (creating a pending row if there is none); false when another process holds it.
 * One conditional statement, the same on SQLite and PostgreSQL.
 */
export async function takeSubscriptionLease(db: Db, key: SubscriptionKey, callbackUrl: string, now: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .insertInto("exact_webhook_subscriptions")
    .values({
      ...key,
      subscription_id: null,
      callback_url: callbackUrl,
      status: "pending",
      last_error: null,
      retry_at: null,
      lease_until: now + leaseMs,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(["region", "division", "topic"])
        .doUpdateSet({ lease_until: now + leaseMs })
        .where((eb) => eb.or([eb("exact_webhook_subscriptions.lease_until", "is", null), eb("exact_webhook_subscriptions.lease_until", "<", now)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markSubscribed(db: Db, key: SubscriptionKey, subscriptionId: string, callbackUrl: string, now: number): Promise<void> {
  await db
    .updateTable("exact_webhook_subscriptions")
    .set({ subscription_id: subscriptionId, callback_url: callbackUrl, status: "active", last_error: null, retry_at: null, lease_until: null, updated_at: now })
    .where("region", "=", key.region)
    .where("division", "=", key.division)
    .where("topic", "=", key.topic)
    .execute();
}

export async function markSubscriptionFailed(db: Db, key: SubscriptionKey, error: string, retryAt: number, now: number): Promise<void> {
  await db
    .updateTable("exact_webhook_subscriptions")
    .set({ status: "failed", last_error: error.slice(0, 500), retry_at: retryAt, lease_until: null, updated_at: now })
    .where("region", "=", key.region)
    .where("division", "=", key.division)
    .where("topic", "=", key.topic)
    .execute();
}

export async function deleteSubscriptionRow(db: Db, key: SubscriptionKey): Promise<void> {
  await db
    .deleteFrom("exact_webhook_subscriptions")
    .where("region", "=", key.region)
    .where("division", "=", key.division)
    .where("topic", "=", key.topic)
    .execute();
}

/**
 * The topics with an active subscription on a division to this callback, and since when (the time it became
 * active: Exact's notifications flow from then on). What the poller needs to know what webhooks cover.
 */
export async function activeSubscriptionsSince(db: Db, region: string, division: number, callbackUrl: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("exact_webhook_subscriptions")
    .select(["topic", "updated_at"])
    .where("region", "=", region)
    .where("division", "=", division)
    .where("callback_url", "=", callbackUrl)
    .where("status", "=", "active")
    .execute();
  return new Map(rows.map((row) => [row.topic, Number(row.updated_at)]));
}
