import type { Clock } from "../../clock";
import type { ServerConfig } from "../../config";
import type { Db } from "../../storage/database";
import type { EmitEvents } from "../../webhooks/events";

/** What the Exact connector needs of the server, and nothing more: it never sees the routes' context. */
export interface ExactDeps {
  db: Db;
  clock: Clock;
  /** The key of the provider tokens at rest. */
  encryptionKey: Uint8Array;
  /** The Exact app: client id and secret, webhook secret, base URL override. */
  exact: ServerConfig["exact"];
  /** Writes webhook events (`connection.needs_reauth`) in the transaction that changes the connection. */
  emit: EmitEvents;
}
