import { AttemptSignals } from "./attempt-signals";
import { systemClock, type Clock } from "./clock";
import type { ServerConfig } from "./config";
import { ExactApiClient } from "./connectors/exact-online/api-client";
import { ModelRegistry } from "./connectors/exact-online/model-registry";
import { ExactEvents } from "./connectors/exact-online/webhooks";
import type { Db } from "./storage/database";
import type { WebhookHub } from "./webhooks/events";

/** Everything a route needs, built once at start-up (and by tests with their own clock/database). */
export interface ServerContext {
  config: ServerConfig;
  db: Db;
  /** The one clock; tests pass a controllable one. */
  clock: Clock;
  /** In-process wake-ups for long-polls on an attempt; the database stays the authority. */
  attemptEvents: AttemptSignals;
  /** Calls to Exact with safe refreshes and rate limits, shared by every route of this process. */
  exact: ExactApiClient;
  /** The built-in models and the operator's custom ones. */
  models: ModelRegistry;
  /** Customer webhook events: the outbox, and the hook that keeps Exact's subscriptions in step. */
  webhooks: WebhookHub;
  /** Exact's side of the events: subscriptions, the inbox processor, the poller (started by main.ts or a test). */
  exactEvents: ExactEvents;
}

export function createContext(config: ServerConfig, db: Db, clock: Clock = systemClock): ServerContext {
  const exact = new ExactApiClient({ db, clock, encryptionKey: config.encryptionKey, exact: config.exact });
  const models = new ModelRegistry(config.customModels);
  // Placeholder until the outbox lands (issue 9): emits nothing, listens to nothing.
  const hub: WebhookHub = { emit: async () => undefined, listenedModels: async () => new Set(), endpointsChanged: () => undefined };
  const ctx: ServerContext = {
    config,
    db,
    clock,
    attemptEvents: new AttemptSignals(),
    exact,
    models,
    webhooks: hub,
    exactEvents: new ExactEvents({
      db,
      clock,
      exact,
      models,
      // Through the context, so that whatever hub it holds (a test's, say) is the one Exact's events reach.
      hub: { emit: (trx, events) => ctx.webhooks.emit(trx, events), listenedModels: () => ctx.webhooks.listenedModels() },
      callbackUrl: `${config.publicUrl}/v1/exact/webhooks`,
      allowHttpCallback: config.sandbox,
      webhookSecret: config.exact.webhookSecret,
      pollIntervalMs: config.pollIntervalMs,
    }),
  };
  ctx.webhooks = withExactSubscriptions(hub, ctx.exactEvents);
  return ctx;
}

/** The hub, with Exact's subscriptions following every endpoint change. */
export function withExactSubscriptions(hub: WebhookHub, exactEvents: ExactEvents): WebhookHub {
  return {
    emit: (trx, events) => hub.emit(trx, events),
    listenedModels: () => hub.listenedModels(),
    endpointsChanged: () => {
      hub.endpointsChanged();
      exactEvents.endpointsChanged();
    },
  };
}
