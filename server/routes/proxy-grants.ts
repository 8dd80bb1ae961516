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
