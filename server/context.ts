import { AttemptSignals } from "./attempt-signals";
import { systemClock, type Clock } from "./clock";
import type { ServerConfig } from "./config";
import { ExactApiClient } from "./connectors/exact-online/api-client";
import { ModelRegistry } from "./connectors/exact-online/model-registry";
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
}

export function createContext(config: ServerConfig, db: Db, clock: Clock = systemClock): ServerContext {
  return {
    config,
    db,
    clock,
    attemptEvents: new AttemptSignals(),
    exact: new ExactApiClient({ db, clock, encryptionKey: config.encryptionKey, exact: config.exact }),
    models: new ModelRegistry(config.customModels),
    // Placeholder until the outbox lands (issue 9): emits nothing, listens to nothing.
    webhooks: { emit: async () => undefined, listenedModels: async () => new Set(), endpointsChanged: () => undefined },
  };
}
