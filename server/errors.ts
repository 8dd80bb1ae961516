import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody, ErrorCode } from "../src/protocol";

/** The one error type routes throw; `app.onError` turns it into `{ error: { code, message, details } }`. */
export class MorphError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "MorphError";
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const validationError = (field: string, message: string) =>
  new MorphError("VALIDATION_ERROR", 400, `${field}: ${message}`, { field });
