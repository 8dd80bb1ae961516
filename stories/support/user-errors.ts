import type { ErrorCode } from "../../src/protocol";

/**
 * The error codes a person using the widget can meet. `connect-errors.stories.tsx` has one story per
 * code and the end-to-end specs visit each of them, so a code added here without a story fails there.
 */
export const USER_ERROR_CODES = [
  "POPUP_BLOCKED",
  "POPUP_CLOSED",
  "ACCESS_DENIED",
  "SESSION_EXPIRED",
  "INVALID_SESSION",
  "INSUFFICIENT_PERMISSIONS",
  "PROVIDER_ERROR",
  "NETWORK_ERROR",
  "RATE_LIMITED",
  "STATE_EXPIRED",
  "CANCELLED",
  "NEEDS_REAUTH",
] as const satisfies readonly ErrorCode[];

export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** `ACCESS_DENIED` → `connect-errors--access-denied`: the id Storybook gives the export `AccessDenied`. */
export const errorStoryId = (code: UserErrorCode) => `connect-errors--${code.toLowerCase().replaceAll("_", "-")}`;
