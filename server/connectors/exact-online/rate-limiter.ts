import type { RateLimitState } from "./exact-http";

interface Budget {
  /** Calls left in the current minute window, as Exact last told us; undefined = not known yet. */
  remaining: number | undefined;
  /** Epoch ms at which Exact's minute window resets. */
  resetAt: number | undefined;
  inFlight: number;
  waiters: Array<() => void>;
  /** A wake-up at the window's reset is already scheduled. */
  sleeping: boolean;
}

export interface Clock {
  now(): number;
  /** Sleeps `ms` of this clock's time (tests run a faster clock). */
  sleep(ms: number): Promise<void>;
}

/**
 * Keeps each (app, division) under Exact's minutely limit (60 calls by default) by reading the
 * X-RateLimit-Minutely-* headers: calls beyond the remaining budget wait for the window's reset
 * instead of drawing a 429. While the budget is unknown, one call at a time goes out to learn it.
 */
export class DivisionRateLimiter {
  private readonly budgets = new Map<string, Budget>();

  constructor(private readonly clock: Clock) {}

  /** Waits for a slot; returns a release function to call with the answer's headers. */
  async acquire(key: string, maxWaitMs: number): Promise<(rateLimit?: RateLimitState) => void> {
    const budget = this.budget(key);
    const deadline = this.clock.now() + maxWaitMs;
    while (!this.canStart(budget)) {
      if (this.clock.now() >= deadline) throw new RateLimitWaitExceeded(this.retryAfterMs(budget));
      await new Promise<void>((resolve) => {
        budget.waiters.push(resolve);
        this.wakeAtReset(budget);
      });
    }
    budget.inFlight += 1;
    let released = false;
    return (rateLimit) => {
      if (released) return;
      released = true;
      budget.inFlight -= 1;
      if (rateLimit) this.learn(budget, rateLimit);
      this.wakeAll(budget);
    };
  }

  /** After a 429: nothing more goes out until the window resets. */
  exhausted(key: string, rateLimit: RateLimitState): number {
    const budget = this.budget(key);
    budget.remaining = 0;
    budget.resetAt = rateLimit.minutelyReset ?? this.clock.now() + 60_000;
    return this.retryAfterMs(budget);
  }

  private budget(key: string): Budget {
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = { remaining: undefined, resetAt: undefined, inFlight: 0, waiters: [], sleeping: false };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  private canStart(budget: Budget): boolean {
    if (budget.resetAt !== undefined && this.clock.now() >= budget.resetAt) {
      budget.remaining = undefined;
      budget.resetAt = undefined;
    }
    if (budget.remaining === undefined) return budget.inFlight === 0;
    return budget.remaining - budget.inFlight > 0;
  }

  private learn(budget: Budget, rateLimit: RateLimitState): void {
    const { minutelyRemaining, minutelyReset } = rateLimit;
    if (minutelyRemaining === undefined || minutelyReset === undefined) return;
    if (budget.resetAt === minutelyReset && budget.remaining !== undefined) {
      // Answers can arrive out of order: within one window the smallest count is the latest.
      budget.remaining = Math.min(budget.remaining, minutelyRemaining);
    } else if (budget.resetAt === undefined || minutelyReset > budget.resetAt) {
      budget.remaining = minutelyRemaining;
      budget.resetAt = minutelyReset;
    }
  }

  private retryAfterMs(budget: Budget): number {
    return Math.max(0, (budget.resetAt ?? this.clock.now()) - this.clock.now());
  }

  private wakeAll(budget: Budget): void {
    const waiters = budget.waiters.splice(0);
    for (const wake of waiters) wake();
  }

  private wakeAtReset(budget: Budget): void {
    if (budget.sleeping || budget.resetAt === undefined) return;
    budget.sleeping = true;
    // A few ms past the reset so that Exact's window has really turned over.
    const delay = Math.max(0, budget.resetAt - this.clock.now()) + 5;
    void this.clock.sleep(delay).then(() => {
      budget.sleeping = false;
      this.wakeAll(budget);
    });
  }
}

export class RateLimitWaitExceeded extends Error {
  constructor(readonly retryAfterMs: number) {
    super("Exact Online's rate limit would be exceeded");
  }
}
