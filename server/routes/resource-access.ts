import type { Action, Model, Operation } from "../../src/protocol";
import type { ModelMapping } from "../connectors/exact-online/models/types";
import type { FieldMap } from "../connectors/exact-online/resources";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { checkPermissions } from "../connectors/exact-online/permissions";
import { findConnection, permissionsKnown, updateConnection, type ConnectionRow } from "../storage/connections-repo";

/** The connection named by `x-connector-id` (default exact-online) and `x-owner-id`. */
export async function connectionFromHeaders(ctx: ServerContext, header: (name: string) => string | undefined): Promise<ConnectionRow> {
  const connectorId = header("x-connector-id") ?? "exact-online";
  const ownerId = header("x-owner-id");
  if (!ownerId) throw new MorphError("VALIDATION_ERROR", "x-owner-id: header is required", { field: "x-owner-id" });
  if (connectorId !== "exact-online") throw new MorphError("VALIDATION_ERROR", `x-connector-id: unknown connector "${connectorId}"`, { field: "x-connector-id" });
  return usableConnection(ctx, connectorId, ownerId);
}

/**
 * A connection that can call Exact now: it exists and does not wait for the user to reconnect. Its
 * permissions are asked of Exact first when that failed at connect time.
 */
export async function usableConnection(ctx: ServerContext, connectorId: string, ownerId: string): Promise<ConnectionRow> {
  const row = await findConnection(ctx.db, connectorId, ownerId);
  if (!row) throw new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
  if (row.status === "needs_reauth") {
    throw new MorphError("NEEDS_REAUTH", "The Exact Online connection must be authorized again: the user has to reconnect through the widget.");
  }
  return permissionsKnown(row) ? row : recheckPermissions(ctx, row).catch(() => row);
}

/** Asks Exact's UserHasRights for every granted operation and records the answer on the connection. */
export async function recheckPermissions(ctx: ServerContext, row: ConnectionRow): Promise<ConnectionRow> {
  const granted = JSON.parse(row.granted_operations) as Operation[];
  const { missing } = await checkPermissions((request) => ctx.exact.call(row, request), row.division, granted, ctx.models);
  const missing_operations = JSON.stringify(missing);
  await updateConnection(ctx.db, row.id, { missing_operations, updated_at: ctx.clock.now() });
  return { ...row, missing_operations };
}

export function modelMapping(ctx: ServerContext, model: string): ModelMapping {
  const mapping = ctx.models.get(model);
  if (!mapping) throw new MorphError("NOT_FOUND", `Unknown model "${model}".`, { models: ctx.models.names() });
  return mapping;
}

/**
 * Refused before any call to Exact: an action Exact does not have (405), an operation the user did
 * not grant at connect time, or one Exact's UserHasRights said the user lacks (403).
 */
export function assertOperationAllowed(row: ConnectionRow, mapping: ModelMapping, action: Action): Operation {
  const { model, actions } = mapping;
  const operation: Operation = `${model}::${action}`;
  if (!actions.includes(action)) {
    throw new MorphError("OPERATION_NOT_SUPPORTED", `${model} supports ${actions.join(", ")} in Exact Online, not ${action}.`, {
      operations: actions,
    });
  }
  const granted = JSON.parse(row.granted_operations) as Operation[];
  const missing = (JSON.parse(row.missing_operations) as Operation[] | null) ?? [];
  if (!granted.includes(operation)) {
    throw new MorphError("INSUFFICIENT_PERMISSIONS", `The connection was not granted ${operation}; request it in the session and reconnect.`, {
      operation,
      missing: [operation],
    });
  }
  if (missing.includes(operation)) {
    throw new MorphError("INSUFFICIENT_PERMISSIONS", `The Exact Online user lacks the rights for ${operation}.`, { operation, missing: [operation] });
  }
  return operation;
}

/** `/fields` of a model shows what the connection may do with it: any granted operation of the model will do. */
export function assertAnyOperationGranted(row: ConnectionRow, mapping: ModelMapping): void {
  const granted = JSON.parse(row.granted_operations) as Operation[];
  if (mapping.actions.some((action) => granted.includes(`${mapping.model}::${action}`))) return;
  const wanted = mapping.actions.map((action): Operation => `${mapping.model}::${action}`);
  throw new MorphError("INSUFFICIENT_PERMISSIONS", `The connection was granted no operation of ${mapping.model}; grant one of ${wanted.join(", ")} and reconnect.`, {
    operation: wanted[0],
    missing: wanted,
  });
}

export function fieldMapFor(row: ConnectionRow, model: Model): FieldMap {
  const all = JSON.parse(row.field_mapping) as Record<Model, FieldMap>;
  return Object.hasOwn(all, model) ? (all[model] ?? {}) : {};
}
