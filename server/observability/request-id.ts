import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * A caller's (or a proxy's) request id is kept when it is short and plain, so that one id follows a request
 * through every hop; anything else (too long, spaces, quotes, control characters that could forge a log
 * line or a header) is replaced by a new one.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(incoming: string | undefined): string {
  return incoming !== undefined && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
}
