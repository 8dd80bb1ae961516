/** Exact's error body, `{"error":{"code":"","message":{"lang":"","value":"…"}}}`, and a typed error to throw. */
export interface ExactErrorBody {
  error: { code: string; message: { lang: string; value: string } };
}

export function exactErrorBody(message: string): ExactErrorBody {
  return { error: { code: "", message: { lang: "", value: message } } };
}

/** Thrown anywhere in a REST handler; the router turns it into the Exact error body with this status. */
export class ExactHttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 429 | 500,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): ExactHttpError => new ExactHttpError(400, message);
