import { toAnySummary, type ConnectionRecord } from "../storage/connections-repo";
import type { NewEvent } from "./events";

export type ConnectionEventType = "connection.created" | "connection.updated" | "connection.needs_reauth" | "connection.deleted";

/**
 * A connection's life as an event: `data` is its summary (what the backend routes show, never tokens).
 * Only `connection.updated` can carry a pending connection (the backend changed its labels before anyone authorized it).
 */
export function connectionEvent(type: ConnectionEventType, connection: ConnectionRecord): NewEvent {
  return { type, connectionId: connection.id, ownerId: connection.ownerId, model: null, action: null, data: toAnySummary(connection) };
}
