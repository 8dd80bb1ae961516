import type { Db } from "../storage/database";

/**
 * The seam between what happens (a record changed at Exact, a connection was made) and the delivery of
 * events to customer endpoints. Producers call `emit` inside the transaction that writes the state the
 * events reflect, so an event exists exactly when its state does (the outbox pattern).
 */

export type EventAction = "created" | "updated" | "deleted";

/** One event as a producer states it; the outbox adds `id`, `createdAt` and `connectorId`. */
export interface NewEvent {
  /** `<model>.<action>`, `connection.created|needs_reauth|deleted`, or `webhook.test`. */
  type: string;
  connectionId: string | null;
  ownerId: string | null;
  /** The record's Exact division; for `connection.*` the connection's default division; null otherwise (issue 18). */
  division?: number | null;
  model: string | null;
  action: EventAction | null;
  /** The unified record; `{ id }` for a deletion; the connection summary for `connection.*`. */
  data: unknown;
  /** Exact's record, sent only to endpoints created with `includeRaw: true`. */
  raw?: unknown;
}

/** Writes events to the outbox through `trx` (a Kysely transaction, or the database for a lone write). */
export type EmitEvents = (trx: Db, events: NewEvent[]) => Promise<void>;

/**
 * The outbox as the rest of the server meets it. It is built first and handed to the producers (Exact's
 * events, the connect flow, the token manager); what must follow endpoint changes (Exact's subscriptions)
 * subscribes with `onEndpointsChanged`, so nothing points back at the context that holds the outbox.
 */
export interface WebhookHub {
  readonly emit: EmitEvents;
  /** The unified models that at least one enabled endpoint listens to: what to subscribe to and poll. */
  readonly listenedModels: () => Promise<Set<string>>;
  /** Called by the endpoint use-cases after an endpoint is created, changed or deleted: tells every listener. */
  readonly endpointsChanged: () => void;
  /** `listener` runs after every endpoint change; returns the unsubscribe. */
  readonly onEndpointsChanged: (listener: () => void) => () => void;
}
