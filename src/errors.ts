import type { ErrorCode, Operation } from "./protocol";

/** What `onError` receives and what `useConnect().error` holds. */
export interface MorphConnectError {
  code: ErrorCode;
  message: string;
  /** Set with `INSUFFICIENT_PERMISSIONS`: the granted operations this Exact user may not perform. */
  missing?: Operation[];
}

// In a module of its own: the dialog's chunk needs it, and everything else here only the first load.
export { isSessionError } from "./session-error";

/**
 * An error as the server sends it (`{ code, message, details? }`, in an error body, an attempt outcome or
 * the callback page's message) → what hosts see: `details.missing` becomes `missing`.
 */
export function errorFromServer(error: { code: ErrorCode; message: string; details?: unknown }): MorphConnectError {
  const details = error.details as { missing?: unknown } | null | undefined;
  const missing = details?.missing;
  const operations = Array.isArray(missing) ? missing.filter((item): item is Operation => typeof item === "string") : [];
  return operations.length > 0 ? { code: error.code, message: error.message, missing: operations } : { code: error.code, message: error.message };
}

export function morphError(code: ErrorCode, message: string = code): MorphConnectError {
  return { code, message };
}
