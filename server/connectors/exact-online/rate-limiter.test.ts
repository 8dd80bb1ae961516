import { describe, expect, it } from "vitest";
import { createClock } from "../../test-support/harness";
import { DivisionRateLimiter } from "./rate-limiter";

/** Starts `count` acquisitions at once; resolves with how many got a slot within `withinMs`. */
async function startedWithin(limiter: DivisionRateLimiter, count: number, withinMs: number) {
  let started = 0;
  const releases: Array<() => void> = [];
  const controller = new AbortController();
  const pending = Array.from({ length: count }, () =>
    limiter.acquire("nl:1", 60_000, controller.signal).then(
      (release) => {
        started += 1;
        releases.push(release);
      },
      () => undefined,
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, withinMs));
  const result = started;
  controller.abort();
  await Promise.all(pending);
  for (const release of releases) release();
  return result;
}

describe("the division rate limiter", () => {
  it("starts a fresh minute window full once Exact has told the limit: no probing one call at a time", async () => {
    const clock = createClock();
    const limiter = new DivisionRateLimiter(clock);
    const release = await limiter.acquire("nl:1", 1_000);
    release({ minutelyLimit: 60, minutelyRemaining: 59, minutelyReset: clock.now() + 60_000 });
    clock.advance(61_000); // the window turned over

    // Five calls at once, none answered yet: all five may go, the new window holds 60.
    expect(await startedWithin(limiter, 5, 50)).toBe(5);
  });

  it("while the limit was never told, lets one call out to learn it", async () => {
    const limiter = new DivisionRateLimiter(createClock());
    expect(await startedWithin(limiter, 5, 50)).toBe(1);
  });
});
