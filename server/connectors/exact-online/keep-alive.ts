/**
 * Keep-alive: Exact's refresh token lapses 30 days after it was issued, and only a refresh issues a new one. A
 * connection nothing uses (no customer request, no poll) would die; this job refreshes every connected connection
 * last refreshed more than MORPH_KEEPALIVE_SECONDS ago, independent of the poller and of webhook endpoints.
 *
 * - Exact accepts a refresh only in the access token's last 30 s: the job takes only connections whose access
 *   token is that close to expiry or past it. An idle connection's is long expired; one in use is refreshed by
 *   its traffic, which moves `last_refreshed_at` on, so the job leaves it alone.
 * - The refresh is the token manager's own (single-flight in the process, a lease in the database across
 *   instances), so a request and the job, or two instances, never refresh one connection twice.
 * - Spread: a tick (a tenth of the interval, at most a minute) refreshes at most ceil(connected / ticks per
 *   interval) connections, the longest unrefreshed first: the pace at which every connection is refreshed once
 *   an interval, so a backlog (an upgrade, a server that was down) clears within one interval and 10,000
 *   connections take 7 a minute by default. Idle, a connection costs one token call an interval (far below
 *   Exact's 200 a day per user); a transient failure backs off per connection (doubling from a tick up to a
 *   quarter of the interval).
 * - Except where the spread would be too late: a connection last refreshed more than 30 days less two intervals
 *   ago is refreshed at the next tick whatever the share, so a server that runs at least once an interval (even
 *   briefly: the first tick runs at start) refreshes it before Exact's 30 days are out.
 * - A refusal for good (expired or revoked refresh token) is the token manager's: needs_reauth, `lastError`,
 *   one `connection.needs_reauth`. A transient failure changes nothing and is retried later.
 */
import type { Clock } from "../../clock";
import { MorphError } from "../../errors";
import type { Db } from "../../storage/database";
import { dueForKeepAlive, keepAliveCounts } from "../../storage/keep-alive-repo";
import { REFRESH_TOKEN_LIFETIME_MS } from "./oauth-client";
import { REFRESH_WINDOW_MS, type TokenManager } from "./token-manager";
import { logger } from "../../observability/logger";

/** Refreshes in flight at once within a tick. */
const CONCURRENCY = 4;
const MAX_TICK_MS = 60_000;

export interface KeepAliveDeps {
  db: Db;
  clock: Clock;
  tokens: Pick<TokenManager, "refreshOnce">;
  /** MORPH_KEEPALIVE_SECONDS, in ms. */
  intervalMs: number;
}

/** What one tick did (for tests and logs). */
export interface KeepAliveTick {
  /** The most this tick would refresh: the spread's share, or more when connections are close to lapsing. */
  share: number;
  refreshed: number;
  needsReauth: number;
  failed: number;
}

/** A tenth of the interval, at most a minute: at least ten ticks an interval, 1,440 with the default day. */
export const keepAliveTickMs = (intervalMs: number): number => Math.max(1, Math.min(MAX_TICK_MS, Math.floor(intervalMs / 10)));

export class KeepAlive {
  readonly tickMs: number;
  private readonly ticksPerInterval: number;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;
  /** Set by stop(): a tick starts no further refresh (those in flight finish and release their leases). */
  private stopping = false;
  /** Per connection that failed transiently: how often in a row, and not before when to try again (this process). */
  private readonly backoff = new Map<string, { failures: number; until: number }>();

  constructor(private readonly deps: KeepAliveDeps) {
    this.tickMs = keepAliveTickMs(deps.intervalMs);
    this.ticksPerInterval = Math.max(1, Math.floor(deps.intervalMs / this.tickMs));
  }

  /** Ticks at once (a restarted server catches up on what fell due while it was down), then every tickMs. */
  start(): this {
    if (this.timer) return this;
    this.stopping = false;
    const run = () => {
      if (!this.ticking) this.ticking = this.tick().catch(logTickFailure).finally(() => (this.ticking = undefined));
    };
    this.timer = setInterval(run, this.tickMs);
    this.timer.unref?.();
    run();
    return this;
  }

  /** Stops ticking; a tick in flight finishes (its refreshes are stored) before this resolves. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopping = true;
    await this.ticking;
  }

  async tick(): Promise<KeepAliveTick> {
    const { db, clock, intervalMs } = this.deps;
    const now = clock.now();
    for (const [id, entry] of this.backoff) if (entry.until <= now) this.backoff.delete(id);

    const { connected, urgent } = await keepAliveCounts(db, now - (REFRESH_TOKEN_LIFETIME_MS - 2 * intervalMs));
    const share = Math.max(Math.ceil(connected / this.ticksPerInterval), urgent);
    if (share === 0) return { share, refreshed: 0, needsReauth: 0, failed: 0 };
    // Ids backing off are read too (then skipped), so they do not take the places of others.
    const due = await dueForKeepAlive(db, { refreshedBefore: now - intervalMs, refreshableBy: now + REFRESH_WINDOW_MS, now, limit: share + this.backoff.size });
    const batch = due.filter((id) => !this.backoff.has(id)).slice(0, share);

    const result: KeepAliveTick = { share, refreshed: 0, needsReauth: 0, failed: 0 };
    let next = 0;
    const worker = async () => {
      while (next < batch.length && !this.stopping) {
        const id = batch[next++]!;
        const outcome = await this.refresh(id);
        if (outcome !== "deleted") result[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
    return result;
  }

  private async refresh(connectionId: string): Promise<"refreshed" | "needsReauth" | "failed" | "deleted"> {
    try {
      await this.deps.tokens.refreshOnce(connectionId);
      return "refreshed";
    } catch (error) {
      // Marked needs_reauth by the token manager (with lastError and its one event), or deleted meanwhile.
      if (error instanceof MorphError && error.code === "NEEDS_REAUTH") return "needsReauth";
      if (error instanceof MorphError && error.code === "CONNECTION_NOT_FOUND") return "deleted";
      const failures = (this.backoff.get(connectionId)?.failures ?? 0) + 1;
      const waitMs = Math.min(this.tickMs * 2 ** failures, this.deps.intervalMs / 4);
      this.backoff.set(connectionId, { failures, until: this.deps.clock.now() + waitMs });
      logger.warn(`keep-alive refresh of connection ${connectionId} failed, retried in ${Math.round(waitMs / 1000)} s: ${reasonOf(error)}`);
      return "failed";
    }
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function logTickFailure(error: unknown): void {
  logger.error(`keep-alive tick failed, retried at the next tick: ${reasonOf(error)}`);
}
