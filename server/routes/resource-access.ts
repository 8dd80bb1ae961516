import type { Action, Model, Operation } from "../../src/protocol";
import type { ModelMapping } from "../connectors/exact-online/models/types";
import type { FieldMap } from "../connectors/exact-online/resources";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { getConnection, recheckPermissions } from "../connect-flow/connect-flow";
import type { Connection } from "../storage/connections-repo";

/** The connection named by `x-connector-id` (default exact-online) and `x-owner-id`. */
export async function connectionFromHeaders(ctx: ServerContext, header: (name: string) => string | undefined): Promise<Connection> {
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
export async function usableConnection(ctx: ServerContext, connectorId: string, ownerId: string, { recheck = true } = {}): Promise<Connection> {
  const row = await getConnection(ctx, connectorId, ownerId);
  if (!row) throw new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
  if (row.status === "needs_reauth") {
    throw new MorphError("NEEDS_REAUTH", "The Exact Online connection must be authorized again: the user has to reconnect through the widget.");
  }
  if (row.missingOperations !== null || !recheck) return row;
  // Unknown since connect time: ask now; if Exact still cannot say, its own 403 will on the real call.
  return recheckPermissions(ctx, row).then(
    (checked) => checked.connection,
    () => row,
  );
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
export function assertOperationAllowed(row: Connection, mapping: ModelMapping, action: Action): Operation {
  const { model, actions } = mapping;
  const operation: Operation = `${model}::${action}`;
  if (!actions.includes(action)) {
    throw new MorphError("OPERATION_NOT_SUPPORTED", `${model} supports ${actions.join(", ")} in Exact Online, not ${action}.`, {
      operations: actions,
    });
  }
  const granted = row.grantedOperations;
  const missing = row.missingOperations ?? [];
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
export function assertAnyOperationGranted(row: Connection, mapping: ModelMapping): void {
  const granted = row.grantedOperations;
  if (mapping.actions.some((action) => granted.includes(`${mapping.model}::${action}`))) return;
  const wanted = mapping.actions.map((action): Operation => `${mapping.model}::${action}`);
  throw new MorphError("INSUFFICIENT_PERMISSIONS", `The connection was granted no operation of ${mapping.model}; grant one of ${wanted.join(", ")} and reconnect.`, {
    operation: wanted[0],
    missing: wanted,
  });
}

export function fieldMapFor(row: Connection, model: Model): FieldMap {
  return Object.hasOwn(row.fieldMapping, model) ? (row.fieldMapping[model] ?? {}) : {};
}
