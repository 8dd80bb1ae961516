import { AttemptSignals } from "./attempt-signals";
import type { ServerConfig } from "./config";
import { ExactApiClient } from "./connectors/exact-online/api-client";
import { ModelRegistry } from "./connectors/exact-online/model-registry";
import type { Db } from "./storage/database";

/** Everything a route needs, built once at start-up (and by tests with their own clock/database). */
export interface ServerContext {
  config: ServerConfig;
  db: Db;
  /** Epoch ms; tests pass a controllable clock. */
  now: () => number;
  /** In-process wake-ups for long-polls on an attempt; the database stays the authority. */
  attemptEvents: AttemptSignals;
  /** Sleeps `ms` of the `now` clock's time. */
  sleep: (ms: number) => Promise<void>;
  /** Calls to Exact with safe refreshes and rate limits, shared by every route of this process. */
  exact: ExactApiClient;
  /** The built-in models and the operator's custom ones. */
  models: ModelRegistry;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createContext(
  config: ServerConfig,
  db: Db,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = { now: Date.now, sleep: realSleep },
): ServerContext {
  const attemptEvents = new AttemptSignals();
  const models = new ModelRegistry(config.customModels);
  const ctx = { config, db, now: clock.now, sleep: clock.sleep, attemptEvents, models } as ServerContext;
  ctx.exact = new ExactApiClient(ctx);
  return ctx;
}
