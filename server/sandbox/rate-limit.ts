import type { SandboxState } from "./state";

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface RateLimitResult {
  allowed: boolean;
  headers: Record<string, string>;
}

/**
 * Exact's limits are per app per division: a minutely and a daily budget in fixed windows aligned to the
 * clock (the minute, the UTC day). Resets are epoch milliseconds. A refused call does not use up budget.
 */
export function consumeRateLimit(
  state: SandboxState,
  key: string,
  now: number,
  limits: { minutely: number; daily: number },
): RateLimitResult {
  const minuteStart = Math.floor(now / MINUTE) * MINUTE;
  const dayStart = Math.floor(now / DAY) * DAY;
  let window = state.rateWindows.get(key);
  if (!window) {
    window = { minuteStart, minuteCount: 0, dayStart, dayCount: 0 };
    state.rateWindows.set(key, window);
  }
  if (window.minuteStart !== minuteStart) {
    window.minuteStart = minuteStart;
    window.minuteCount = 0;
  }
  if (window.dayStart !== dayStart) {
    window.dayStart = dayStart;
    window.dayCount = 0;
  }
  const allowed = window.minuteCount < limits.minutely && window.dayCount < limits.daily;
  if (allowed) {
    window.minuteCount++;
    window.dayCount++;
  }
  return {
    allowed,
    headers: {
      "X-RateLimit-Limit": String(limits.daily),
      "X-RateLimit-Remaining": String(Math.max(0, limits.daily - window.dayCount)),
      "X-RateLimit-Reset": String(dayStart + DAY),
      "X-RateLimit-Minutely-Limit": String(limits.minutely),
      "X-RateLimit-Minutely-Remaining": String(Math.max(0, limits.minutely - window.minuteCount)),
      "X-RateLimit-Minutely-Reset": String(minuteStart + MINUTE),
    },
  };
}
