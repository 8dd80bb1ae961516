/**
 * The connection as the backend's resource: declared before any user authorizes it (`pending`), labelled
 * with metadata and tags, listed and searched. The connect flow (connect-flow.ts) turns a pending
 * connection into a connected one; everything that calls Exact only ever sees authorized ones.
 */
import type { ConnectorId, Operation } from "../../src/protocol";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import {
  findConnectionRecord,
  findConnectionRecordForUpdate,
  insertPendingConnection,
  listConnectionRows,
  saveDivisions,
  updateConnectionRequest,
  type ConnectionListQuery,
  type ConnectionRecord,
} from "../storage/connections-repo";
import { connectionEvent } from "../webhooks/connection-events";
import { changesDivisions, planDivisions, type DivisionChanges, type DivisionPlan } from "./divisions";
import { sameMetadata, sameTags } from "./labels";
import { requestedOperations } from "./operations";

export interface ConnectionRequestInput {
  connectorId: ConnectorId;
  ownerId: string;
  operations: string[];
  optionalOperations?: string[];
  metadata?: Record<string, string>;
  tags?: string[];
}

export const connectionNotFound = (ownerId: string) => new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);

/**
 * `POST /v1/connections`: a new owner gets a pending connection (created: true); an existing one gets the
 * requested operations replaced, and metadata and tags when given. A connected owner's grants change only
 * when the user authorizes again. One transaction: the change and its `connection.updated` commit together.
 */
export async function requestConnection(ctx: ServerContext, input: ConnectionRequestInput): Promise<{ created: boolean; connection: ConnectionRecord }> {
  const { operations, optionalOperations } = requestedOperations(ctx.models, input.operations, input.optionalOperations);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const created = await insertPendingConnection(
      trx,
      { connectorId: input.connectorId, ownerId: input.ownerId, operations, optionalOperations, metadata: input.metadata ?? {}, tags: input.tags ?? [] },
      now,
    );
    if (created) return { created, connection: await mustFind(trx, input.connectorId, input.ownerId) };
    const connection = await changeConnection(ctx, trx, input.connectorId, input.ownerId, { operations, optionalOperations, metadata: input.metadata, tags: input.tags }, now);
    return { created, connection };
  });
}

/**
 * `PATCH /v1/connections/:connectorId/:ownerId`: each given label replaces its whole value; `divisions` and
 * `defaultDivision` (issue 18) are checked with Exact first (divisions.ts), then stored with the labels and one
 * `connection.updated` in one transaction. A division removed loses its Exact subscriptions (as on disconnect),
 * its poll state and its events.
 */
export async function updateConnection(
  ctx: ServerContext,
  connectorId: string,
  ownerId: string,
  changes: { metadata?: Record<string, string>; tags?: string[] } & DivisionChanges,
): Promise<ConnectionRecord> {
  const { divisions, defaultDivision, ...labels } = changes;
  const plan = divisions === undefined && defaultDivision === undefined ? undefined : await planDivisions(ctx, connectorId, ownerId, { divisions, defaultDivision });
  const moves = plan !== undefined && changesDivisions(plan);
  // The removed divisions' subscriptions go while the connection still holds them (its token, seen from each).
  if (moves && plan.removed.length > 0) await ctx.exactEvents.beforeDivisionsRemoved(plan.before, plan.removed);
  const now = ctx.clock.now();
  const after = await ctx.db.transaction().execute((trx) => changeConnection(ctx, trx, connectorId, ownerId, { ...labels, divisions: moves ? plan : undefined }, now));
  if (moves) await ctx.exactEvents.afterDivisionsChanged(after.id, plan.removed);
  return after;
}

async function changeConnection(
  ctx: ServerContext,
  trx: ServerContext["db"],
  connectorId: string,
  ownerId: string,
  changes: { operations?: Operation[]; optionalOperations?: Operation[]; metadata?: Record<string, string>; tags?: string[]; divisions?: DivisionPlan },
  now: number,
): Promise<ConnectionRecord> {
  const before = await findConnectionRecordForUpdate(trx, connectorId, ownerId);
  if (!before) throw connectionNotFound(ownerId);
  const { divisions: plan, ...request } = changes;
  const divisionsChanged = plan !== undefined && before.status !== "pending";
  if (divisionsChanged) {
    // Rights rechecked since the plan was made are kept: only the added divisions' come from the plan.
    const current = new Map(before.divisions.map((d) => [d.code, d]));
    await saveDivisions(trx, before.id, plan.divisions.map((d) => current.get(d.code) ?? d), plan.defaultDivision, now);
  }
  const labelsChanged = (changes.metadata !== undefined && !sameMetadata(before.metadata, changes.metadata)) || (changes.tags !== undefined && !sameTags(before.tags, changes.tags));
  const requestChanged =
    (changes.operations !== undefined && !sameTags(before.requestedOperations, changes.operations)) ||
    (changes.optionalOperations !== undefined && !sameTags(before.requestedOptionalOperations, changes.optionalOperations));
  if (!labelsChanged && !requestChanged && !divisionsChanged) return before;
  if (labelsChanged || requestChanged) await updateConnectionRequest(trx, before, request, now);
  const after = await mustFind(trx, connectorId, ownerId);
  if (labelsChanged || divisionsChanged) await ctx.webhooks.emit(trx, [connectionEvent("connection.updated", after)]);
  return after;
}

async function mustFind(db: ServerContext["db"], connectorId: string, ownerId: string): Promise<ConnectionRecord> {
  const connection = await findConnectionRecord(db, connectorId, ownerId);
  if (!connection) throw new Error("connection vanished inside its own transaction");
  return connection;
}

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

/** The opaque cursor: the (created_at, id) of the previous page's last row. */
const encodeCursor = (row: ConnectionRecord) => Buffer.from(JSON.stringify({ c: row.createdAt, i: row.id })).toString("base64url");
function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { c?: unknown; i?: unknown };
    if (Number.isSafeInteger(parsed.c) && typeof parsed.i === "string" && parsed.i.length <= 64) return { createdAt: parsed.c as number, id: parsed.i };
  } catch {
    // not ours: refused below
  }
  throw new MorphError("VALIDATION_ERROR", "cursor: not a cursor this server gave out", { field: "cursor" });
}

export type ListInput = Omit<ConnectionListQuery, "after" | "limit"> & { cursor?: string; limit?: number };

/** `GET /v1/connections`: one page, newest first; `next` is the cursor of the following page, or null. */
export async function listConnections(ctx: ServerContext, input: ListInput): Promise<{ data: ConnectionRecord[]; next: string | null }> {
  const limit = input.limit ?? DEFAULT_LIST_LIMIT;
  const { cursor, ...filters } = input;
  // One row more than the page tells whether another page follows, without a count.
  const rows = await listConnectionRows(ctx.db, { ...filters, after: cursor ? decodeCursor(cursor) : undefined, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return { data: page, next: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

/** The owner's connection in any status, or CONNECTION_NOT_FOUND. */
export async function connectionRecord(ctx: ServerContext, connectorId: string, ownerId: string): Promise<ConnectionRecord> {
  const connection = await findConnectionRecord(ctx.db, connectorId, ownerId);
  if (!connection) throw connectionNotFound(ownerId);
  return connection;
}
