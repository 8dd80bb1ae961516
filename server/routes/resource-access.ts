import type { Action, Model, Operation } from "../../src/protocol";
import { mappingFor } from "../connectors/exact-online/models";
import type { ModelMapping } from "../connectors/exact-online/models/types";
import { isModel, MODEL_ENDPOINTS } from "../connectors/exact-online/operations";
import type { FieldMap } from "../connectors/exact-online/resources";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { findConnection, type ConnectionRow } from "../storage/connections-repo";

/** The connection named by `x-connector-id` (default exact-online) and `x-owner-id`. */
export async function connectionFromHeaders(ctx: ServerContext, header: (name: string) => string | undefined): Promise<ConnectionRow> {
  const connectorId = header("x-connector-id") ?? "exact-online";
  const ownerId = header("x-owner-id");
  if (!ownerId) throw new MorphError("VALIDATION_ERROR", "x-owner-id: header is required", { field: "x-owner-id" });
  if (connectorId !== "exact-online") throw new MorphError("VALIDATION_ERROR", `x-connector-id: unknown connector "${connectorId}"`, { field: "x-connector-id" });
  return usableConnection(ctx, connectorId, ownerId);
}

/** A connection that can call Exact now: it exists and does not wait for the user to reconnect. */
export async function usableConnection(ctx: ServerContext, connectorId: string, ownerId: string): Promise<ConnectionRow> {
  const row = await findConnection(ctx.db, connectorId, ownerId);
  if (!row) throw new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
  if (row.status === "needs_reauth") {
    throw new MorphError("NEEDS_REAUTH", "The Exact Online connection must be authorized again: the user has to reconnect through the widget.");
  }
  return row;
}

export function modelMapping(model: string): ModelMapping {
  if (!isModel(model)) throw new MorphError("NOT_FOUND", `Unknown model "${model}".`, { models: Object.keys(MODEL_ENDPOINTS) });
  return mappingFor(model);
}

/**
 * Refused before any call to Exact: an action Exact does not have (405), an operation the user did
 * not grant at connect time, or one Exact's UserHasRights said the user lacks (403).
 */
export function assertOperationAllowed(row: ConnectionRow, model: Model, action: Action): Operation {
  const operation = `${model}::${action}` as Operation;
  const { actions } = MODEL_ENDPOINTS[model];
  if (!actions.includes(action)) {
    throw new MorphError("OPERATION_NOT_SUPPORTED", `${model} supports ${actions.join(", ")} in Exact Online, not ${action}.`, {
      operations: actions,
    });
  }
  const granted = JSON.parse(row.granted_operations) as Operation[];
  const missing = JSON.parse(row.missing_operations) as Operation[];
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

export function fieldMapFor(row: ConnectionRow, model: Model): FieldMap {
  return (JSON.parse(row.field_mapping) as Partial<Record<Model, FieldMap>>)[model] ?? {};
}
