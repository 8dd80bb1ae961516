import type { WebhookEvent } from "../client";
import type { EventRow } from "./outbox-repo";

/**
 * The JSON a receiver gets, built from the stored row: the same bytes on every attempt. Exact's record
 * (`raw`) goes only to endpoints that asked for it.
 */
export function eventBody(row: EventRow, includeRaw: boolean): string {
  const event: WebhookEvent = {
    id: row.id,
    type: row.type,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    connectorId: row.connector_id as WebhookEvent["connectorId"],
    ownerId: row.owner_id,
    connectionId: row.connection_id,
    division: row.division === null || row.division === undefined ? null : Number(row.division),
    model: row.model,
    action: row.action as WebhookEvent["action"],
    data: JSON.parse(row.data) as unknown,
  };
  if (includeRaw && row.raw !== null) event.raw = JSON.parse(row.raw) as unknown;
  return JSON.stringify(event);
}
