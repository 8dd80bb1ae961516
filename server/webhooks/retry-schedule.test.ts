import { describe, expect, it } from "vitest";
import { JITTER, nextRetryDelayMs, RETRY_DELAYS_MS } from "./retry-schedule";

const SECOND = 1_000;
const HOUR = 3_600_000;

describe("the retry schedule", () => {
  it("retries first after 5 s, then grows to hours", () => {
    const noJitter = () => 0;
    expect(nextRetryDelayMs(1, noJitter)).toBe(5 * SECOND);
    expect(nextRetryDelayMs(2, noJitter)).toBe(30 * SECOND);
    expect(nextRetryDelayMs(3, noJitter)).toBe(2 * 60 * SECOND);
    for (let n = 2; n <= RETRY_DELAYS_MS.length; n++) expect(nextRetryDelayMs(n, noJitter)).toBeGreaterThanOrEqual(nextRetryDelayMs(n - 1, noJitter)!);
    expect(nextRetryDelayMs(RETRY_DELAYS_MS.length, noJitter)).toBe(12 * HOUR);
  });

  it("spreads retries over about three days, then gives up", () => {
    const total = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThan(2.9 * 24 * HOUR);
    expect(total).toBeLessThan(3.5 * 24 * HOUR);
    expect(nextRetryDelayMs(RETRY_DELAYS_MS.length + 1)).toBeUndefined();
  });

  it("adds up to 20 % jitter, never less than the base delay", () => {
    expect(nextRetryDelayMs(1, () => 0.999_999)).toBe(Math.round(5 * SECOND * (1 + JITTER * 0.999_999)));
    const samples = Array.from({ length: 200 }, () => nextRetryDelayMs(4)!);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(10 * 60 * SECOND);
    expect(Math.max(...samples)).toBeLessThanOrEqual(12 * 60 * SECOND);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });

  it("walks the schedule with a clock: every attempt time of one failing delivery", () => {
    let now = Date.parse("2026-11-22T09:00:00Z");
    const attempts = [now];
    for (let failed = 1; ; failed++) {
      const delay = nextRetryDelayMs(failed, () => 0.5);
      if (delay === undefined) break;
      now += delay;
      attempts.push(now);
    }
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(new Date(attempts[1]!).toISOString()).toBe("2026-11-22T09:00:05.500Z");
    expect(new Date(attempts[2]!).toISOString()).toBe("2026-11-22T09:00:38.500Z");
    const lastAfterHours = (attempts.at(-1)! - attempts[0]!) / HOUR;
    expect(lastAfterHours).toBeGreaterThan(80);
    expect(lastAfterHours).toBeLessThan(84);
  });
});
