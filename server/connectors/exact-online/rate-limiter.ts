import type { Clock } from "../../clock";
import { countRateLimitWait } from "../../observability/metrics";
import type { RateLimitState } from "./exact-http";

interface Budget {
  /** Calls left in the current minute window, as Exact last told us; undefined = not known yet. */
  remaining: number | undefined;
  /** Epoch ms at which Exact's minute window resets. */
  resetAt: number | undefined;
  /** The window's size (X-RateLimit-Minutely-Limit), once Exact has said it: a fresh window starts full. */
  limit: number | undefined;
  /** Calls left today (X-RateLimit-Remaining), and the epoch ms of the daily reset (X-RateLimit-Reset). */
  dailyRemaining: number | undefined;
  dailyResetAt: number | undefined;
  inFlight: number;
  /** When the latest call went out (clock ms): a probe that has not answered for a while stops holding others back. */
  lastStartAt: number;
  waiters: Set<() => void>;
  /** Interactive calls waiting now: while there are any, a background call leaves a free slot to them. */
  interactiveWaiting: number;
  /** A wake-up at the window's reset is already scheduled. */
  sleeping: boolean;
}


/**
 * While the budget is unknown one call goes out to learn it; if that call has not answered after this
 * long (a hung call), the next one may go too, so that one hung call never holds up a whole division.
 */
export const PROBE_GRACE_MS = 2_000;

/**
 * Who is waiting: a user's request (resources, proxy, preview) or work nobody watches (webhook inbox
 * reads, pollers, syncs). Interactive calls take a contested slot first; background calls take any
 * slot that no interactive call is waiting for, so they starve only while interactive calls queue.
 */
export type CallPriority = "interactive" | "background";

/**
 * Keeps each (app, division) under Exact's minutely limit (60 calls by default) by reading the
 * X-RateLimit-Minutely-* headers: calls beyond the remaining budget wait for the window's reset
 * instead of drawing a 429. While the budget is unknown, one call at a time goes out to learn it.
 * The daily budget (5,000 by default; X-RateLimit-Remaining/-Reset) is tracked the same way, but once
 * it is spent nothing waits for it: calls are refused at once until the daily reset.
 * A waiter leaves the queue at its own deadline (a timer, not the next release) or when its caller
 * goes away (AbortSignal). Waiting interactive calls go before waiting background ones.
 */
export class DivisionRateLimiter {
  private readonly budgets = new Map<string, Budget>();

  constructor(private readonly clock: Clock) {}

  /** Waits for a slot; returns a release function to call with the answer's headers. */
  async acquire(
    key: string,
    maxWaitMs: number,
    signal?: AbortSignal,
    priority: CallPriority = "interactive",
  ): Promise<(rateLimit?: RateLimitState) => void> {
    const budget = this.budget(key);
    const queuedAt = this.clock.now();
    const deadline = queuedAt + maxWaitMs;
    let deadlineTimer: Promise<void> | undefined; // one timer per call, however often it is woken
    let waitingAsInteractive = false;
    try {
      for (;;) {
        if (signal?.aborted) throw new QueueLeft();
        const daySpentFor = this.daySpentFor(budget);
        if (daySpentFor !== undefined) throw new RateLimitWaitExceeded(daySpentFor, "daily");
        const yieldsToInteractive = priority === "background" && budget.interactiveWaiting > 0;
        if (this.canStart(budget) && !yieldsToInteractive) break;
        if (this.clock.now() >= deadline) throw new RateLimitWaitExceeded(this.retryAfterMs(budget));
        if (priority === "interactive" && !waitingAsInteractive) {
          waitingAsInteractive = true;
          budget.interactiveWaiting += 1;
        }
        deadlineTimer ??= this.clock.sleep(Math.max(0, deadline - this.clock.now()));
        await this.waitForTurn(budget, deadlineTimer, signal);
      }
    } finally {
      if (waitingAsInteractive) {
        budget.interactiveWaiting -= 1;
        // Background calls that stood aside for this one look again: a slot may still be free.
        if (budget.interactiveWaiting === 0) this.wakeAll(budget);
      }
    }
    budget.inFlight += 1;
    budget.lastStartAt = this.clock.now();
    countRateLimitWait((budget.lastStartAt - queuedAt) / 1000);
    let released = false;
    return (rateLimit) => {
      if (released) return;
      released = true;
      budget.inFlight -= 1;
      if (rateLimit) this.learn(budget, rateLimit);
      this.wakeAll(budget);
    };
  }

  /** Today's budget as Exact last told it (undefined before the first answer): background work backs off when it runs low. */
  daily(key: string): { remaining: number; resetAt: number } | undefined {
    const budget = this.budgets.get(key);
    if (!budget) return undefined;
    this.daySpentFor(budget); // forgets a day whose reset has passed
    if (budget.dailyRemaining === undefined || budget.dailyResetAt === undefined) return undefined;
    return { remaining: budget.dailyRemaining, resetAt: budget.dailyResetAt };
  }

  /** After a 429: nothing more goes out until the window resets. */
  exhausted(key: string, rateLimit: RateLimitState): number {
    const budget = this.budget(key);
    budget.remaining = 0;
    budget.resetAt = rateLimit.minutelyReset ?? this.clock.now() + 60_000;
    return this.retryAfterMs(budget);
  }

  /** After a 429 whose headers say the day is spent: refuse every call until the daily reset. Returns ms until then. */
  dayExhausted(key: string, rateLimit: RateLimitState): number {
    const budget = this.budget(key);
    budget.dailyRemaining = 0;
    budget.dailyResetAt = rateLimit.dailyReset ?? Math.floor(this.clock.now() / 86_400_000) * 86_400_000 + 86_400_000;
    return this.daySpentFor(budget) ?? 0;
  }

  /** Ms until the daily reset when today's budget is spent, else undefined. */
  private daySpentFor(budget: Budget): number | undefined {
    const now = this.clock.now();
    if (budget.dailyResetAt !== undefined && now >= budget.dailyResetAt) {
      budget.dailyRemaining = undefined;
      budget.dailyResetAt = undefined;
    }
    if (budget.dailyRemaining === undefined || budget.dailyResetAt === undefined || budget.dailyRemaining > 0) return undefined;
    return budget.dailyResetAt - now;
  }

  private budget(key: string): Budget {
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = {
        remaining: undefined,
        resetAt: undefined,
        limit: undefined,
        dailyRemaining: undefined,
        dailyResetAt: undefined,
        inFlight: 0,
        lastStartAt: 0,
        waiters: new Set(),
        interactiveWaiting: 0,
        sleeping: false,
      };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  private canStart(budget: Budget): boolean {
    const now = this.clock.now();
    if (budget.resetAt !== undefined && now >= budget.resetAt) {
      // A new window holds the whole limit; only a limit never told means probing one call at a time
      // (which, with Exact slow to answer, queued a division's calls behind each other for seconds).
      budget.remaining = budget.limit;
      budget.resetAt = undefined;
    }
    // The last calls of the day go out one at a time; a refused one frees its place.
    if (budget.dailyRemaining !== undefined && budget.dailyRemaining - budget.inFlight <= 0) return false;
    if (budget.remaining === undefined) return budget.inFlight === 0 || now - budget.lastStartAt >= PROBE_GRACE_MS;
    return budget.remaining - budget.inFlight > 0;
  }

  /** Resolves on a release, at the window's reset, when a silent probe's grace is over, or at the deadline; rejects when the caller leaves. */
  private waitForTurn(budget: Budget, deadlineTimer: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        budget.waiters.delete(wake);
        signal?.removeEventListener("abort", left);
        if (error) reject(error);
        else resolve();
      };
      const wake = () => finish();
      const left = () => finish(new QueueLeft());
      budget.waiters.add(wake);
      signal?.addEventListener("abort", left);
      void deadlineTimer.then(wake);
      if (budget.remaining === undefined && budget.inFlight > 0) {
        void this.clock.sleep(Math.max(0, budget.lastStartAt + PROBE_GRACE_MS - this.clock.now())).then(wake);
      }
      this.wakeAtReset(budget);
    });
  }

  private learn(budget: Budget, rateLimit: RateLimitState): void {
    this.learnDay(budget, rateLimit);
    if (rateLimit.minutelyLimit !== undefined) budget.limit = rateLimit.minutelyLimit;
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

  private learnDay(budget: Budget, { dailyRemaining, dailyReset }: RateLimitState): void {
    // A reset already past is an earlier day's news.
    if (dailyRemaining === undefined || dailyReset === undefined || dailyReset <= this.clock.now()) return;
    if (budget.dailyResetAt === dailyReset && budget.dailyRemaining !== undefined) {
      budget.dailyRemaining = Math.min(budget.dailyRemaining, dailyRemaining);
    } else if (budget.dailyResetAt === undefined || dailyReset > budget.dailyResetAt) {
      budget.dailyRemaining = dailyRemaining;
      budget.dailyResetAt = dailyReset;
    }
  }

  private retryAfterMs(budget: Budget): number {
    return Math.max(0, (budget.resetAt ?? this.clock.now()) - this.clock.now());
  }

  private wakeAll(budget: Budget): void {
    for (const wake of [...budget.waiters]) wake();
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
  constructor(
    readonly retryAfterMs: number,
    /** Which of Exact's budgets: the minute's (the queue's deadline passed) or the day's (spent). */
    readonly limit: "minutely" | "daily" = "minutely",
  ) {
    super(limit === "daily" ? "Exact Online's daily rate limit is spent" : "Exact Online's rate limit would be exceeded");
  }
}

/** The caller went away while its call waited for a slot: the call is dropped, Exact never sees it. */
export class QueueLeft extends Error {
  constructor() {
    super("The call was cancelled while it waited for Exact Online's rate limit: the client went away.");
  }
}
