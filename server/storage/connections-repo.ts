import { randomUUID } from "node:crypto";
import { sql, type CompiledQuery } from "kysely";
import type { ConnectionSummary, ConnectorId, Operation, Region } from "../../src/protocol";
import type { Db } from "./database";
import type { ConnectionsTable } from "./schema";

type ConnectionRow = ConnectionsTable;

/** A connection as the rest of the server sees it: parsed and typed at this boundary, never a raw row. */
export interface Connection {
  id: string;
  connectorId: ConnectorId;
  ownerId: string;
  region: Region;
  division: number;
  divisionName: string;
  providerUserId: string;
  status: "connected" | "needs_reauth";
  /** The provider tokens as stored: a JWE that only the token manager opens. */
  encryptedTokens: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  /** Until when a process holds the refresh lease; null when free. */
  refreshLockUntil: number | null;
  grantedOperations: Operation[];
  /** null: Exact could not be asked at connect time (permissions unknown). */
  missingOperations: Operation[] | null;
  /** Extra unified fields per model: model → unified name → Exact property. */
  fieldMapping: Record<string, Record<string, string>>;
  createdAt: number;
  updatedAt: number;
}

export function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    connectorId: row.connector_id as ConnectorId,
    ownerId: row.owner_id,
    region: row.region as Region,
    division: Number(row.division),
    divisionName: row.division_name,
    providerUserId: row.provider_user_id,
    status: row.status === "needs_reauth" ? "needs_reauth" : "connected",
    encryptedTokens: row.tokens,
    accessTokenExpiresAt: Number(row.access_token_expires_at),
    refreshTokenExpiresAt: Number(row.refresh_token_expires_at),
    refreshLockUntil: row.refresh_lock_until === null ? null : Number(row.refresh_lock_until),
    grantedOperations: JSON.parse(row.granted_operations) as Operation[],
    missingOperations: JSON.parse(row.missing_operations) as Operation[] | null,
    fieldMapping: JSON.parse(row.field_mapping) as Record<string, Record<string, string>>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface NewConnection {
  connectorId: ConnectorId;
  ownerId: string;
  region: Region;
  division: number;
  divisionName: string;
  providerUserId: string;
  encryptedTokens: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  grantedOperations: Operation[];
  /** null: Exact could not be asked (it failed, or timed out); asked again on the next call. */
  missingOperations: Operation[] | null;
}

/**
 * Creates or replaces the connection of (connector, owner) in one statement, so a reconnect never
 * leaves two rows or a half-written one. A reconnect keeps the id and the field mapping.
 */
export async function upsertConnection(db: Db, input: NewConnection, now: number): Promise<Connection> {
  const values = {
    region: input.region,
    division: input.division,
    division_name: input.divisionName,
    provider_user_id: input.providerUserId,
    status: "connected",
    tokens: input.encryptedTokens,
    access_token_expires_at: input.accessTokenExpiresAt,
    refresh_token_expires_at: input.refreshTokenExpiresAt,
    refresh_lock_until: null,
    granted_operations: JSON.stringify(input.grantedOperations),
    missing_operations: JSON.stringify(input.missingOperations),
    updated_at: now,
  };
  await db
    .insertInto("connections")
    .values({
      ...values,
      id: randomUUID(),
      connector_id: input.connectorId,
      owner_id: input.ownerId,
      field_mapping: "{}",
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["connector_id", "owner_id"]).doUpdateSet(values))
    .execute();
  const row = await findConnection(db, input.connectorId, input.ownerId);
  if (!row) throw new Error("connection vanished right after upsert");
  return row;
}

/**
 * The two lookups every call to Exact makes, compiled once per database (Kysely builds and compiles a query
 * anew each time: some 60 µs of the latency bench's read). The SQL is compiled with marker values, which
 * must come out as its parameters in order; each lookup then runs it with its own values, still reading
 * the row from the database every time (the refresh lease relies on that).
 */
interface Lookups {
  byOwner: CompiledQuery<ConnectionRow>;
  byId: CompiledQuery<ConnectionRow>;
}
const compiledLookups = new WeakMap<Db, Lookups>();
const MARKERS = ["marker-1", "marker-2"];

function lookups(db: Db): Lookups {
  let compiled = compiledLookups.get(db);
  if (!compiled) {
    compiled = {
      byOwner: withMarkers(db.selectFrom("connections").selectAll().where("connector_id", "=", MARKERS[0]!).where("owner_id", "=", MARKERS[1]!).compile()),
      byId: withMarkers(db.selectFrom("connections").selectAll().where("id", "=", MARKERS[0]!).compile()),
    };
    compiledLookups.set(db, compiled);
  }
  return compiled;
}

function withMarkers<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  if (!query.parameters.every((value, i) => value === MARKERS[i])) throw new Error(`unexpected parameters in ${query.sql}`);
  return query;
}

async function findOne(db: Db, query: CompiledQuery<ConnectionRow>, parameters: string[]): Promise<Connection | undefined> {
  const { rows } = await db.executeQuery<ConnectionRow>({ ...query, parameters });
  return rows[0] && toConnection(rows[0]);
}

export function findConnection(db: Db, connectorId: string, ownerId: string): Promise<Connection | undefined> {
  return findOne(db, lookups(db).byOwner, [connectorId, ownerId]);
}

export function findConnectionById(db: Db, id: string): Promise<Connection | undefined> {
  return findOne(db, lookups(db).byId, [id]);
}

export async function deleteConnection(db: Db, connectorId: string, ownerId: string): Promise<boolean> {
  const result = await db.deleteFrom("connections").where("connector_id", "=", connectorId).where("owner_id", "=", ownerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Records which granted operations Exact's UserHasRights says the user lacks. */
export async function recordMissingOperations(db: Db, id: string, missing: Operation[], now: number): Promise<void> {
  await db.updateTable("connections").set({ missing_operations: JSON.stringify(missing), updated_at: now }).where("id", "=", id).execute();
}

export async function saveFieldMapping(db: Db, id: string, mapping: Connection["fieldMapping"], now: number): Promise<void> {
  await db.updateTable("connections").set({ field_mapping: JSON.stringify(mapping), updated_at: now }).where("id", "=", id).execute();
}

/**
 * The right of one process to refresh one connection's tokens, for a short time. It names its holder
 * without a column of its own: by its expiry, which is strictly later than that of any lease taken before
 * on the row (a lease is taken only once the previous one has expired, or was cleared), and by the token
 * pair it was taken over (a reconnect replaces the pair). Every write under the lease names both.
 */
export interface RefreshLease {
  connectionId: string;
  until: number;
  /** The encrypted pair as read right after taking the lease. */
  tokens: string;
}

/**
 * Takes the refresh lease if it is free or expired (one conditional UPDATE: the same on SQLite and
 * PostgreSQL), then reads the row again: another process may have refreshed already.
 */
export async function takeRefreshLease(
  db: Db,
  connectionId: string,
  now: number,
  leaseMs: number,
): Promise<{ row: Connection | undefined; lease: RefreshLease | undefined }> {
  const until = now + leaseMs;
  const taken = await db
    .updateTable("connections")
    .set({ refresh_lock_until: until })
    .where("id", "=", connectionId)
    .where((eb) => eb.or([eb("refresh_lock_until", "is", null), eb("refresh_lock_until", "<", now)]))
    .executeTakeFirst();
  const row = await findConnectionById(db, connectionId);
  // A reconnect may have cleared the lease between the two statements: then it is not ours.
  const ours = Number(taken.numUpdatedRows) === 1 && row !== undefined && row.refreshLockUntil === until;
  return { row, lease: ours ? { connectionId, until, tokens: row.encryptedTokens } : undefined };
}

/**
 * Stores a refreshed pair, only if the pair it was refreshed from is still the stored one (a reconnect
 * wins over a refresh that finishes after it), and releases the lease if it is still this holder's.
 * The pair is stored even if the lease ran out meanwhile: Exact rotated the refresh token, so this pair
 * is the only valid one. Returns false when the pair was discarded.
 */
export async function storeRefreshedTokens(
  db: Db,
  lease: RefreshLease,
  values: { tokens: string; accessTokenExpiresAt: number; refreshTokenExpiresAt: number },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("connections")
    .set({
      tokens: values.tokens,
      access_token_expires_at: values.accessTokenExpiresAt,
      refresh_token_expires_at: values.refreshTokenExpiresAt,
      status: "connected",
      refresh_lock_until: sql<number | null>`case when refresh_lock_until = ${lease.until} then null else refresh_lock_until end`,
      updated_at: now,
    })
    .where("id", "=", lease.connectionId)
    .where("tokens", "=", lease.tokens)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the connection needs_reauth and releases the lease, only while this holder still holds it over the same pair. */
export async function markNeedsReauthUnderLease(db: Db, lease: RefreshLease, now: number): Promise<boolean> {
  const result = await db
    .updateTable("connections")
    .set({ status: "needs_reauth", refresh_lock_until: null, updated_at: now })
    .where("id", "=", lease.connectionId)
    .where("refresh_lock_until", "=", lease.until)
    .where("tokens", "=", lease.tokens)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Releases the lease if this holder still holds it; a no-op after a store, a reconnect or another holder's takeover. */
export async function releaseRefreshLease(db: Db, lease: RefreshLease): Promise<void> {
  await db
    .updateTable("connections")
    .set({ refresh_lock_until: null })
    .where("id", "=", lease.connectionId)
    .where("refresh_lock_until", "=", lease.until)
    .where("tokens", "=", lease.tokens)
    .execute();
}

export function toSummary(connection: Connection): ConnectionSummary {
  return {
    connectionId: connection.id,
    connectorId: connection.connectorId,
    ownerId: connection.ownerId,
    region: connection.region,
    division: connection.division,
    divisionName: connection.divisionName,
    status: connection.status,
    grantedOperations: connection.grantedOperations,
    missingOperations: connection.missingOperations ?? [],
    permissions: connection.missingOperations === null ? "unknown" : "checked",
    createdAt: new Date(connection.createdAt).toISOString(),
    updatedAt: new Date(connection.updatedAt).toISOString(),
  };
}
