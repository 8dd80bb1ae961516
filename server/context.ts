import { EventEmitter } from "node:events";
import type { ServerConfig } from "./config";
import type { Db } from "./storage/database";

/** Everything a route needs, built once at start-up (and by tests with their own clock/database). */
export interface ServerContext {
  config: ServerConfig;
  db: Db;
  /** Epoch ms; tests pass a controllable clock. */
  now: () => number;
  /** In-process wake-ups for long-polls on an attempt; the database stays the authority. */
  attemptEvents: EventEmitter;
}

export function createContext(config: ServerConfig, db: Db, now: () => number = Date.now): ServerContext {
  const attemptEvents = new EventEmitter();
  attemptEvents.setMaxListeners(0);
  return { config, db, now, attemptEvents };
}
