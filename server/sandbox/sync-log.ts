/**
 * The sync API's bookkeeping: a Timestamp (rowversion) per division that grows on every insert and change of a
 * record of an entity with a sync endpoint, and the sync/Deleted log. Exact: "Every time an existing record is
 * changed or a new record is inserted, the row versioning value is higher than the highest available value at
 * that time"; "the timestamp value returned has no relation with actual date or time".
 *
 * The Timestamp is kept on the stored row as a hidden column: regular and bulk endpoints do not list it (it is
 * not among their properties in Exact's reference), only the sync endpoints show it.
 */
import type { EntityContext, EntityDef } from "./entity-types";
import type { Row, SandboxState } from "./state";

export const TIMESTAMP = "Timestamp";

/**
 * Where a division's rowversions start. Exact advises "filter on timestamp greater than 1" for a first sync, so
 * real values are well above 1; the exact start is Exact's secret.
 */
const FIRST_ROW_VERSION = 1000;

export function nextRowVersion(state: SandboxState, division: number): number {
  const next = (state.rowVersions.get(division) ?? FIRST_ROW_VERSION) + 1;
  state.rowVersions.set(division, next);
  return next;
}

/** Moves the Timestamp of a changed row, and of the rows that share its sync record set (an invoice and its lines). */
export function bumpRowVersion(entity: EntityDef, row: Row, ctx: EntityContext): void {
  const group = entity.syncGroup?.(row, ctx) ?? (entity.sync ? [row] : []);
  for (const member of group) member[TIMESTAMP] = nextRowVersion(ctx.state, ctx.division);
}

/** One sync/Deleted row for a removed record. */
export function recordDeletion(ctx: EntityContext, entityType: number | undefined, key: string): void {
  if (entityType === undefined) return;
  let log = ctx.state.deletions.get(ctx.division);
  if (!log) {
    log = [];
    ctx.state.deletions.set(ctx.division, log);
  }
  log.push({
    Timestamp: nextRowVersion(ctx.state, ctx.division),
    DeletedBy: ctx.userId,
    DeletedDate: ctx.now,
    Division: ctx.division,
    EntityKey: key,
    EntityType: entityType,
    ID: ctx.newId(),
  });
}
