import { AttemptSignals } from "./attempt-signals";
import { systemClock, type Clock } from "./clock";
import type { ServerConfig } from "./config";
import { ExactApiClient } from "./connectors/exact-online/api-client";
import { ModelRegistry } from "./connectors/exact-online/model-registry";
import { ExactEvents } from "./connectors/exact-online/changes";
import type { Db } from "./storage/database";
import { EventCatalogue } from "./webhooks/catalogue";
import type { WebhookHub } from "./webhooks/events";
import { createOutboxHub } from "./webhooks/outbox";
import { Wakeup } from "./webhooks/wakeup";

/** Everything a route needs, built once at start-up (and by tests with their own clock/database), never changed after. */
export interface ServerContext {
  readonly config: ServerConfig;
  readonly db: Db;
  /** The one clock; tests pass a controllable one. */
  readonly clock: Clock;
  /** In-process wake-ups for long-polls on an attempt; the database stays the authority. */
  readonly attemptEvents: AttemptSignals;
  /** Calls to Exact with safe refreshes and rate limits, shared by every route of this process. */
  readonly exact: ExactApiClient;
  /** The built-in models and the operator's custom ones. */
  readonly models: ModelRegistry;
  /** Customer webhook events: the outbox every producer emits to, and the endpoint changes Exact's subscriptions follow. */
  readonly webhooks: WebhookHub;
  /** The outbox's own parts: the event types endpoints may ask for, and the wake-up of this process's delivery worker. */
  readonly outbox: { catalogue: EventCatalogue; wakeup: Wakeup };
  /** Exact's side of the events: subscriptions, the inbox processor, the poller (started by main.ts or a test). */
  readonly exactEvents: ExactEvents;
}

export interface ContextOptions {
  /** The outbox the producers emit to; a test passes one that captures events. Default: the database outbox. */
  webhooks?: WebhookHub;
}

const isLoopbackUrl = (url: string) => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname);

/**
 * Builds in one direction: the outbox first, then the producers it is handed to (the Exact client's token
 * manager, Exact's events; the connect flow reads it from the context). Exact's events subscribe to the
 * outbox's endpoint changes themselves.
 */
export function createContext(config: ServerConfig, db: Db, clock: Clock = systemClock, options: ContextOptions = {}): ServerContext {
  const models = new ModelRegistry(config.customModels);
  const outbox = { catalogue: new EventCatalogue(models), wakeup: new Wakeup() };
  const webhooks = options.webhooks ?? createOutboxHub({ db, clock, ...outbox });
  const exact = new ExactApiClient({ db, clock, encryptionKey: config.encryptionKey, exact: config.exact, emit: webhooks.emit });
  const exactEvents = new ExactEvents({
    db,
    clock,
    exact,
    models,
    hub: webhooks,
    callbackUrl: `${config.publicUrl}/v1/exact/webhooks`,
    // Exact calls back over HTTPS only. A loopback public URL is reachable by nothing but a local
    // emulator (the sandbox, which takes loopback http as a stand-in for a developer's tunnel).
    allowHttpCallback: config.sandbox || isLoopbackUrl(config.publicUrl),
    webhookSecret: config.exact.webhookSecret,
    pollIntervalMs: config.pollIntervalMs,
  });
  return { config, db, clock, attemptEvents: new AttemptSignals(), exact, models, webhooks, outbox, exactEvents };
}
