import type { Span } from "@opentelemetry/api";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { logger } from "./logger";
import { countRequest } from "./metrics";
import { REQUEST_ID_HEADER, requestIdFor } from "./request-id";
import { currentTraceId, endSpan, inServerSpan, tracingOn } from "./tracing";

/** Requests no route matched (marked by the app's notFound): their route is "unmatched", never their path. */
const unmatched = new WeakSet<Request>();
export const markUnmatched = (c: Context): void => {
  unmatched.add(c.req.raw);
};

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Probes and scrapers call these every few seconds: their lines are debug, not info. */
const QUIET_ROUTES = new Set(["/health", "/ready", "/metrics"]);

/**
 * Every request: its id (the caller's `x-request-id` when plain, else a new one, echoed on every answer),
 * one log line, its metrics and, with tracing on, its span. Only the route pattern is recorded
 * (`/v1/resources/:model`, `/connect/:token`): never the path or the query, which may carry a link token,
 * a session token (authorize's `sessionToken`) or an OAuth code and state (the callback's).
 */
export function observeRequests(): MiddlewareHandler {
  return async (c, next) => {
    const startedAt = performance.now();
    const requestId = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    if (!tracingOn()) {
      await next();
      finish(c, requestId, startedAt, undefined);
      return;
    }
    await inServerSpan(c.req.raw.headers, { "http.request.method": c.req.method }, async (span) => {
      try {
        await next();
      } finally {
        finish(c, requestId, startedAt, span);
      }
    });
  };
}

function finish(c: Context, requestId: string, startedAt: number, span: Span | undefined): void {
  const durationMs = performance.now() - startedAt;
  const status = c.res.status;
  const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
  // The last matched route is the handler's (middlewares are registered before it): its pattern even when
  // a middleware answered first (a 401 of `/v1/resources/:model`, not of `/v1/resources/*`).
  const route = unmatched.has(c.req.raw) ? "unmatched" : routePath(c, -1);
  setResponseHeader(c, REQUEST_ID_HEADER, requestId);
  countRequest(method, route, status, durationMs / 1000);
  const level = status >= 500 ? "error" : QUIET_ROUTES.has(route) ? "debug" : "info";
  if (logger.isLevelEnabled(level)) {
    const { connector, owner } = whoAsked(c);
    logger[level]({ reqId: requestId, method, route, status, durationMs: Math.round(durationMs * 100) / 100, connector, owner, traceId: span?.spanContext().traceId ?? currentTraceId() }, "request");
  }
  if (span) {
    span.updateName(`${method} ${route}`);
    endSpan(span, { "http.route": route, "http.response.status_code": status, "morph.request_id": requestId }, status >= 500 ? `answered ${status}` : undefined);
  }
}

/** The connector and owner a request was about: the backend's headers, or the widget's session. */
function whoAsked(c: Context): { connector: string | undefined; owner: string | undefined } {
  const session = (c.var as { session?: { ownerId: string; connectorId: string } }).session;
  const owner = session?.ownerId ?? c.req.header("x-owner-id") ?? c.req.param("ownerId");
  const connector = session?.connectorId ?? c.req.header("x-connector-id") ?? (owner ? "exact-online" : undefined);
  // Bounded like every field: a header may be anything until a route has validated it.
  return { connector: connector?.slice(0, 64), owner: owner?.slice(0, 256) };
}

/**
 * On the response's own headers (see app.ts: rebuilding it would stream the body chunk by chunk); only a
 * response whose headers are immutable (one fetched, as the proxy's may be) is rebuilt.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
