/**
 * Who may do what through the proxy: the connection's grants and its own division. These are the same
 * kind of rule as resource-access.ts (and change with it: a grant, a division), so they live beside it;
 * routes/proxy-target.ts only parses the path into segments that these rules read.
 */
import type { Action, Operation } from "../../src/protocol";
import type { ModelRegistry } from "../connectors/exact-online/model-registry";
import { MorphError } from "../errors";
import type { Connection } from "../storage/connections-repo";

const WRITE_ACTION: Record<string, Action> = { POST: "create", PUT: "update", PATCH: "update", MERGE: "update", DELETE: "delete" };

/** The Exact endpoint of a parsed proxy path (`api/v1/{division}/crm/Accounts(guid'…')` → crm/Accounts). */
export function proxiedEndpoint(segments: readonly string[]): string | undefined {
  if (segments[2]?.toLowerCase() === "current") return segments.slice(2, 4).join("/");
  const [service, entity] = [segments[3], segments[4]];
  return service && entity ? `${service}/${entity.replace(/\(.*$/, "")}` : undefined;
}

/** A division code as Exact writes it; any other spelling of a number is refused, not read. */
const DIVISION_CODE = /^[1-9]\d{0,15}$/;

/**
 * The division a proxied call goes to: a code written in the path (`api/v1/2345678/…`), else `x-division`, else
 * the default (undefined). A code in the path and another in `x-division` contradict each other: 400. Whether the
 * connection holds the division is resource-access.ts's `atDivision` to check, before any call to Exact.
 */
export function divisionOfPath(segments: readonly string[], header: string | undefined): string | undefined {
  const asked = segments[2] ?? "";
  if (!DIVISION_CODE.test(asked)) return header;
  if (header !== undefined && header !== "" && header !== asked) {
    throw new MorphError("VALIDATION_ERROR", `x-division: names division ${header.slice(0, 20)} but the path names ${asked}; name one, or the same in both`, {
      field: "x-division",
    });
  }
  return asked;
}

/**
 * The proxy reaches the division of the call only (`{division}`, or its number as Exact writes it: one of the
 * connection's divisions, chosen by `divisionOfPath`) and `current/Me`: each division has its own rate budget and
 * rights. Any other spelling (`01234567`, `+12`, `%31%32` = another number) is refused.
 */
export function assertOwnDivision(row: Connection, segments: readonly string[]): void {
  const asked = segments[2] ?? "";
  if (asked === "{division}" || asked === String(row.division) || asked.toLowerCase() === "current") return;
  throw new MorphError("INSUFFICIENT_PERMISSIONS", `The connection reaches its own divisions (${row.divisions.map((d) => d.code).join(", ")}) only, not "${asked.slice(0, 40)}": use {division}.`, {
    division: DIVISION_CODE.test(asked) ? Number(asked) : asked.slice(0, 40),
  });
}

/**
 * The proxy honours the connection's grants like the unified routes do: reading an endpoint needs a
 * granted list or retrieve of a model on it, a write the granted action of a model on it (POST create,
 * PUT update, DELETE delete); anything else needs `proxy::read` / `proxy::write`.
 */
export function assertProxyAllowed(models: ModelRegistry, row: Connection, segments: readonly string[], method: string): void {
  const granted = new Set(row.grantedOperations);
  const read = method === "GET" || method === "HEAD";
  const endpoint = proxiedEndpoint(segments);
  const onEndpoint = endpoint ? models.onEndpoint(endpoint) : [];
  const actions: Action[] = read ? ["list", "retrieve"] : WRITE_ACTION[method] ? [WRITE_ACTION[method]] : [];
  if (onEndpoint.some((mapping) => actions.some((action) => granted.has(`${mapping.model}::${action}`)))) return;
  const fallback: Operation = read ? "proxy::read" : "proxy::write";
  if (granted.has(fallback)) return;
  const wanted = [...onEndpoint.flatMap((mapping) => actions.map((action) => `${mapping.model}::${action}`)), fallback];
  throw new MorphError(
    "INSUFFICIENT_PERMISSIONS",
    `The connection was not granted ${method} on ${endpoint ?? "this path"}: grant ${wanted.join(" or ")} and reconnect.`,
    { operation: fallback, missing: [fallback], ...(endpoint ? { endpoint } : {}) },
  );
}
