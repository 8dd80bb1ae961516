import { Hono } from "hono";
import { toMorphError } from "../connectors/exact-online/api-client";
import type { ServerContext } from "../context";
import { requireSecretKey } from "../security/auth-middleware";
import { assertOwnDivision, assertProxyAllowed, divisionOfPath } from "../resources/proxy-access";
import { connectionFor, recordCustomerUse } from "../resources/resource-access";
import { acceptForExact, parseProxyPath, proxyTarget } from "./proxy-target";
import { connectionRef } from "./validation";

// Never forwarded either way: hop-by-hop headers (RFC 9110 §7.6.1), credentials, cookies.
const DROPPED = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "authorization",
  "cookie",
  "set-cookie",
  "host",
  "content-length",
  "x-owner-id",
  "x-connector-id",
  "www-authenticate",
  "content-encoding",
]);
const FORWARDED_REQUEST_HEADERS = ["content-type", "prefer", "if-match"];

/**
 * `ALL /v1/proxy/api/v1/{division}/…` (secret key): a raw Exact REST call with the connection's token,
 * `{division}` filled in, status and body passed through (Exact's 5xx become 502 PROVIDER_ERROR). Only Exact's REST API is reachable:
 * never its OAuth endpoints, never another host, never a division other than the connection's own.
 */
export function proxyRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));
  app.all("/*", async (c) => {
    const url = new URL(c.req.url);
    // Refused before anything else, the owner's connection included: see proxy-target.ts.
    const segments = parseProxyPath(url.pathname.replace(/^\/v1\/proxy/, ""));
    // A division written in the path is the call's division (it must be one of the connection's, refused before any call).
    const row = await connectionFor(ctx, { ...connectionRef(c), division: divisionOfPath(segments, c.req.header("x-division")) });
    assertOwnDivision(row, segments);
    assertProxyAllowed(ctx.models, row, segments, c.req.method.toUpperCase());
    await recordCustomerUse(ctx, row);
    const target = proxyTarget(ctx.exact.baseUrl(row), segments, row.division, url.search);
    const headers: Record<string, string> = { accept: acceptForExact(c.req.header("accept")) };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value) headers[name] = value;
    }
    const method = c.req.method;
    const body = method === "GET" || method === "HEAD" ? undefined : await c.req.text();
    const response = await ctx.exact.call(row, { method, url: target.href, body: body || undefined, headers }, { passthrough: true, signal: c.req.raw.signal });
    // Exact's 4xx answers are the caller's to read, as Exact sent them; a 5xx (or a maintenance page with
    // one) is Exact failing: 502 PROVIDER_ERROR with Exact's status in details, never a 500 that reads as ours.
    if (response.status >= 500) throw toMorphError(response, undefined);
    const outHeaders = new Headers();
    response.headers.forEach((value, name) => {
      if (!DROPPED.has(name.toLowerCase())) outHeaders.set(name, value);
    });
    return new Response(response.status === 204 || response.status === 304 ? null : response.text, { status: response.status, headers: outHeaders });
  });
  return app;
}
