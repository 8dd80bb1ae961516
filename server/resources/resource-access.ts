/**
 * Who may do what on which connection: the checks every unified read or write (and the widget's preview)
 * passes before anything is sent to Exact. The proxy's own rules are in proxy-access.ts.
 */
import type { Action, Model, Operation } from "../../src/protocol";
import type { ModelMapping } from "../connectors/exact-online/models/types";
import { fieldMapOf } from "../connectors/exact-online/model-view";
import type { FieldMap } from "../connectors/exact-online/resources";
import { recheckPermissions } from "../connect-flow/connect-flow";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { findConnectionRecord, recordUse, viewAtDivision, type Connection } from "../storage/connections-repo";

/** The connection as a backend names it (headers `x-connector-id`, `x-owner-id`), not yet checked. */
export interface ConnectionRef {
  connectorId: string | undefined;
  ownerId: string | undefined;
  /** `x-division`: one of the connection's divisions; absent, its default division (issue 18). */
  division?: string | undefined;
}

/** A division code as Exact writes it: a positive integer without sign, leading zero or exponent. */
const DIVISION_CODE = /^[1-9]\d{0,15}$/;

/**
 * The connection seen from the division a call names (`x-division`), or from its default. A division outside
 * the connection is refused before any call to Exact: 403 with details.division (400 when it is no code).
 */
export function atDivision(connection: Connection, asked: string | undefined): Connection {
  if (asked === undefined || asked === "") return connection;
  if (!DIVISION_CODE.test(asked)) throw new MorphError("VALIDATION_ERROR", "x-division: must be a division code (a positive integer)", { field: "x-division" });
  const view = viewAtDivision(connection, Number(asked));
  if (!view) {
    throw new MorphError(
      "INSUFFICIENT_PERMISSIONS",
      `The connection does not reach division ${asked}; it reaches ${connection.divisions.map((d) => d.code).join(", ")}. Add it with PATCH /v1/connections/:connectorId/:ownerId.`,
      { division: Number(asked), divisions: connection.divisions.map((d) => d.code) },
    );
  }
  return view;
}

/**
 * One model of one usable connection, checked for one action. The use-case functions take a grant, so
 * none of them can run without the check; the action in the type keeps a "list" grant from deleting.
 */
export interface ModelGrant<A extends Action = Action> {
  action: A;
  connection: Connection;
  mapping: ModelMapping;
  /** The connection's extra unified fields of this model. */
  fieldMap: FieldMap;
}

/** The checks in the order v1 has always answered them: model (404), connection (400/404/409), action (405/403). */
export async function grantFor<A extends Action>(ctx: ServerContext, ref: ConnectionRef, modelName: string, action: A): Promise<ModelGrant<A>> {
  const mapping = modelMapping(ctx, modelName);
  const connection = await connectionFor(ctx, ref);
  assertOperationAllowed(connection, mapping, action);
  await recordCustomerUse(ctx, connection);
  return { action, connection, mapping, fieldMap: fieldMapFor(connection, mapping.model) };
}

/** `lastUsedAt` is written at most this often, so that reads do not all turn into writes. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * A customer request (a resource route or the proxy) is about to call Exact with this connection: record
 * it as `lastUsedAt`, at most once a minute. The row was just read, so a recent enough value costs no
 * query. The poller and the keep-alive never come through here.
 */
export async function recordCustomerUse(ctx: ServerContext, connection: Connection): Promise<void> {
  const now = ctx.clock.now();
  if (connection.lastUsedAt !== null && now - connection.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
  await recordUse(ctx.db, connection.id, now, LAST_USED_RESOLUTION_MS);
}

/** The connection named by `x-connector-id` (default exact-online) and `x-owner-id`. */
export async function connectionFor(ctx: ServerContext, ref: ConnectionRef): Promise<Connection> {
  const { connectorId = "exact-online", ownerId } = ref;
  if (!ownerId) throw new MorphError("VALIDATION_ERROR", "x-owner-id: header is required", { field: "x-owner-id" });
  if (connectorId !== "exact-online") throw new MorphError("VALIDATION_ERROR", `x-connector-id: unknown connector "${connectorId}"`, { field: "x-connector-id" });
  return usableConnection(ctx, connectorId, ownerId, { division: ref.division });
}

/**
 * A connection that can call Exact now: it exists and does not wait for the user to reconnect. Its
 * permissions are asked of Exact first when that failed at connect time.
 */
export async function usableConnection(
  ctx: ServerContext,
  connectorId: string,
  ownerId: string,
  { recheck = true, division }: { recheck?: boolean; division?: string } = {},
): Promise<Connection> {
  const row = await findConnectionRecord(ctx.db, connectorId, ownerId);
  if (!row) throw new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
  if (row.status === "pending") {
    throw new MorphError("NEEDS_REAUTH", "The Exact Online connection was created but never authorized: the user has to connect through the widget.", {
      status: "pending",
    });
  }
  if (row.status === "needs_reauth") {
    throw new MorphError("NEEDS_REAUTH", "The Exact Online connection must be authorized again: the user has to reconnect through the widget.", {
      status: "needs_reauth",
    });
  }
  const view = atDivision(row, division);
  if (view.missingOperations !== null || !recheck) return view;
  // Unknown since connect time: ask now (in that division); if Exact still cannot say, its own 403 will on the real call.
  return recheckPermissions(ctx, view).then(
    (checked) => checked.connection,
    () => view,
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

/** A connection's mapped fields of one model: the model view's one own-property guard. */
export const fieldMapFor = (row: Connection, model: Model): FieldMap => fieldMapOf(row, model);
