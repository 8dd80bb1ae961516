/**
 * A connection's divisions as the backend sees and changes them (issue 18): which ones the token reaches,
 * asked of Exact (`system/Divisions`) through the connection's normal call path (token refresh, rate limits),
 * and a new set or default for `PATCH /v1/connections/:connectorId/:ownerId`, checked with Exact before
 * anything is stored: a division code in a request body is never trusted.
 */
import type { Operation } from "../../src/protocol";
import { MAX_DIVISION_PAGES, type ReachableDivision as ExactDivision } from "../connectors/exact-online/authorization";
import { readPages } from "../connectors/exact-online/exact-reader";
import { checkPermissions } from "../connectors/exact-online/permissions";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { usableConnection } from "../resources/resource-access";
import type { Connection, StoredDivision } from "../storage/connections-repo";

type ReachableDivision = Pick<ExactDivision, "code" | "name">;

/** One row of `GET /v1/connections/:connectorId/:ownerId/divisions`. */
export interface DivisionChoice extends ReachableDivision {
  /** Whether the connection holds it (calls may name it with `x-division`). */
  connected: boolean;
}

/**
 * Every division the connection's token reaches, as Exact lists them now. `system/Divisions` answers the
 * divisions granted at consent whatever division its URL names (EXACT_ONLINE.md), so the default one is used.
 */
export async function reachableDivisions(ctx: ServerContext, connection: Connection): Promise<ReachableDivision[]> {
  const found = new Map<number, ReachableDivision>();
  const request = { url: "/api/v1/{division}/system/Divisions", query: { $select: "Code,Description,CustomerName" } };
  for await (const { results } of readPages(ctx.exact, connection, request, { operation: "genericWorkspace::list", maxPages: MAX_DIVISION_PAGES })) {
    for (const row of results) {
      const code = Number(row.Code);
      if (Number.isSafeInteger(code) && code > 0 && !found.has(code)) found.set(code, { code, name: String(row.Description || row.CustomerName || "") });
    }
  }
  return [...found.values()];
}

/** `GET …/divisions`: 404 for no connection, 409 NEEDS_REAUTH for a pending or expired one, as the other routes. */
export async function listDivisions(ctx: ServerContext, connectorId: string, ownerId: string): Promise<DivisionChoice[]> {
  const connection = await usableConnection(ctx, connectorId, ownerId, { recheck: false });
  const held = new Set(connection.divisions.map((d) => d.code));
  return (await reachableDivisions(ctx, connection)).map((d) => ({ ...d, connected: held.has(d.code) }));
}

export interface DivisionChanges {
  divisions?: number[];
  defaultDivision?: number;
}

/** What a PATCH does to the divisions, worked out (and checked with Exact) before the transaction that stores it. */
export interface DivisionPlan {
  /** The connection as it was when the plan was made: the transaction refuses to apply the plan over another change. */
  before: Connection;
  divisions: StoredDivision[];
  defaultDivision: number;
  added: number[];
  removed: number[];
}

const invalid = (field: string, message: string, details: Record<string, unknown> = {}) => new MorphError("VALIDATION_ERROR", `${field}: ${message}`, { field, ...details });

/**
 * The connection's new divisions and default. Refused with 400 before any call: an empty set, a default outside
 * the resulting set, removing the default without naming another. Then, only when divisions are added: a code the
 * token does not reach (asked of Exact) is a 400 naming it, and each added division gets its rights checked there
 * (Exact's UserHasRights; unknown, as at connect time, when Exact cannot say).
 */
export async function planDivisions(ctx: ServerContext, connectorId: string, ownerId: string, changes: DivisionChanges): Promise<DivisionPlan> {
  if (changes.divisions !== undefined && changes.divisions.length === 0) throw invalid("divisions", "must name at least one division");
  const connection = await usableConnection(ctx, connectorId, ownerId, { recheck: false });
  const current = connection.divisions.map((d) => d.code);
  const target = changes.divisions === undefined ? current : [...new Set(changes.divisions)];
  const defaultDivision = changes.defaultDivision ?? connection.defaultDivision;
  if (changes.defaultDivision === undefined && !target.includes(defaultDivision)) {
    throw invalid("defaultDivision", `the default division ${defaultDivision} is removed: name a new defaultDivision among ${target.join(", ")}`, { division: defaultDivision });
  }
  if (!target.includes(defaultDivision)) {
    throw invalid("defaultDivision", `${defaultDivision} is not among the connection's divisions (${target.join(", ")})`, { division: defaultDivision });
  }
  const added = target.filter((code) => !current.includes(code));
  const removed = current.filter((code) => !target.includes(code));
  const known = new Map(connection.divisions.map((d) => [d.code, d]));
  if (added.length > 0) {
    const reachable = new Map((await reachableDivisions(ctx, connection)).map((d) => [d.code, d]));
    const unreachable = added.filter((code) => !reachable.has(code));
    if (unreachable.length > 0) {
      throw invalid(
        "divisions",
        `the connection's Exact user cannot reach division${unreachable.length > 1 ? "s" : ""} ${unreachable.join(", ")} (GET /v1/connections/${connectorId}/${ownerId}/divisions lists those it can)`,
        { divisions: unreachable },
      );
    }
    for (const code of added) {
      known.set(code, { code, name: reachable.get(code)!.name, missingOperations: await missingIn(ctx, connection, code) });
    }
  }
  return { before: connection, divisions: target.map((code) => known.get(code)!), defaultDivision, added, removed };
}

/** The granted operations Exact's UserHasRights refuses in `division`; null when Exact could not be asked. */
async function missingIn(ctx: ServerContext, connection: Connection, division: number): Promise<Operation[] | null> {
  const view: Connection = { ...connection, division, missingOperations: null };
  try {
    const { missing } = await checkPermissions((request) => ctx.exact.call(view, request), division, connection.grantedOperations, ctx.models);
    return missing;
  } catch (error) {
    // Exact's own answer to a call there will say; a rate limit is the caller's to know now.
    if (error instanceof MorphError && error.code === "RATE_LIMITED") throw error;
    return null;
  }
}

/** Whether a plan changes anything stored. */
export function changesDivisions(plan: DivisionPlan): boolean {
  const before = plan.before.divisions.map((d) => d.code);
  return plan.defaultDivision !== plan.before.defaultDivision || before.length !== plan.divisions.length || plan.divisions.some((d, i) => d.code !== before[i]);
}
