/**
 * Keeps Exact's webhook subscriptions in step with what endpoints listen to: one subscription per division
 * and topic (Exact sends one notification per subscription, and we fan it out to every connection on the
 * division), made with the token of a connection on that division whose user may read the topic's model.
 * Runs when an endpoint changes, when a connection is made or removed, and every minute to retry failures.
 * A failure is logged and retried later; it never fails the caller.
 */
import { MorphError } from "../../../errors";
import { viewAtDivision, type Connection } from "../../../storage/connections-repo";
import type { ModelMapping } from "../models/types";
import { reasonOf, type ExactEventsDeps } from "./deps";
import { parseExactList } from "../exact-schemas";
import {
  allSubscriptions,
  deleteSubscriptionRow,
  markSubscribed,
  markSubscriptionFailed,
  takeSubscriptionLease,
  type SubscriptionKey,
  type SubscriptionRow,
} from "./subscriptions-repo";
import { connectionsOnDivision, liveDivisionViews, mayRead } from "./watched-connections";
import { logger } from "../../../observability/logger";

const SUBSCRIPTIONS = "/api/v1/{division}/webhooks/WebhookSubscriptions";
const LEASE_MS = 60_000;
/** A refused subscription is tried again after this long (Exact counts errors per endpoint: no quick loops). */
export const SUBSCRIBE_RETRY_MS = 10 * 60_000;

export class SubscriptionManager {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: ExactEventsDeps) {}

  /** Fire and forget: a sync now, or right after the one running. */
  requestSync(): void {
    void this.sync().catch((error: unknown) => logger.error(`Exact webhook subscriptions: ${reasonOf(error)}`));
  }

  /** One reconciliation at a time in this process; a request during one runs another after it. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.reconcile();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once no reconciliation is running (shutdown, tests). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /**
   * Before a connection is deleted: on each of its divisions where it is the last connection, its token is the
   * last that can remove the division's subscriptions at Exact, so they go now. Best effort; never blocks a disconnect.
   */
  async beforeDisconnect(connection: Connection): Promise<void> {
    await this.releaseDivisions(connection, connection.divisions.map((d) => d.code));
  }

  /**
   * Before divisions are removed from a connection (PATCH) or the connection is deleted: the subscriptions of each
   * division no other connection reaches are removed at Exact with this connection's token, seen from that division.
   */
  async releaseDivisions(connection: Connection, codes: readonly number[]): Promise<void> {
    for (const code of codes) {
      const view = viewAtDivision(connection, code) ?? { ...connection, division: code };
      try {
        const others = (await connectionsOnDivision(this.deps.db, code)).filter((c) => c.id !== connection.id && c.region === connection.region);
        if (others.length > 0) continue;
        const rows = (await allSubscriptions(this.deps.db)).filter((r) => r.region === connection.region && Number(r.division) === code);
        for (const row of rows) await this.unsubscribe(row, view);
      } catch (error) {
        logger.error(`Exact webhook subscriptions of division ${code}: ${reasonOf(error)}`);
      }
    }
  }

  private async reconcile(): Promise<void> {
    const { db, hub, models, clock, callbackUrl } = this.deps;
    const listened = await hub.listenedModels();
    const topicModels = models.all().filter((m) => listened.has(m.model) && m.reference?.webhookTopic);
    // Every division of every connection, each seen from that division (its token, its rights there).
    const connections = await liveDivisionViews(db);
    const divisions = new Map<string, Connection[]>();
    for (const connection of connections) {
      const key = `${connection.region}|${connection.division}`;
      divisions.set(key, [...(divisions.get(key) ?? []), connection]);
    }
    // division → topic → a connection that may read a model of the topic (its token makes the subscription)
    const wanted = new Map<string, Map<string, Connection>>();
    for (const [key, onDivision] of divisions) {
      const topics = new Map<string, Connection>();
      for (const mapping of topicModels) {
        const reader = onDivision.find((c) => mayRead(c, mapping));
        if (reader && !topics.has(mapping.reference!.webhookTopic!)) topics.set(mapping.reference!.webhookTopic!, reader);
      }
      wanted.set(key, topics);
    }
    const rows = await allSubscriptions(db);
    const now = clock.now();
    for (const row of rows) {
      const key = `${row.region}|${row.division}`;
      const stillWanted = wanted.get(key)?.has(row.topic) === true && row.callback_url === callbackUrl;
      const backingOff = row.subscription_id !== null && row.status === "failed" && row.retry_at !== null && Number(row.retry_at) > now;
      if (!stillWanted && !backingOff) await this.unsubscribe(row, divisions.get(key)?.[0]);
    }
    const existing = new Map(rows.map((row) => [`${row.region}|${row.division}|${row.topic}`, row]));
    for (const [key, topics] of wanted) {
      for (const [topic, connection] of topics) {
        const row = existing.get(`${key}|${topic}`);
        if (row?.status === "active" && row.callback_url === callbackUrl) continue;
        if (row?.status === "failed" && row.retry_at !== null && Number(row.retry_at) > now) continue;
        await this.subscribe({ region: connection.region, division: connection.division, topic }, connection);
      }
    }
  }

  private async subscribe(key: SubscriptionKey, connection: Connection): Promise<void> {
    const { db, clock, exact, callbackUrl } = this.deps;
    if (!(await takeSubscriptionLease(db, key, callbackUrl, clock.now(), LEASE_MS))) return;
    try {
      const refusal = this.localRefusal();
      if (refusal) throw new MorphError("VALIDATION_ERROR", refusal);
      // A subscription may exist already (made by an earlier run that died before it recorded the ID).
      const listed = await exact.call(connection, { url: SUBSCRIPTIONS }, { operation: "webhooks::subscribe" });
      const found = parseExactList(listed.body).results.find((s) => s.Topic === key.topic && s.CallbackURL === callbackUrl);
      let id = typeof found?.ID === "string" ? found.ID : undefined;
      if (!id) {
        // Exact first POSTs an empty request to the callback and expects 200 (our receiver answers it).
        const created = await exact.call(connection, { method: "POST", url: SUBSCRIPTIONS, body: { CallbackURL: callbackUrl, Topic: key.topic } }, { operation: "webhooks::subscribe" });
        const d = (created.body as { d?: { ID?: unknown } } | undefined)?.d;
        if (typeof d?.ID !== "string") throw new MorphError("PROVIDER_ERROR", "Exact Online answered a subscription without an ID.");
        id = d.ID;
      }
      await markSubscribed(db, key, id, callbackUrl, clock.now());
    } catch (error) {
      logger.error(`Exact webhook subscription ${key.topic} on division ${key.division} failed, retried later: ${reasonOf(error)}`);
      await markSubscriptionFailed(db, key, reasonOf(error), clock.now() + SUBSCRIBE_RETRY_MS, clock.now());
    }
  }

  /** Removes the subscription at Exact (with a connection on its division, if one is left) and our row. */
  private async unsubscribe(row: SubscriptionRow, connection: Connection | undefined): Promise<void> {
    const { db, clock, exact } = this.deps;
    const key = { region: row.region, division: Number(row.division), topic: row.topic };
    if (!(await takeSubscriptionLease(db, key, row.callback_url, clock.now(), LEASE_MS))) return;
    try {
      if (row.subscription_id && connection) {
        try {
          await exact.call(connection, { method: "DELETE", url: `${SUBSCRIPTIONS}(guid'${row.subscription_id}')` }, { operation: "webhooks::unsubscribe" });
        } catch (error) {
          // Already gone at Exact: what we wanted.
          if (!(error instanceof MorphError && error.code === "NOT_FOUND")) throw error;
        }
      }
      await deleteSubscriptionRow(db, key);
    } catch (error) {
      logger.error(`removing Exact webhook subscription ${key.topic} on division ${key.division} failed, retried later: ${reasonOf(error)}`);
      await markSubscriptionFailed(db, key, reasonOf(error), clock.now() + SUBSCRIBE_RETRY_MS, clock.now());
    }
  }

  /** What Exact would refuse anyway, refused here without a call (Exact counts errors against the key). */
  private localRefusal(): string | undefined {
    if (!this.deps.webhookSecret) return "EXACT_WEBHOOK_SECRET is not set: notifications could not be verified";
    if (!this.deps.callbackUrl.startsWith("https://") && !this.deps.allowHttpCallback) return "Exact Online requires an HTTPS callback: set MORPH_PUBLIC_URL to an https:// URL";
    return undefined;
  }
}

/** The topics any model subscribes to (what the receiver accepts). */
export function knownTopics(models: readonly ModelMapping[]): Set<string> {
  return new Set(models.flatMap((m) => (m.reference?.webhookTopic ? [m.reference.webhookTopic] : [])));
}
