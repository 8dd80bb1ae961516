/**
 * The Exact endpoint a call went to, as a metric label and log field: the entity path without the
 * division, keys or query (`/api/v1/123/crm/Accounts(guid'…')?$filter=…` → `crm/Accounts`,
 * `/api/v1/current/Me` → `current/Me`, `/api/oauth2/token` → `oauth2/token`). The proxy lets a backend
 * name any path, so the set is bounded: an unusual shape, or a name beyond the first MAX_ENDPOINTS seen,
 * is `other` (Exact's API has a few hundred endpoints).
 */
const MAX_ENDPOINTS = 500;
const ENDPOINT_SHAPE = /^[A-Za-z][A-Za-z0-9]{0,63}(?:\/[A-Za-z][A-Za-z0-9]{0,63}){0,3}$/;
const seen = new Set<string>();

export function exactEndpointOf(path: string): string {
  const api = path.indexOf("/api/");
  if (api < 0) return "other";
  let end = path.length;
  for (const stop of ["?", "("]) {
    const at = path.indexOf(stop, api);
    if (at >= 0 && at < end) end = at;
  }
  let name = path.slice(api + 5, end);
  if (name.startsWith("v1/")) name = name.slice(3).replace(/^\d+\//, "");
  if (name.endsWith("/")) name = name.slice(0, -1);
  if (seen.has(name)) return name;
  if (!ENDPOINT_SHAPE.test(name) || seen.size >= MAX_ENDPOINTS) return "other";
  seen.add(name);
  return name;
}
