import { toAnySummary, type ConnectionRecord } from "../storage/connections-repo";
import type { NewEvent } from "./events";

export type ConnectionEventType = "connection.created" | "connection.updated" | "connection.needs_reauth" | "connection.deleted";

/**
 * A connection's life as an event: `data` is its summary (what the backend routes show, never tokens).
 * The envelope's `division` is the default one (null while pending).
 * Only `connection.updated` can carry a pending connection (the backend changed its labels before anyone authorized it).
 */
export function connectionEvent(type: ConnectionEventType, connection: ConnectionRecord): NewEvent {
  const division = connection.status === "pending" ? null : connection.defaultDivision;
  return { type, connectionId: connection.id, ownerId: connection.ownerId, division, model: null, action: null, data: toAnySummary(connection) };
}
