import { AttemptSignals } from "./attempt-signals";
import { systemClock, type Clock } from "./clock";
import type { ServerConfig } from "./config";
import { ExactApiClient } from "./connectors/exact-online/api-client";
import { ModelRegistry } from "./connectors/exact-online/model-registry";
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
}

export function createContext(config: ServerConfig, db: Db, clock: Clock = systemClock): ServerContext {
  const models = new ModelRegistry(config.customModels);
  const outbox = { catalogue: new EventCatalogue(models), wakeup: new Wakeup() };
  // endpointsChanged stays a no-op here: Exact's subscriptions (issue 9, the receiver's side) hook in.
  const webhooks = createOutboxHub({ db, clock, ...outbox });
  return {
    config,
    db,
    clock,
    attemptEvents: new AttemptSignals(),
    exact: new ExactApiClient({ db, clock, encryptionKey: config.encryptionKey, exact: config.exact, emit: webhooks.emit }),
    models,
    webhooks,
    outbox,
  };
}
