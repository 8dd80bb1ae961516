import { randomUUID } from "node:crypto";
import { PostgresAdapter, sql, type CompiledQuery, type Selectable } from "kysely";
import type { ConnectionDivision, ConnectionError, ConnectionResource, ConnectionSummary, ConnectorId, Operation, PendingConnectionSummary, Region } from "../../src/protocol";
import type { Db } from "./database";
import type { ConnectionsTable } from "./schema";

export type ConnectionRow = Selectable<ConnectionsTable>;

/** What the backend attaches to any connection, and what the server records of its health. */
export interface ConnectionLabels {
  metadata: Record<string, string>;
  tags: string[];
  /** What `POST /v1/connections` last asked for (a widget-made connection: what it was granted). */
  requestedOperations: Operation[];
  requestedOptionalOperations: Operation[];
  /** Last call to Exact for a customer request (epoch ms, to the minute), or null. */
  lastUsedAt: number | null;
  lastRefreshedAt: number | null;
  lastError: StoredConnectionError | null;
}

export interface StoredConnectionError {
  code: string;
  message: string;
  /** epoch ms */
  at: number;
}

/**
 * A connection that a user authorized (connected, or waiting for them to reconnect): what everything that
 * calls Exact, refreshes tokens or fans out events works with, every field present. Pending connections are
 * never one of these: `findConnection`/`findConnectionById` skip them and `toConnection` refuses them, so
 * the token manager, the API client and the poller need no null checks (they also filter on status).
 */
export interface Connection extends ConnectionLabels {
  id: string;
  connectorId: ConnectorId;
  ownerId: string;
  region: Region;
  /**
   * The division this view of the connection calls: the default one as read from storage, or the one a call
   * named (`viewAtDivision`). divisionName and missingOperations are that division's.
   */
  division: number;
  divisionName: string;
  /** Every division of the connection (never empty); `defaultDivision` is one of them. */
  divisions: StoredDivision[];
  defaultDivision: number;
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

/** One division of a connection as stored: missingOperations null while Exact could not be asked. */
export interface StoredDivision {
  code: number;
  name: string;
  missingOperations: Operation[] | null;
}

/** The divisions column, or, for a row made before it ("[]"), the one division the row always had. */
function divisionsOf(row: ConnectionRow): StoredDivision[] {
  const stored = json<StoredDivision[]>(row.divisions, []);
  if (stored.length) return stored.map((d) => ({ code: Number(d.code), name: String(d.name ?? ""), missingOperations: d.missingOperations ?? null }));
  return [{ code: Number(row.division), name: row.division_name ?? "", missingOperations: JSON.parse(row.missing_operations) as Operation[] | null }];
}

/**
 * The connection as seen from one of its divisions (`x-division`): calls, rights checks and rate limits use
 * that division. Undefined when the connection does not reach it (the caller answers 403 before any call).
 */
export function viewAtDivision(connection: Connection, code: number): Connection | undefined {
  const entry = connection.divisions.find((d) => d.code === code);
  if (!entry) return undefined;
  return { ...connection, division: entry.code, divisionName: entry.name, missingOperations: entry.missingOperations };
}

/** A connection the backend created (`POST /v1/connections`) that no user has authorized yet. */
export interface PendingConnection extends ConnectionLabels {
  id: string;
  connectorId: ConnectorId;
  ownerId: string;
  status: "pending";
  fieldMapping: Record<string, Record<string, string>>;
  createdAt: number;
  updatedAt: number;
}

/** Any stored connection: what the backend's connection routes (create, update, list, read, delete) see. */
export type ConnectionRecord = Connection | PendingConnection;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

const json = <T>(text: string | null | undefined, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
const optionalNumber = (value: number | null | undefined) => (value === null || value === undefined ? null : Number(value));

function lastErrorOf(text: string | null | undefined): StoredConnectionError | null {
  const parsed = json<{ code?: unknown; message?: unknown; at?: unknown } | null>(text, null);
  if (!parsed || typeof parsed !== "object") return null;
  const at = typeof parsed.at === "number" ? parsed.at : typeof parsed.at === "string" ? Date.parse(parsed.at) : NaN;
  return { code: String(parsed.code ?? "UNKNOWN"), message: String(parsed.message ?? ""), at: Number.isFinite(at) ? at : 0 };
}

function labelsOf(row: ConnectionRow): ConnectionLabels {
  return {
    metadata: json(row.metadata, {}),
    tags: json(row.tags, []),
    requestedOperations: json(row.requested_operations, []),
    requestedOptionalOperations: json(row.requested_optional_operations, []),
    lastUsedAt: optionalNumber(row.last_used_at),
    lastRefreshedAt: optionalNumber(row.last_refreshed_at),
    lastError: lastErrorOf(row.last_error),
  };
}

/** An authorized connection's row; a pending one is a bug in the caller's query (it must filter on status). */
export function toConnection(row: ConnectionRow): Connection {
  if (row.status === "pending") throw new Error(`connection ${row.id} is pending: it has no tokens (filter on status)`);
  return {
    id: row.id,
    connectorId: row.connector_id as ConnectorId,
    ownerId: row.owner_id,
    region: row.region as Region,
    division: Number(row.division),
    divisionName: row.division_name ?? "",
    divisions: divisionsOf(row),
    defaultDivision: Number(row.division),
    providerUserId: row.provider_user_id ?? "",
    status: row.status === "needs_reauth" ? "needs_reauth" : "connected",
    encryptedTokens: row.tokens ?? "",
    accessTokenExpiresAt: Number(row.access_token_expires_at),
    refreshTokenExpiresAt: Number(row.refresh_token_expires_at),
    refreshLockUntil: row.refresh_lock_until === null ? null : Number(row.refresh_lock_until),
    grantedOperations: JSON.parse(row.granted_operations) as Operation[],
    missingOperations: JSON.parse(row.missing_operations) as Operation[] | null,
    fieldMapping: JSON.parse(row.field_mapping) as Record<string, Record<string, string>>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...labelsOf(row),
  };
}

export function toConnectionRecord(row: ConnectionRow): ConnectionRecord {
  if (row.status !== "pending") return toConnection(row);
  return {
    id: row.id,
    connectorId: row.connector_id as ConnectorId,
    ownerId: row.owner_id,
    status: "pending",
    fieldMapping: json(row.field_mapping, {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...labelsOf(row),
  };
}

export interface NewConnection {
  connectorId: ConnectorId;
  ownerId: string;
  region: Region;
  /** The default division; it must be one of `divisions`. */
  division: number;
  divisionName: string;
  /** Every division the user chose (the default's included); absent: the default alone. */
  divisions?: StoredDivision[];
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
 * leaves two rows or a half-written one. A reconnect, or the authorization of a pending connection, keeps
 * the id, the creation time, the field mapping and the backend's labels.
 */
export async function upsertConnection(db: Db, input: NewConnection, now: number): Promise<Connection> {
  const values = {
    region: input.region,
    division: input.division,
    division_name: input.divisionName,
    divisions: JSON.stringify(input.divisions ?? [{ code: input.division, name: input.divisionName, missingOperations: input.missingOperations }]),
    provider_user_id: input.providerUserId,
    status: "connected",
    tokens: input.encryptedTokens,
    access_token_expires_at: input.accessTokenExpiresAt,
    refresh_token_expires_at: input.refreshTokenExpiresAt,
    refresh_lock_until: null,
    // A code exchange issues a fresh pair: the keep-alive counts from here.
    last_refreshed_at: now,
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
      requested_operations: JSON.stringify(input.grantedOperations),
      search_text: searchText(input.ownerId, {}),
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["connector_id", "owner_id"]).doUpdateSet(values))
    .execute();
  const row = await findConnection(db, input.connectorId, input.ownerId);
  if (!row) throw new Error("connection vanished right after upsert");
  return row;
}

/** What `search` matches: the owner id and every metadata value, lower-cased, one a line (neither may hold a line break). */
export const searchText = (ownerId: string, metadata: Record<string, string>) => [ownerId, ...Object.values(metadata)].map((text) => text.toLowerCase()).join("\n");

export interface ConnectionRequest {
  connectorId: ConnectorId;
  ownerId: string;
  operations: Operation[];
  optionalOperations: Operation[];
  metadata: Record<string, string>;
  tags: string[];
}

/** A pending connection, unless the owner has one already (then false: the caller updates it instead). */
export async function insertPendingConnection(db: Db, input: ConnectionRequest, now: number): Promise<boolean> {
  const result = await db
    .insertInto("connections")
    .values({
      id: randomUUID(),
      connector_id: input.connectorId,
      owner_id: input.ownerId,
      status: "pending",
      granted_operations: "[]",
      missing_operations: "[]",
      field_mapping: "{}",
      requested_operations: JSON.stringify(input.operations),
      requested_optional_operations: JSON.stringify(input.optionalOperations),
      metadata: JSON.stringify(input.metadata),
      tags: JSON.stringify(input.tags),
      search_text: searchText(input.ownerId, input.metadata),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(["connector_id", "owner_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Replaces what is given of the backend's side of a connection: requested operations, metadata, tags. */
export async function updateConnectionRequest(
  db: Db,
  record: ConnectionRecord,
  changes: { operations?: Operation[]; optionalOperations?: Operation[]; metadata?: Record<string, string>; tags?: string[] },
  now: number,
): Promise<void> {
  await db
    .updateTable("connections")
    .set({
      ...(changes.operations ? { requested_operations: JSON.stringify(changes.operations) } : {}),
      ...(changes.optionalOperations ? { requested_optional_operations: JSON.stringify(changes.optionalOperations) } : {}),
      ...(changes.metadata ? { metadata: JSON.stringify(changes.metadata), search_text: searchText(record.ownerId, changes.metadata) } : {}),
      ...(changes.tags ? { tags: JSON.stringify(changes.tags) } : {}),
      updated_at: now,
    })
    .where("id", "=", record.id)
    .execute();
}

/**
 * Records a customer request's use of the connection, at most once a minute: the caller skips the write
 * when the row it just read is recent enough, and the condition keeps concurrent requests to one write.
 */
export async function recordUse(db: Db, id: string, now: number, everyMs: number): Promise<void> {
  await db
    .updateTable("connections")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", now - everyMs)]))
    .execute();
}

export type ConnectionStatusFilter = "pending" | "connected" | "needs_reauth";

export interface ConnectionListQuery {
  connectorId?: string;
  status?: ConnectionStatusFilter;
  ownerId?: string;
  /** Every one must be among the connection's tags. */
  tags: string[];
  /** Matched case-insensitively against the owner id and the metadata values; no line breaks. */
  search?: string;
  /** The last row of the previous page. */
  after?: { createdAt: number; id: string };
  limit: number;
}

/**
 * One page, newest first, by (created_at, id) descending: a keyset, so a row inserted meanwhile lands
 * before the page being read (never shifts the others), and a status change moves nothing. Tags and
 * search are matched in SQL, on both databases: a tag (no quote, backslash or LIKE wildcard can be in one)
 * as `"tag"` inside the JSON array, case-sensitively (instr / strpos); search with LIKE on the lower-cased
 * search_text, its wildcards escaped.
 */
export async function listConnectionRows(db: Db, query: ConnectionListQuery): Promise<ConnectionRecord[]> {
  const postgres = isPostgres(db);
  let select = db.selectFrom("connections").selectAll();
  if (query.connectorId) select = select.where("connector_id", "=", query.connectorId);
  if (query.status) select = select.where("status", "=", query.status);
  if (query.ownerId) select = select.where("owner_id", "=", query.ownerId);
  for (const tag of query.tags) {
    const needle = JSON.stringify(tag);
    select = select.where(postgres ? sql<boolean>`strpos(tags, ${needle}) > 0` : sql<boolean>`instr(tags, ${needle}) > 0`);
  }
  if (query.search) {
    const pattern = `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
  }
  const after = query.after;
  if (after) {
    select = select.where((eb) => eb.or([eb("created_at", "<", after.createdAt), eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)])]));
  }
  const rows = await select.orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit).execute();
  return rows.map(toConnectionRecord);
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

async function findOne(db: Db, query: CompiledQuery<ConnectionRow>, parameters: string[]): Promise<ConnectionRecord | undefined> {
  const { rows } = await db.executeQuery<ConnectionRow>({ ...query, parameters });
  return rows[0] && toConnectionRecord(rows[0]);
}

const authorized = (record: ConnectionRecord | undefined): Connection | undefined => (record?.status === "pending" ? undefined : record);

/** The owner's authorized connection; a pending one counts as none (it cannot call Exact). */
export async function findConnection(db: Db, connectorId: string, ownerId: string): Promise<Connection | undefined> {
  return authorized(await findOne(db, lookups(db).byOwner, [connectorId, ownerId]));
}

export async function findConnectionById(db: Db, id: string): Promise<Connection | undefined> {
  return authorized(await findOne(db, lookups(db).byId, [id]));
}

/** The owner's connection in any status, pending included: for the backend's connection routes. */
export function findConnectionRecord(db: Db, connectorId: string, ownerId: string): Promise<ConnectionRecord | undefined> {
  return findOne(db, lookups(db).byOwner, [connectorId, ownerId]);
}

/** The same, inside a transaction that will change it: on PostgreSQL the row is locked until the commit. */
export async function findConnectionRecordForUpdate(db: Db, connectorId: string, ownerId: string): Promise<ConnectionRecord | undefined> {
  const postgres = isPostgres(db);
  const select = db.selectFrom("connections").selectAll().where("connector_id", "=", connectorId).where("owner_id", "=", ownerId);
  const row = await (postgres ? select.forUpdate() : select).executeTakeFirst();
  return row && toConnectionRecord(row);
}

export async function deleteConnection(db: Db, connectorId: string, ownerId: string): Promise<boolean> {
  const result = await db.deleteFrom("connections").where("connector_id", "=", connectorId).where("owner_id", "=", ownerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Records which granted operations Exact's UserHasRights says the user lacks in one division (the default one
 * when none is named); the default's also go to missing_operations, which the summary's top level shows.
 * Read and written in one transaction, so two divisions checked at once do not undo each other.
 */
export async function recordMissingOperations(db: Db, id: string, missing: Operation[], now: number, division?: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row || row.status === "pending") return;
    const code = division ?? Number(row.division);
    const divisions = divisionsOf(row).map((d) => (d.code === code ? { ...d, missingOperations: missing } : d));
    const isDefault = code === Number(row.division);
    await trx
      .updateTable("connections")
      .set({ divisions: JSON.stringify(divisions), ...(isDefault ? { missing_operations: JSON.stringify(missing) } : {}), updated_at: now })
      .where("id", "=", id)
      .execute();
  });
}

/**
 * Replaces a connection's divisions and default (PATCH, issue 18): `divisions` must hold `defaultDivision`.
 * The default's name and rights go to the top-level columns too.
 */
export async function saveDivisions(db: Db, id: string, divisions: StoredDivision[], defaultDivision: number, now: number): Promise<void> {
  const chosen = divisions.find((d) => d.code === defaultDivision);
  if (!chosen) throw new Error(`default division ${defaultDivision} is not among the connection's divisions`);
  await db
    .updateTable("connections")
    .set({
      divisions: JSON.stringify(divisions),
      division: chosen.code,
      division_name: chosen.name,
      missing_operations: JSON.stringify(chosen.missingOperations),
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
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
      last_refreshed_at: now,
      updated_at: now,
    })
    .where("id", "=", lease.connectionId)
    .where("tokens", "=", lease.tokens)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks the connection needs_reauth, records why (`last_error`, JSON `{ code, message, at }`), and releases
 * the lease, only while this holder still holds it over the same pair.
 */
export async function markNeedsReauthUnderLease(db: Db, lease: RefreshLease, now: number, error: { code: string; message: string }): Promise<boolean> {
  const lastError = JSON.stringify({ code: error.code, message: error.message, at: new Date(now).toISOString() });
  const result = await db
    .updateTable("connections")
    .set({ status: "needs_reauth", refresh_lock_until: null, last_error: lastError, updated_at: now })
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

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const errorView = (error: StoredConnectionError | null): ConnectionError | null => error && { code: error.code, message: error.message, at: new Date(error.at).toISOString() };

function labelsView(record: ConnectionRecord) {
  return {
    metadata: record.metadata,
    tags: record.tags,
    lastUsedAt: isoOrNull(record.lastUsedAt),
    lastRefreshedAt: isoOrNull(record.lastRefreshedAt),
    lastError: errorView(record.lastError),
  };
}

const defaultOf = (connection: Connection): StoredDivision =>
  connection.divisions.find((d) => d.code === connection.defaultDivision) ?? {
    code: connection.defaultDivision,
    name: connection.divisionName,
    missingOperations: connection.missingOperations,
  };

const divisionView = (division: StoredDivision): ConnectionDivision => ({
  code: division.code,
  name: division.name,
  missingOperations: division.missingOperations ?? [],
  permissions: division.missingOperations === null ? "unknown" : "checked",
});

/** What the widget, `onSuccess` and events see of an authorized connection (its default division at the top): never a token. */
export function toSummary(connection: Connection): ConnectionSummary {
  return {
    connectionId: connection.id,
    connectorId: connection.connectorId,
    ownerId: connection.ownerId,
    region: connection.region,
    division: connection.defaultDivision,
    divisionName: defaultOf(connection).name,
    divisions: connection.divisions.map(divisionView),
    defaultDivision: connection.defaultDivision,
    status: connection.status,
    grantedOperations: connection.grantedOperations,
    missingOperations: defaultOf(connection).missingOperations ?? [],
    permissions: defaultOf(connection).missingOperations === null ? "unknown" : "checked",
    createdAt: new Date(connection.createdAt).toISOString(),
    updatedAt: new Date(connection.updatedAt).toISOString(),
    ...labelsView(connection),
  };
}

/** The summary of a connection in any status (events and the backend routes). */
export function toAnySummary(record: ConnectionRecord): ConnectionSummary | PendingConnectionSummary {
  if (record.status !== "pending") return toSummary(record);
  return {
    connectionId: record.id,
    connectorId: record.connectorId,
    ownerId: record.ownerId,
    region: null,
    division: null,
    divisionName: null,
    divisions: [],
    defaultDivision: null,
    status: "pending",
    grantedOperations: [],
    missingOperations: [],
    permissions: "unknown",
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    ...labelsView(record),
  };
}

/** What the backend's connection routes answer: the summary and the operations last requested. */
export function toResource(record: ConnectionRecord): ConnectionResource {
  return { ...toAnySummary(record), requestedOperations: record.requestedOperations, requestedOptionalOperations: record.requestedOptionalOperations };
}

/**
 * Exact keeps one token chain per user and app: when a user authorizes again, for another owner, the
 * earlier chain dies (EXACT_ONLINE.md, pitfalls). Marks every other owner's connected connection of the
 * same Exact user `needs_reauth` with `lastError`, and returns them (their `connection.needs_reauth` events
 * go out in the caller's transaction). Connections already waiting for a reconnect are left as they are.
 */
export async function markOtherOwnersNeedsReauth(
  db: Db,
  made: { connectorId: string; ownerId: string; providerUserId: string },
  now: number,
  error: { code: string; message: string },
): Promise<Connection[]> {
  if (!made.providerUserId) return [];
  const lastError = JSON.stringify({ code: error.code, message: error.message, at: new Date(now).toISOString() });
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("connector_id", "=", made.connectorId)
    .where("provider_user_id", "=", made.providerUserId)
    .where("owner_id", "!=", made.ownerId)
    .where("status", "=", "connected")
    .execute();
  const ended: Connection[] = [];
  for (const row of rows) {
    const result = await db
      .updateTable("connections")
      .set({ status: "needs_reauth", refresh_lock_until: null, last_error: lastError, updated_at: now })
      .where("id", "=", row.id)
      .where("status", "=", "connected")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    const updated = await findConnectionById(db, row.id);
    if (updated) ended.push(updated);
  }
  return ended;
}
