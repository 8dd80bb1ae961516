/**
 * When a failed delivery is tried again: the delay after the n-th failed attempt of a schedule.
 * 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, then 12 h five times: 15 attempts over about
 * 75 hours (a little over three days), so a receiver that is down for a weekend still gets everything.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, ...Array<number>(5).fill(12 * HOUR)];

/** Up to +20 %: receivers that failed together (an outage) are not all retried in the same second. */
export const JITTER = 0.2;

/**
 * The delay before the next attempt after `failedAttempts` failures in the current schedule (1 after the
 * first failure), or undefined when the schedule is spent and the delivery has failed for good.
 */
export function nextRetryDelayMs(failedAttempts: number, random: () => number = Math.random, delays: readonly number[] = RETRY_DELAYS_MS): number | undefined {
  const base = delays[failedAttempts - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 + JITTER * random()));
}
