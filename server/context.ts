import { AttemptSignals } from "./attempt-signals";
import { systemClock, type Clock } from "./clock";
import type { ServerConfig } from "./config";
import { ExactApiClient } from "./connectors/exact-online/api-client";
import { ModelRegistry } from "./connectors/exact-online/model-registry";
import { ExactEvents } from "./connectors/exact-online/webhooks";
import type { Db } from "./storage/database";
import { EventCatalogue } from "./webhooks/catalogue";
import type { WebhookHub } from "./webhooks/events";
import { createOutboxHub } from "./webhooks/outbox";
import { Wakeup } from "./webhooks/wakeup";

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
  /** The outbox's own parts: the event types endpoints may ask for, and the wake-up of this process's delivery worker. */
  outbox: { catalogue: EventCatalogue; wakeup: Wakeup };
  /** Exact's side of the events: subscriptions, the inbox processor, the poller (started by main.ts or a test). */
  exactEvents: ExactEvents;
}

const isLoopbackUrl = (url: string) => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname);

export function createContext(config: ServerConfig, db: Db, clock: Clock = systemClock): ServerContext {
  const models = new ModelRegistry(config.customModels);
  const outbox = { catalogue: new EventCatalogue(models), wakeup: new Wakeup() };
  const hub = createOutboxHub({ db, clock, ...outbox });
  const exact = new ExactApiClient({ db, clock, encryptionKey: config.encryptionKey, exact: config.exact, emit: hub.emit });
  const ctx: ServerContext = {
    config,
    db,
    clock,
    attemptEvents: new AttemptSignals(),
    exact,
    models,
    webhooks: hub,
    outbox,
    exactEvents: new ExactEvents({
      db,
      clock,
      exact,
      models,
      // Through the context, so that whatever hub it holds (a test's, say) is the one Exact's events reach.
      hub: { emit: (trx, events) => ctx.webhooks.emit(trx, events), listenedModels: () => ctx.webhooks.listenedModels() },
      callbackUrl: `${config.publicUrl}/v1/exact/webhooks`,
      // Exact calls back over HTTPS only. A loopback public URL is reachable by nothing but a local
      // emulator (the sandbox, which takes loopback http as a stand-in for a developer's tunnel).
      allowHttpCallback: config.sandbox || isLoopbackUrl(config.publicUrl),
      webhookSecret: config.exact.webhookSecret,
      pollIntervalMs: config.pollIntervalMs,
    }),
  };
  // Exact's subscriptions follow every endpoint change.
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
