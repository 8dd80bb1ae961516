import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { core } from "zod";
import type { ErrorBody, ErrorCode } from "../src/protocol";

/** The codes the widget raises itself; the server never answers with them. */
type WidgetErrorCode = "POPUP_BLOCKED" | "POPUP_CLOSED" | "CANCELLED" | "NETWORK_ERROR";
export type ServerErrorCode = Exclude<ErrorCode, WidgetErrorCode>;

/**
 * The one table of error codes and their HTTP statuses (DESIGN.md "HTTP contract", README "Errors").
 * Every error answer takes its status from here, so a code means the same status on every route.
 */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_STATE: 400,
  STATE_EXPIRED: 400,
  UNAUTHORIZED: 401,
  INVALID_SESSION: 401,
  SESSION_EXPIRED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  ACCESS_DENIED: 403,
  INSUFFICIENT_PERMISSIONS: 403,
  CONNECTION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  OPERATION_NOT_SUPPORTED: 405,
  NEEDS_REAUTH: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  PROVIDER_ERROR: 502,
  UNAVAILABLE: 503,
  PROVIDER_TIMEOUT: 504,
} as const satisfies Record<ServerErrorCode, ContentfulStatusCode>;

export type ErrorStatus = (typeof ERROR_STATUS)[ServerErrorCode];

/** The one error type routes throw; `app.onError` turns it into `{ error: { code, message, details } }`. */
export class MorphError extends Error {
  /** Always `ERROR_STATUS[code]`. */
  readonly status: ErrorStatus;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ServerErrorCode,
    message: string,
    details?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "MorphError";
    this.status = ERROR_STATUS[code];
    if (details) this.details = details;
    if (headers) this.headers = headers;
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

export const errorBody = (code: ServerErrorCode, message: string, details?: Record<string, unknown>): ErrorBody => ({
  error: { code, message, ...(details ? { details } : {}) },
});

export const validationError = (field: string, message: string) => new MorphError("VALIDATION_ERROR", `${field}: ${message}`, { field });

/** A failed schema check: the first bad field becomes a 400 VALIDATION_ERROR that names it. */
export function zodToMorphError(error: core.$ZodError): MorphError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  return new MorphError("VALIDATION_ERROR", `${field}: ${issue?.message ?? "invalid"}`, {
    field,
    issues: error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
  });
}
