/**
 * What each connection was last told about each record: its version (Exact's Modified, or a hash where
 * Exact keeps none), its parent invoice for lines, and tombstones for deletions. The webhook path and the
 * poller both go through `recordVersion`, so a change that both see is emitted once.
 */
import { sql } from "kysely";
import type { Db } from "../../../storage/database";

export interface RecordKey {
  connectionId: string;
  /** The record's division: two divisions of one connection keep their own versions (issue 18). */
  division: number;
  model: string;
  recordId: string;
}

/** What a version write found: a record never seen, one seen with another version, or nothing new. */
export type VersionChange = "new" | "changed" | "same";

/**
 * Stores `version` unless it is already the stored one. Conditional upsert: two processes writing the same
 * version both try, one of them changes the row, and only that one is told to emit.
 */
export async function recordVersion(trx: Db, key: RecordKey, version: string, parentId: string | null, now: number): Promise<VersionChange> {
  const before = await trx
    .selectFrom("exact_record_versions")
    .select(["version", "deleted"])
    .where("connection_id", "=", key.connectionId)
    .where("division", "=", key.division)
    .where("model", "=", key.model)
    .where("record_id", "=", key.recordId)
    .executeTakeFirst();
  const result = await trx
    .insertInto("exact_record_versions")
    .values({ connection_id: key.connectionId, division: key.division, model: key.model, record_id: key.recordId, version, parent_id: parentId, deleted: 0, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(["connection_id", "division", "model", "record_id"])
        .doUpdateSet({ version, parent_id: parentId, deleted: 0, updated_at: now })
        .where((eb) => eb.or([eb("exact_record_versions.version", "<>", version), eb("exact_record_versions.deleted", "=", 1)])),
    )
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return "same";
  return before && Number(before.deleted) === 0 ? "changed" : "new";
}

/**
 * `recordVersion` for many records of one connection and model in two statements, whatever their number
 * (a batch of webhooks, on PostgreSQL, was one round trip per record before): the versions before, then
 * one multi-row conditional upsert whose RETURNING names the rows it changed.
 */
export async function recordVersions(
  trx: Db,
  scope: { connectionId: string; division: number; model: string },
  entries: ReadonlyArray<{ recordId: string; version: string; parentId: string | null }>,
  now: number,
): Promise<Map<string, VersionChange>> {
  // One row per record: an upsert may not touch a row twice.
  const unique = [...new Map(entries.map((entry) => [entry.recordId, entry])).values()];
  const changes = new Map<string, VersionChange>();
  for (let at = 0; at < unique.length; at += VERSION_BATCH) {
    const slice = unique.slice(at, at + VERSION_BATCH);
    const ids = slice.map((entry) => entry.recordId);
    const before = await trx
      .selectFrom("exact_record_versions")
      .select(["record_id", "deleted"])
      .where("connection_id", "=", scope.connectionId)
      .where("division", "=", scope.division)
      .where("model", "=", scope.model)
      .where("record_id", "in", ids)
      .execute();
    const live = new Set(before.filter((row) => Number(row.deleted) === 0).map((row) => row.record_id));
    const written = await trx
      .insertInto("exact_record_versions")
      .values(slice.map((entry) => ({ connection_id: scope.connectionId, division: scope.division, model: scope.model, record_id: entry.recordId, version: entry.version, parent_id: entry.parentId, deleted: 0, updated_at: now })))
      .onConflict((oc) =>
        oc
          .columns(["connection_id", "division", "model", "record_id"])
          .doUpdateSet((eb) => ({ version: eb.ref("excluded.version"), parent_id: eb.ref("excluded.parent_id"), deleted: 0, updated_at: now }))
          .where((eb) => eb.or([eb("exact_record_versions.version", "<>", eb.ref("excluded.version")), eb("exact_record_versions.deleted", "=", 1)])),
      )
      .returning("record_id")
      .execute();
    const changed = new Set(written.map((row) => row.record_id));
    for (const id of ids) changes.set(id, !changed.has(id) ? "same" : live.has(id) ? "changed" : "new");
  }
  return changes;
}

/** Records per statement: well under SQLite's 32,766 bound parameters (7 a row). */
const VERSION_BATCH = 500;

/** Writes a tombstone; true when the record was not already deleted (so its deletion is news). */
export async function recordDeletion(trx: Db, key: RecordKey, now: number): Promise<boolean> {
  const result = await trx
    .insertInto("exact_record_versions")
    .values({ connection_id: key.connectionId, division: key.division, model: key.model, record_id: key.recordId, version: "deleted", parent_id: null, deleted: 1, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(["connection_id", "division", "model", "record_id"])
        .doUpdateSet({ version: "deleted", deleted: 1, updated_at: now })
        .where("exact_record_versions.deleted", "=", 0),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The live (not deleted) records of a model for a connection's division, optionally under one parent: id → version. */
export async function liveVersions(trx: Db, scope: { connectionId: string; division: number }, model: string, parentId?: string): Promise<Map<string, string>> {
  let query = trx
    .selectFrom("exact_record_versions")
    .select(["record_id", "version"])
    .where("connection_id", "=", scope.connectionId)
    .where("division", "=", scope.division)
    .where("model", "=", model)
    .where("deleted", "=", 0);
  if (parentId !== undefined) query = query.where("parent_id", "=", parentId);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.record_id, row.version]));
}

/** Whether the connection has seen the record (live or deleted). */
export async function hasSeen(trx: Db, key: RecordKey): Promise<boolean> {
  const row = await trx
    .selectFrom("exact_record_versions")
    .select(sql<number>`1`.as("one"))
    .where("connection_id", "=", key.connectionId)
    .where("division", "=", key.division)
    .where("model", "=", key.model)
    .where("record_id", "=", key.recordId)
    .executeTakeFirst();
  return row !== undefined;
}
