import { CONNECTOR_ID } from "../../src/protocol";
import type { Clock } from "../clock";
import type { Db } from "../storage/database";
import type { EventCatalogue } from "./catalogue";
import { enabledEndpointFilters, type WebhookEndpoint } from "./endpoints-repo";
import type { NewEvent, WebhookHub } from "./events";
import { newDeliveryId, newEventId } from "./ids";
import { insertEventsAndDeliveries, type EventRow, type NewDeliveryRow } from "./outbox-repo";
import type { Wakeup } from "./wakeup";

/**
 * Deliveries of one key are attempted in creation order, one at a time: the events about one record of
 * one connection (its created, updated, deleted), or one connection's own events. Different records go
 * out in parallel: one key per connection and model would cap a connection's event rate at one receiver
 * round trip per event (an import of 10,000 contacts at 50 ms a round trip: over eight minutes). A test
 * event waits for nothing.
 */
export function orderKeyOf(event: Pick<NewEvent, "type" | "connectionId" | "model" | "data">, eventId: string): string {
  if (event.connectionId === null) return `event:${eventId}`;
  if (event.model === null) return `${event.connectionId}:${event.type.split(".")[0]}`;
  const recordId = (event.data as { id?: unknown } | null)?.id;
  return typeof recordId === "string" || typeof recordId === "number" ? `${event.connectionId}:${event.model}:${recordId}` : `${event.connectionId}:${event.model}`;
}

export function matches(endpoint: Pick<WebhookEndpoint, "events" | "ownerId">, event: Pick<NewEvent, "type" | "ownerId">): boolean {
  if (endpoint.events !== null && !endpoint.events.includes(event.type)) return false;
  return endpoint.ownerId === null || endpoint.ownerId === event.ownerId;
}

export function newDeliveryRow(endpointId: string, event: EventRow, orderKey: string, now: number): NewDeliveryRow {
  return {
    id: newDeliveryId(),
    endpoint_id: endpointId,
    event_id: event.id,
    order_key: orderKey,
    status: "pending",
    attempts: 0,
    retry_base: 0,
    next_attempt_at: now,
    claimed_by: null,
    claimed_until: null,
    last_status_code: null,
    last_error: null,
    delivered_at: null,
    created_at: now,
    updated_at: now,
  };
}

export function eventRow(event: NewEvent, now: number): EventRow {
  return {
    id: newEventId(),
    type: event.type,
    connector_id: CONNECTOR_ID,
    owner_id: event.ownerId,
    connection_id: event.connectionId,
    division: event.division ?? null,
    model: event.model,
    action: event.action,
    data: JSON.stringify(event.data ?? null),
    raw: event.raw === undefined ? null : JSON.stringify(event.raw),
    created_at: now,
  };
}

/**
 * The outbox side of the webhook seam. `emit` writes each event and one delivery per matching enabled
 * endpoint through the producer's transaction, so an event exists exactly when the state it reports was
 * committed; an event no endpoint wants is not stored at all.
 */
export function createOutboxHub(deps: { db: Db; clock: Clock; catalogue: EventCatalogue; wakeup: Wakeup }): WebhookHub {
  const listeners = new Set<() => void>();
  return {
    async emit(trx: Db, events: NewEvent[]) {
      if (events.length === 0) return;
      const endpoints = await enabledEndpointFilters(trx);
      if (endpoints.length === 0) return;
      const now = deps.clock.now();
      const eventRows: EventRow[] = [];
      const deliveries: NewDeliveryRow[] = [];
      for (const event of events) {
        const targets = endpoints.filter((endpoint) => matches(endpoint, event));
        if (targets.length === 0) continue;
        const row = eventRow(event, now);
        eventRows.push(row);
        const orderKey = orderKeyOf(event, row.id);
        for (const endpoint of targets) deliveries.push(newDeliveryRow(endpoint.id, row, orderKey, now));
      }
      if (deliveries.length === 0) return;
      await insertEventsAndDeliveries(trx, eventRows, deliveries);
      deps.wakeup.notifySoon();
    },

    async listenedModels() {
      const endpoints = await enabledEndpointFilters(deps.db);
      return new Set(endpoints.flatMap((endpoint) => deps.catalogue.modelsOf(endpoint.events)));
    },

    endpointsChanged() {
      for (const listener of listeners) listener();
    },

    onEndpointsChanged(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
