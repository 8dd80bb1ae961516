import type { SandboxState } from "./state";

const HOUR = 3_600_000;

/** Statuses Exact counts towards blocking a key: "more than 10 errors an hour per endpoint per user". */
export const COUNTED_ERROR_STATUSES = new Set([400, 401, 403, 404]);

/** Counts an error in the current clock hour; going past the threshold blocks the key for an hour from now. */
export function recordError(state: SandboxState, key: string, now: number, threshold: number): void {
  const hourStart = Math.floor(now / HOUR) * HOUR;
  let entry = state.errorCounts.get(key);
  if (!entry || entry.hourStart !== hourStart) {
    entry = { hourStart, count: 0, blockedUntil: entry?.blockedUntil ?? 0 };
    state.errorCounts.set(key, entry);
  }
  entry.count++;
  if (entry.count > threshold) entry.blockedUntil = now + HOUR;
}

export function isBlocked(state: SandboxState, key: string, now: number): boolean {
  return (state.errorCounts.get(key)?.blockedUntil ?? 0) > now;
}
