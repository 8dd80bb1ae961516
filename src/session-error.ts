import type { MorphConnectError } from "./errors";

/** Codes that mean the session token itself is unusable: retrying cannot help, the host must mint a new one. */
export function isSessionError(error: MorphConnectError): boolean {
  return error.code === "SESSION_EXPIRED" || error.code === "INVALID_SESSION";
}
