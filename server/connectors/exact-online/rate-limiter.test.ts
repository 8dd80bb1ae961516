import { describe, expect, it } from "vitest";
import { createClock } from "../../test-support/harness";
import type { RateLimitState } from "./exact-http";
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

/** A clock whose sleeps fire only when the test moves it. */
function manualClock(start = 1_000_000) {
  let now = start;
  let timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, fire: resolve })),
    async advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fire();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
  };
}

describe("the division rate limiter's priorities", () => {
  /** A division whose window of one call is spent until the next minute. */
  async function spentWindowOfOne(clock: ReturnType<typeof manualClock>) {
    const limiter = new DivisionRateLimiter(clock);
    const release = await limiter.acquire("nl:1", 1_000);
    release({ minutelyLimit: 1, minutelyRemaining: 0, minutelyReset: clock.now() + 60_000 });
    return limiter;
  }

  it("an interactive call that arrives after 100 waiting background calls gets the next free slot", async () => {
    const clock = manualClock();
    const limiter = await spentWindowOfOne(clock);
    const order: string[] = [];
    const releases: Array<(rateLimit?: RateLimitState) => void> = [];
    const take = (name: string, priority: "interactive" | "background") =>
      limiter.acquire("nl:1", 150_000, undefined, priority).then(
        (release) => {
          order.push(name);
          releases.push(release);
        },
        () => order.push(`${name} gave up`),
      );
    const background = Array.from({ length: 100 }, (_, i) => take(`background ${i}`, "background"));
    const interactive = take("interactive", "interactive");

    await clock.advance(60_010); // the window turns over: one slot
    expect(order).toEqual(["interactive"]);

    // With no interactive call waiting, background calls go on, one per window.
    releases.shift()!({ minutelyLimit: 1, minutelyRemaining: 0, minutelyReset: clock.now() + 60_000 });
    await clock.advance(60_010);
    expect(order).toEqual(["interactive", "background 0"]);
    releases.shift()!({ minutelyLimit: 1, minutelyRemaining: 0, minutelyReset: clock.now() + 60_000 });
    await clock.advance(30_000); // past the queue's deadline for everyone left
    await Promise.all([...background, interactive]);
    expect(order.filter((entry) => entry.endsWith("gave up"))).toHaveLength(99);
  });

  it("background calls take free slots that no interactive call waits for", async () => {
    const clock = manualClock();
    const limiter = new DivisionRateLimiter(clock);
    const release = await limiter.acquire("nl:1", 1_000, undefined, "background");
    release({ minutelyLimit: 60, minutelyRemaining: 50, minutelyReset: clock.now() + 60_000 });
    const started = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire("nl:1", 1_000, undefined, "background")));
    expect(started).toHaveLength(10);
  });

  it("a background call stood aside for an interactive one that then left goes on", async () => {
    const clock = manualClock();
    const limiter = await spentWindowOfOne(clock);
    const gone = new AbortController();
    const interactive = limiter.acquire("nl:1", 150_000, gone.signal, "interactive").catch((error: unknown) => error);
    let backgroundStarted = false;
    const background = limiter.acquire("nl:1", 150_000, undefined, "background").then((release) => {
      backgroundStarted = true;
      return release;
    });
    gone.abort();
    await interactive;
    await clock.advance(60_010);
    (await background)();
    expect(backgroundStarted).toBe(true);
  });
});
