import type { Db } from "../storage/database";
import type { WebhookEndpointsTable } from "../storage/schema";

/** A customer endpoint as the server sees it; the secrets stay encrypted until the signer opens them. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  /** null: every event type. */
  events: string[] | null;
  ownerId: string | null;
  description: string | null;
  includeRaw: boolean;
  encryptedSecret: string;
  encryptedPreviousSecret: string | null;
  previousSecretExpiresAt: number | null;
  enabledAt: number;
  lastSuccessAt: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
  createdAt: number;
  updatedAt: number;
}

function toEndpoint(row: WebhookEndpointsTable): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events === null ? null : (JSON.parse(row.events) as string[]),
    ownerId: row.owner_id,
    description: row.description,
    includeRaw: Number(row.include_raw) === 1,
    encryptedSecret: row.secret,
    encryptedPreviousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    enabledAt: Number(row.enabled_at),
    lastSuccessAt: row.last_success_at === null ? null : Number(row.last_success_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    disabledReason: row.disabled_reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface NewEndpoint {
  id: string;
  url: string;
  events: string[] | null;
  ownerId: string | null;
  description: string | null;
  includeRaw: boolean;
  encryptedSecret: string;
}

export async function insertEndpoint(db: Db, input: NewEndpoint, now: number): Promise<WebhookEndpoint> {
  const row: WebhookEndpointsTable = {
    id: input.id,
    url: input.url,
    events: input.events === null ? null : JSON.stringify(input.events),
    owner_id: input.ownerId,
    description: input.description,
    include_raw: input.includeRaw ? 1 : 0,
    secret: input.encryptedSecret,
    previous_secret: null,
    previous_secret_expires_at: null,
    enabled_at: now,
    last_success_at: null,
    disabled_at: null,
    disabled_reason: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("webhook_endpoints").values(row).execute();
  return toEndpoint(row);
}

export async function findEndpoint(db: Db, id: string): Promise<WebhookEndpoint | undefined> {
  const row = await db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toEndpoint(row);
}

export async function findEndpoints(db: Db, ids: readonly string[]): Promise<WebhookEndpoint[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("webhook_endpoints").selectAll().where("id", "in", [...ids]).execute();
  return rows.map(toEndpoint);
}

export async function listEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom("webhook_endpoints").selectAll().orderBy("created_at", "asc").orderBy("id", "asc").execute();
  return rows.map(toEndpoint);
}

/** What `emit` matches events against: the enabled endpoints' filters, read through the producer's transaction. */
export async function enabledEndpointFilters(db: Db): Promise<Array<Pick<WebhookEndpoint, "id" | "events" | "ownerId">>> {
  const rows = await db.selectFrom("webhook_endpoints").select(["id", "events", "owner_id"]).where("disabled_at", "is", null).orderBy("created_at").execute();
  return rows.map((row) => ({ id: row.id, events: row.events === null ? null : (JSON.parse(row.events) as string[]), ownerId: row.owner_id }));
}

export interface EndpointChanges {
  url?: string;
  events?: string[] | null;
  ownerId?: string | null;
  description?: string | null;
  includeRaw?: boolean;
}

export async function updateEndpoint(db: Db, id: string, changes: EndpointChanges, now: number): Promise<void> {
  const set: Partial<WebhookEndpointsTable> = { updated_at: now };
  if (changes.url !== undefined) set.url = changes.url;
  if (changes.events !== undefined) set.events = changes.events === null ? null : JSON.stringify(changes.events);
  if (changes.ownerId !== undefined) set.owner_id = changes.ownerId;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.includeRaw !== undefined) set.include_raw = changes.includeRaw ? 1 : 0;
  await db.updateTable("webhook_endpoints").set(set).where("id", "=", id).execute();
}

/** Disables an endpoint (only if enabled: the first reason stays). */
export async function disableEndpoint(db: Db, id: string, reason: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("webhook_endpoints")
    .set({ disabled_at: now, disabled_reason: reason, updated_at: now })
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Re-enables an endpoint: "no success for days" counts again from now, and the deliveries that waited
 * while it was disabled are due at once.
 */
export async function enableEndpoint(db: Db, id: string, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("webhook_endpoints")
      .set({ disabled_at: null, disabled_reason: null, enabled_at: now, updated_at: now })
      .where("id", "=", id)
      .where("disabled_at", "is not", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    await trx
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: now, updated_at: now })
      .where("endpoint_id", "=", id)
      .where("status", "in", ["pending", "retrying"])
      .execute();
  });
}

export async function rotateEndpointSecret(db: Db, id: string, secrets: { encryptedSecret: string; encryptedPrevious: string; previousExpiresAt: number }, now: number): Promise<void> {
  await db
    .updateTable("webhook_endpoints")
    .set({ secret: secrets.encryptedSecret, previous_secret: secrets.encryptedPrevious, previous_secret_expires_at: secrets.previousExpiresAt, updated_at: now })
    .where("id", "=", id)
    .execute();
}

/** Notes a 2xx; written at most once a minute per endpoint, so a busy endpoint does not rewrite its row per delivery. */
export async function recordEndpointSuccess(db: Db, id: string, now: number): Promise<void> {
  await db
    .updateTable("webhook_endpoints")
    .set({ last_success_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_success_at", "is", null), eb("last_success_at", "<", now - 60_000)]))
    .execute();
}

/** Deletes an endpoint with its deliveries and their attempts (the events stay: other endpoints may share them). */
export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deliveries = trx.selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", id);
    await trx.deleteFrom("webhook_delivery_attempts").where("delivery_id", "in", deliveries).execute();
    await trx.deleteFrom("webhook_deliveries").where("endpoint_id", "=", id).execute();
    const result = await trx.deleteFrom("webhook_endpoints").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
