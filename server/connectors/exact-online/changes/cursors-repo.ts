/** The poller's cursors (per connection, division and model) and its lease (per connection: one poll reads every division). */
import type { Db } from "../../../storage/database";

/** One division of one connection: what the poller reads and records separately (issue 18). */
export interface PollScope {
  connectionId: string;
  division: number;
}

export async function readCursor(db: Db, scope: PollScope, model: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("exact_sync_cursors")
    .select("cursor")
    .where("connection_id", "=", scope.connectionId)
    .where("division", "=", scope.division)
    .where("model", "=", model)
    .executeTakeFirst();
  return row?.cursor;
}

export async function writeCursor(trx: Db, scope: PollScope, model: string, cursor: string, now: number): Promise<void> {
  await trx
    .insertInto("exact_sync_cursors")
    .values({ connection_id: scope.connectionId, division: scope.division, model, cursor, updated_at: now })
    .onConflict((oc) => oc.columns(["connection_id", "division", "model"]).doUpdateSet({ cursor, updated_at: now }))
    .execute();
}

/**
 * When each model was last read through completely (the start of that poll), kept beside its cursor as a row
 * named `polled:<model>` (a cursor's own time moves with every page, also of a poll that then fails or
 * stops at its page cap). The poll schedule reads them: a model webhooks cover waits for reconciliation.
 */
const POLLED = "polled:";

export async function readPolledTimes(db: Db, scope: PollScope): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("exact_sync_cursors")
    .select(["model", "cursor"])
    .where("connection_id", "=", scope.connectionId)
    .where("division", "=", scope.division)
    .where("model", "like", `${POLLED}%`)
    .execute();
  return new Map(rows.map((row) => [row.model.slice(POLLED.length), Number(row.cursor)]));
}

export async function writePolledTime(trx: Db, scope: PollScope, model: string, polledAt: number): Promise<void> {
  await writeCursor(trx, scope, `${POLLED}${model}`, String(polledAt), polledAt);
}

/** Live connections whose next poll is due and that nobody is polling, oldest due first. */
export async function duePollConnectionIds(db: Db, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("connections")
    .leftJoin("exact_poll_leases", "exact_poll_leases.connection_id", "connections.id")
    .select("connections.id")
    .where("connections.connector_id", "=", "exact-online")
    .where("connections.status", "=", "connected")
    .where((eb) => eb.or([eb("exact_poll_leases.next_poll_at", "is", null), eb("exact_poll_leases.next_poll_at", "<=", now)]))
    .where((eb) => eb.or([eb("exact_poll_leases.lease_until", "is", null), eb("exact_poll_leases.lease_until", "<", now)]))
    .orderBy("exact_poll_leases.next_poll_at")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** The right to poll one connection now, as the token refresh's lease: one conditional statement, then ours or not. */
export async function takePollLease(db: Db, connectionId: string, now: number, leaseMs: number, force: boolean): Promise<boolean> {
  const result = await db
    .insertInto("exact_poll_leases")
    .values({ connection_id: connectionId, lease_until: now + leaseMs, next_poll_at: now })
    .onConflict((oc) =>
      oc
        .column("connection_id")
        .doUpdateSet({ lease_until: now + leaseMs })
        .where((eb) =>
          eb.and([
            eb.or([eb("exact_poll_leases.lease_until", "is", null), eb("exact_poll_leases.lease_until", "<", now)]),
            ...(force ? [] : [eb("exact_poll_leases.next_poll_at", "<=", now)]),
          ]),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function releasePollLease(db: Db, connectionId: string, nextPollAt: number): Promise<void> {
  await db.updateTable("exact_poll_leases").set({ lease_until: null, next_poll_at: nextPollAt }).where("connection_id", "=", connectionId).execute();
}

/** A deleted connection's poll state and record versions: nothing refers to them any more. */
export async function forgetConnectionState(db: Db, connectionId: string): Promise<void> {
  await db.deleteFrom("exact_record_versions").where("connection_id", "=", connectionId).execute();
  await db.deleteFrom("exact_sync_cursors").where("connection_id", "=", connectionId).execute();
  await db.deleteFrom("exact_poll_leases").where("connection_id", "=", connectionId).execute();
}

/** Divisions removed from a connection (PATCH): their cursors and record versions go; the connection's others stay. */
export async function forgetDivisionState(db: Db, connectionId: string, divisions: readonly number[]): Promise<void> {
  if (divisions.length === 0) return;
  await db.deleteFrom("exact_record_versions").where("connection_id", "=", connectionId).where("division", "in", [...divisions]).execute();
  await db.deleteFrom("exact_sync_cursors").where("connection_id", "=", connectionId).where("division", "in", [...divisions]).execute();
}
