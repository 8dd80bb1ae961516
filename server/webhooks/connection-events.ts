import { toSummary, type Connection } from "../storage/connections-repo";
import type { NewEvent } from "./events";

export type ConnectionEventType = "connection.created" | "connection.needs_reauth" | "connection.deleted";

/** A connection's life as an event: `data` is its summary (what the backend routes show, never tokens). */
export function connectionEvent(type: ConnectionEventType, connection: Connection): NewEvent {
  return { type, connectionId: connection.id, ownerId: connection.ownerId, model: null, action: null, data: toSummary(connection) };
}
