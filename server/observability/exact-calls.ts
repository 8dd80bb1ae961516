import type { Span } from "@opentelemetry/api";
import { exactEndpointOf } from "./exact-endpoint";
import { logger } from "./logger";
import { countExactCall } from "./metrics";
import { currentTraceId, endSpan, startChildSpan } from "./tracing";

/** What the caller knows about a call that exact-http.ts does not: its place in the retry loop. */
export interface ExactCallContext {
  /** 0 for the first try; 1… for a retry after a 429 or a 401 with a refreshed token. */
  attempt?: number;
  /** How long the call waited for its division's rate-limit budget before it was sent. */
  rateLimitWaitMs?: number;
}

export interface ExactCallObservation {
  readonly method: string;
  readonly endpoint: string;
  readonly startedAt: number;
  readonly span: Span | undefined;
  readonly context: ExactCallContext | undefined;
}

/** Before a call to Exact: the endpoint's name and, when tracing is on, a child span of the request's. */
export function startExactCall(method: string, path: string, context: ExactCallContext | undefined): ExactCallObservation {
  const endpoint = exactEndpointOf(path);
  const span = startChildSpan(`Exact ${method} ${endpoint}`, "client", { "http.request.method": method, "exact.endpoint": endpoint });
  return { method, endpoint, startedAt: performance.now(), span, context };
}

/**
 * After it: the metrics, one log line and the span's end. `status` is Exact's HTTP status or, for a call
 * with no answer, timeout / network / cancelled. Only the endpoint's name is logged, never the path or
 * query (a search term, an id) and never a header (the access token).
 */
export function finishExactCall(call: ExactCallObservation, status: number | "timeout" | "network" | "cancelled"): void {
  const durationMs = performance.now() - call.startedAt;
  const statusLabel = String(status);
  countExactCall(call.endpoint, statusLabel, durationMs / 1000);
  const attempt = call.context?.attempt ?? 0;
  const rateLimitWaitMs = call.context?.rateLimitWaitMs ?? 0;
  const failed = typeof status === "number" ? status >= 400 : true;
  // A 404 or 400 is an answer about the request; a 429, a 5xx or no answer is about Exact: worth a warning.
  const exactInTrouble = typeof status !== "number" || status === 429 || status >= 500;
  if (logger.isLevelEnabled(exactInTrouble ? "warn" : "info")) {
    const fields = { exact: { method: call.method, endpoint: call.endpoint, status, durationMs: Math.round(durationMs * 100) / 100, rateLimitWaitMs, attempt }, traceId: currentTraceId() };
    if (exactInTrouble) logger.warn(fields, "exact call failed");
    else logger.info(fields, "exact call");
  }
  endSpan(
    call.span,
    {
      ...(typeof status === "number" ? { "http.response.status_code": status } : { "error.type": status }),
      "exact.rate_limit_wait_ms": rateLimitWaitMs,
      "exact.attempt": attempt,
      "exact.retry": attempt > 0,
    },
    failed ? `Exact answered ${status}` : undefined,
  );
}
