import type { Region } from "../../../src/protocol";
import { MorphError } from "../../errors";
import { findConnectionById, type Connection } from "../../storage/connections-repo";
import { regionBaseUrl } from "./authorization";
import { markSent } from "./cancel-until-sent";
import type { ExactDeps } from "./deps";
import { DEFAULT_EXACT_TIMEOUTS, ExactApiError, ExactTransportError, exactErrorMessage, exactFetch, type ExactRequest, type ExactResponse, type ExactTimeouts } from "./exact-http";
import { DivisionRateLimiter, QueueLeft, RateLimitWaitExceeded } from "./rate-limiter";
import { TokenManager } from "./token-manager";

/** Bounded: Exact counts errors per key, and a 429 retried blindly only digs deeper. */
const MAX_RATE_LIMIT_RETRIES = 3;
/**
 * From a call's arrival to its RATE_LIMITED answer at most (two full minute windows and a bit): one
 * deadline per call, so a token refresh, Exact's answers and every 429 retry's wait all count.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 150_000;

export interface CallOptions {
  /** The unified operation, named in INSUFFICIENT_PERMISSIONS errors. */
  operation?: string;
  /** Proxy mode: answer Exact's status and body as they are instead of mapping errors. */
  passthrough?: boolean;
  /** The incoming request's signal (`c.req.raw.signal`): a client that goes away cancels its queued or running call. */
  signal?: AbortSignal;
  /** Work nobody waits for (webhook inbox reads, pollers, syncs): in the division's queue, waiting interactive calls go first. */
  background?: boolean;
  /** At most this long from the call's arrival to a RATE_LIMITED answer (default MAX_RATE_LIMIT_WAIT_MS). */
  maxRateLimitWaitMs?: number;
}

/**
 * Every call to Exact for a connection goes through here: a valid token (refreshed safely), the
 * division's rate-limit budget, bounded waits on 429, and Exact's errors mapped to stable codes.
 */
export class ExactApiClient {
  readonly tokens: TokenManager;
  private readonly limiter: DivisionRateLimiter;
  /** Per-phase limits of every call to Exact, token requests included (tests shorten them). */
  timeouts: ExactTimeouts = { ...DEFAULT_EXACT_TIMEOUTS };

  constructor(private readonly deps: ExactDeps) {
    this.tokens = new TokenManager(deps, () => this.timeouts);
    this.limiter = new DivisionRateLimiter(deps.clock);
  }

  baseUrl(row: Connection): string {
    return regionBaseUrl(row.region as Region, this.deps.exact.baseUrl);
  }

  /** The division's daily budget as Exact last reported it; undefined when no call told us yet. */
  dailyBudget(connection: Connection): { remaining: number; resetAt: number } | undefined {
    return this.limiter.daily(`${connection.region}:${connection.division}`);
  }

  /** `{division}` in a path is the connection's division. */
  call(connection: Connection, request: ExactRequest, options: CallOptions = {}): Promise<ExactResponse> {
    let row = connection;
    const url = request.url.replace(/\{division\}/g, String(row.division));
    return this.send(
      {
        baseUrl: this.baseUrl(row),
        region: row.region,
        accessToken: () => this.tokens.accessTokenFor(row),
        // Another request or server may have refreshed since this row was read, and Exact revokes the old
        // access token on refresh: retry once if the stored tokens changed, never blindly.
        renewed: async () => {
          const current = await findConnectionById(this.deps.db, row.id);
          if (!current || current.encryptedTokens === row.encryptedTokens) return false;
          row = current;
          return true;
        },
      },
      { ...request, url },
      options,
    );
  }

  /**
   * A call with the fresh access token of an OAuth callback, before any connection is stored (current/Me,
   * system/Divisions, UserHasRights): the same per-division budget, 429 waits and error mapping as every
   * other call, so a connect never spends a minute that the app's other connections to the division use.
   */
  callAuthorizing(region: Region, accessToken: string, request: ExactRequest, options: CallOptions = {}): Promise<ExactResponse> {
    return this.send({ baseUrl: regionBaseUrl(region, this.deps.exact.baseUrl), region, accessToken: async () => accessToken }, request, options);
  }

  private async send(caller: Caller, request: ExactRequest, options: CallOptions): Promise<ExactResponse> {
    const deadline = this.deps.clock.now() + (options.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS);
    const { url } = request;
    // Exact counts calls per division, the one in the URL (the proxy may name another the user has);
    // calls without one (current/Me) count against no budget.
    const division = divisionIn(url);
    const budgetKey = `${caller.region}:${division}`;
    const counted = division !== undefined;
    const priority = options.background ? "background" : "interactive";
    let retriedWithNewToken = false;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw cancelled();
      const accessToken = await caller.accessToken();
      let release: Awaited<ReturnType<DivisionRateLimiter["acquire"]>> = () => undefined;
      const queuedAt = this.deps.clock.now();
      try {
        if (counted) release = await this.limiter.acquire(budgetKey, deadline - this.deps.clock.now(), options.signal, priority);
      } catch (error) {
        if (error instanceof RateLimitWaitExceeded) throw rateLimited(error.retryAfterMs, error.limit);
        if (error instanceof QueueLeft) throw cancelled();
        throw error;
      }
      if (options.signal?.aborted) {
        release();
        throw cancelled();
      }
      markSent(options.signal);
      let response: ExactResponse;
      try {
        response = await exactFetch(caller.baseUrl, accessToken, {
          ...request,
          url,
          signal: options.signal,
          timeouts: this.timeouts,
          raw: options.passthrough === true,
          observed: { attempt, rateLimitWaitMs: this.deps.clock.now() - queuedAt },
        });
      } catch (error) {
        // A malformed answer still carries Exact's rate-limit headers.
        release(error instanceof ExactApiError ? error.response?.rateLimit : undefined);
        throw transportError(error);
      }
      release(response.rateLimit);
      if (response.status === 429 && counted && response.rateLimit.dailyRemaining === 0) {
        // The day is spent: no minute's reset will help, so no retry; tell the caller when the day resets.
        const retryAfterMs = this.limiter.dayExhausted(budgetKey, response.rateLimit);
        if (options.passthrough) return response;
        throw rateLimited(retryAfterMs, "daily");
      }
      if (response.status === 429 && counted) {
        const retryAfterMs = this.limiter.exhausted(budgetKey, response.rateLimit);
        // A retry that could only start after the deadline answers now rather than at the deadline.
        const tooLate = this.deps.clock.now() + retryAfterMs >= deadline;
        if (attempt >= MAX_RATE_LIMIT_RETRIES || tooLate) throw rateLimited(retryAfterMs);
        continue; // acquire() waits for the window's reset, until the deadline at most
      }
      if (response.status === 401 && !retriedWithNewToken && caller.renewed && (await caller.renewed())) {
        retriedWithNewToken = true;
        continue;
      }
      if (options.passthrough || response.status < 400) return response;
      throw toMorphError(response, options.operation);
    }
  }
}

/** Who a call is made as: a stored connection (its tokens refreshed safely) or an OAuth callback's fresh token. */
interface Caller {
  baseUrl: string;
  region: Region;
  accessToken(): Promise<string>;
  /** After a 401: whether a newer token is now stored (tried once). */
  renewed?(): Promise<boolean>;
}

/** A call that got no usable answer: 504 when Exact did not answer in time, 502 when the network failed or the answer was malformed. */
export function transportError(error: unknown): MorphError {
  if (error instanceof MorphError) return error;
  if (error instanceof ExactTransportError && error.kind === "timeout") return new MorphError("PROVIDER_TIMEOUT", error.message);
  return new MorphError("PROVIDER_ERROR", (error as Error).message);
}

// Nobody reads this answer (the client is gone); it only ends the handler without a 500.
const cancelled = () => new MorphError("PROVIDER_ERROR", "The call to Exact Online was cancelled: the client went away.", { cancelled: true });

/** `…/api/v1/{division}/…` (digits), as opposed to `/api/v1/current/Me`; absolute `__next` links may sit under a prefix (the sandbox's `/sandbox`). */
export function divisionIn(url: string): number | undefined {
  // Our own relative paths need no URL parsing; anything else (absolute links, dot segments, escapes) does.
  const path = OWN_PATH.test(url) ? url : new URL(url, "http://exact.invalid").pathname;
  const match = /(?:^|\/)api\/v1\/(\d+)\//.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** A path as our own calls write it, which URL parsing would leave as it is: no dot segments, nothing it escapes. */
const OWN_PATH = /^(?:\/(?![/.])[A-Za-z0-9\-_~!$&'()*+,;=:@]*(?:\.[A-Za-z0-9\-_~!$&'()*+,;=:@]+)*)+$/;

export const hasDivision = (url: string): boolean => divisionIn(url) !== undefined;

const rateLimited = (retryAfterMs: number, limit: "minutely" | "daily" = "minutely") => {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const when = limit === "daily" ? "the daily limit is spent" : "the rate limit is reached";
  return new MorphError("RATE_LIMITED", `Exact Online's ${when}; retry after ${retryAfter} s.`, { retryAfter, limit }, {
    "retry-after": String(retryAfter),
  });
};

/** Exact's answer → a stable error code. 403s are permissions: a missing user right, a division not granted, or a call outside the app's scopes. */
export function toMorphError(response: ExactResponse, operation: string | undefined): MorphError {
  const message = exactErrorMessage(response);
  const reason = response.headers.get("reason") ?? undefined;
  switch (response.status) {
    case 401:
      return new MorphError("PROVIDER_ERROR", `Exact Online rejected the access token: ${message}`);
    case 403:
      return new MorphError(
        "INSUFFICIENT_PERMISSIONS",
        `Exact Online refused ${operation ?? "the call"}: ${message}${reason ? ` (${reason})` : ""}`,
        { ...(operation ? { operation, missing: [operation] } : {}), ...(reason ? { reason } : {}) },
      );
    case 429:
      // Only calls outside a division's budget (current/Me) get here: Exact's minute is the best guess.
      return rateLimited(60_000);
    case 404:
      return new MorphError("NOT_FOUND", `Not found in Exact Online: ${message}`);
    case 400:
    case 422:
      return new MorphError("VALIDATION_ERROR", `Exact Online rejected the request: ${message}`, { source: "exact" });
    default:
      return new MorphError("PROVIDER_ERROR", `Exact Online answered ${response.status}: ${message}`, { status: response.status });
  }
}
