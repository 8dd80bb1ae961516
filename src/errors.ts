import type { ErrorCode, Operation } from "./protocol";

/** What `onError` receives and what `useConnect().error` holds. */
export interface MorphConnectError {
  code: ErrorCode;
  message: string;
  /** Set with `INSUFFICIENT_PERMISSIONS`: the granted operations this Exact user may not perform. */
  missing?: Operation[];
}

/** Codes that mean the session token itself is unusable: retrying cannot help, the host must mint a new one. */
export function isSessionError(error: MorphConnectError): boolean {
  return error.code === "SESSION_EXPIRED" || error.code === "INVALID_SESSION";
}

export function morphError(code: ErrorCode, message: string = code): MorphConnectError {
  return { code, message };
}
