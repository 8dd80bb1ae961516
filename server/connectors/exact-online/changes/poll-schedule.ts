/**
 * Which models a poll reads. Exact's webhooks bring a change within seconds; polling what they already cover
 * at every poll interval cost an idle connection (contacts, companies, invoices) some 260 Exact calls a day
 * per division to learn that nothing changed. So a model whose topic has a subscription known healthy since
 * its last complete read is read only as a reconciliation (every RECONCILE_INTERVAL_MS), which catches what a
 * lost notification missed. Every other model keeps the poll interval:
 * - a model without a topic (users/Users, system/Divisions);
 * - a topic without an active subscription on the division (none yet, failed, made for another callback URL);
 * - a subscription made after the model's last read: changes before it came by no webhook;
 * - a notification given up on (a failed inbox row) after the last read: a gap;
 * - a last read before this process started: notifications sent while the server was down were lost.
 * After that one read the model is covered again.
 */
import type { Connection } from "../../../storage/connections-repo";
import type { ModelMapping } from "../models/types";
import { readPolledTimes } from "./cursors-repo";
import type { ExactEventsDeps } from "./deps";
import { lastFailedNotifications } from "./inbox-repo";
import { activeSubscriptionsSince } from "./subscriptions-repo";

/** A change that a lost notification missed arrives at most this late (plus the time a poll takes). */
export const RECONCILE_INTERVAL_MS = 2 * 3_600_000;

/** What is known of one model of one connection when a poll starts. */
export interface ModelCoverage {
  /** The start of the model's last complete read; undefined: never read (its baseline is due). */
  lastPolledAt: number | undefined;
  /** Since when the topic's subscription on the division is active; undefined: no topic, or no healthy subscription. */
  subscribedSince: number | undefined;
  /** The latest arrival of a notification of the topic that was given up on; undefined: none. */
  lastFailedNotification: number | undefined;
}

/** Whether webhooks have brought every change of the model since its last complete read. */
export function coveredByWebhooks(coverage: ModelCoverage, processStartedAt: number): boolean {
  const { lastPolledAt, subscribedSince, lastFailedNotification } = coverage;
  if (lastPolledAt === undefined || subscribedSince === undefined) return false;
  return subscribedSince <= lastPolledAt && lastPolledAt >= processStartedAt && (lastFailedNotification === undefined || lastFailedNotification <= lastPolledAt);
}

/**
 * When the model is next to be read: at or before `now` means this poll reads it. A model webhooks cover
 * waits for its reconciliation; any other is read at every poll (the connection's poll interval paces those).
 */
export function nextReadAt(coverage: ModelCoverage, processStartedAt: number, reconcileIntervalMs: number, now: number): number {
  return coveredByWebhooks(coverage, processStartedAt) ? coverage.lastPolledAt! + reconcileIntervalMs : now;
}

/** The coverage of each of a connection's polled models, in three queries. */
export async function loadCoverage(deps: Pick<ExactEventsDeps, "db" | "callbackUrl">, connection: Connection, mappings: readonly ModelMapping[]): Promise<Map<string, ModelCoverage>> {
  const [polled, subscribed, failed] = await Promise.all([
    readPolledTimes(deps.db, { connectionId: connection.id, division: connection.division }),
    activeSubscriptionsSince(deps.db, connection.region, connection.division, deps.callbackUrl),
    lastFailedNotifications(deps.db, connection.division),
  ]);
  return new Map(
    mappings.map((mapping) => {
      const topic = mapping.reference?.webhookTopic;
      return [
        mapping.model,
        {
          lastPolledAt: polled.get(mapping.model),
          subscribedSince: topic === undefined ? undefined : subscribed.get(topic),
          lastFailedNotification: topic === undefined ? undefined : failed.get(topic),
        },
      ];
    }),
  );
}
