/**
 * The one write path of the sandbox: REST calls and the test/script change API (changes.ts) both create, update
 * and delete records through here, so either way Modified and the sync Timestamp move, webhooks fire and
 * deletions are logged for sync/Deleted.
 */
import { checkMandatory, coerceWriteBody } from "./coerce";
import type { EntityContext, EntityDef } from "./entity-types";
import { hasStamps } from "./entity-types";
import { ExactHttpError, badRequest } from "./errors";
import type { Row } from "./state";
import { bumpRowVersion, recordDeletion } from "./sync-log";
import { deliverWebhooks } from "./webhooks";

export interface WriteOptions {
  publicUrl: string;
  webhookSecret: string;
}

/** The stored row under `key` if this caller may see it; Exact's 404 otherwise. */
export function existingRecord(entity: EntityDef, ctx: EntityContext, key: string, shownKey = key): Row {
  const row = entity.table(ctx).get(key);
  if (!row || !(entity.visible?.(row, ctx) ?? true)) throw new ExactHttpError(404, `Not found: ${entity.path}(${shownKey})`);
  return row;
}

export async function createRecord(entity: EntityDef, ctx: EntityContext, body: unknown, options: WriteOptions): Promise<Row> {
  const { fields, nested } = coerceWriteBody(entity, body);
  checkMandatory(entity, fields);
  for (const [name, navigation] of Object.entries(entity.navigation ?? {})) {
    const given = nested[name];
    if (navigation.mandatory && (!Array.isArray(given) || given.length === 0)) throw badRequest(`Mandatory field: ${name}`);
  }
  const row: Row = { ...entity.defaults?.(ctx), ...fields, [entity.key]: ctx.newId() };
  if (hasStamps(entity)) Object.assign(row, { Created: ctx.now, Modified: ctx.now });
  entity.finish?.(row, ctx, "create");
  if (entity.beforeCreate) {
    await entity.beforeCreate(row, ctx);
    // Others may have written while this one waited on the network: check again against the table as it is now.
    entity.finish?.(row, ctx, "create");
  }
  const table = entity.table(ctx);
  const id = String(row[entity.key]);
  table.set(id, row);
  try {
    entity.afterWrite?.(row, ctx, nested);
  } catch (error) {
    table.delete(id); // nothing half-created stays behind
    entity.afterDelete?.(row, ctx);
    throw error;
  }
  bumpRowVersion(entity, row, ctx);
  deliverWebhooks(entity, "Create", id, row, ctx, options);
  return row;
}

export async function updateRecord(entity: EntityDef, ctx: EntityContext, key: string, body: unknown, options: WriteOptions): Promise<Row> {
  const current = existingRecord(entity, ctx, key);
  const { fields, nested } = coerceWriteBody(entity, body);
  if (Object.keys(nested).length > 0) throw badRequest("Navigation properties cannot be changed with PUT; write the lines themselves.");
  entity.beforeUpdate?.(current, ctx);
  const updated: Row = { ...current, ...fields };
  if (hasStamps(entity)) updated.Modified = ctx.now;
  entity.finish?.(updated, ctx, "update");
  entity.table(ctx).set(key, updated);
  entity.afterWrite?.(updated, ctx, {});
  bumpRowVersion(entity, updated, ctx);
  deliverWebhooks(entity, "Update", key, updated, ctx, options);
  return updated;
}

export function deleteRecord(entity: EntityDef, ctx: EntityContext, key: string, options: WriteOptions): void {
  const current = existingRecord(entity, ctx, key);
  entity.beforeDelete?.(current, ctx);
  entity.table(ctx).delete(key);
  entity.afterDelete?.(current, ctx);
  recordDeletion(ctx, entity.deletedEntityType, key);
  // A removed line moves its invoice's Timestamp (the invoice changed); other rows have nothing left to move.
  if (entity.reportsAs) bumpRowVersion(entity, current, ctx);
  deliverWebhooks(entity, "Delete", key, current, ctx, options);
}
