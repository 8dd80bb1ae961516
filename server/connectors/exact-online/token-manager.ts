import type { Region } from "../../../src/protocol";
import { MorphError } from "../../errors";
import { decryptTokens, encryptTokens, type ProviderTokens } from "../../security/token-cipher";
import {
  findConnectionById,
  markNeedsReauthUnderLease,
  releaseRefreshLease,
  storeRefreshedTokens,
  takeRefreshLease,
  type Connection,
  type RefreshLease,
} from "../../storage/connections-repo";
import { connectionEvent } from "../../webhooks/connection-events";
import type { ExactDeps } from "./deps";
import type { ExactTimeouts } from "./exact-http";
import { refreshTokens, TokenRequestError } from "./oauth-client";
import { logger } from "../../observability/logger";
import { countTokenRefresh } from "../../observability/metrics";
import { regionBaseUrl } from "./authorization";

/** Exact refuses to refresh before the last 30 s of an access token's life ("Access Token not expired"). */
export const REFRESH_WINDOW_MS = 30_000;
/** How long one process may hold a connection's refresh lease. */
export const LEASE_MS = 20_000;
const LOCK_POLL_MS = 50;
/** Decrypted token pairs kept at most (one per connection in use). */
const MAX_DECRYPTED = 10_000;

/**
 * Hands out a valid access token per connection. Refreshes happen only in Exact's allowed window,
 * once at a time: single-flight within the process, and a lease in the database (connections-repo)
 * across processes. After taking the lease the row is read again — another process may have refreshed
 * already — and the new pair is persisted before anyone uses it, because Exact's refresh tokens
 * rotate: a lost new refresh token means a lost connection.
 *
 * The token request's deadline is at most half the lease, so a slow token endpoint cannot outlive the
 * lease and let a second process refresh with the same token. If it happens anyway (a paused process,
 * a clock step), Exact's "Old refresh token used" makes us read the row again and use the pair the
 * other process stored; needs_reauth is set only by the lease holder, over the pair it refreshed from.
 * A reconnect (a new consent) replaces the pair and wins: a refresh finishing after it drops its pair.
 */
export class TokenManager {
  private readonly inFlight = new Map<string, Promise<string>>();
  /**
   * Decrypted tokens per connection, in memory only, served only for the very ciphertext they came from (a
   * refresh or a reconnect stores a new one, so they are never stale) and only until the access token's expiry.
   * Keyed by id rather than by the ciphertext: a fresh string from the database is hashed on every lookup.
   */
  private readonly decrypted = new Map<string, { jwe: string; tokens: ProviderTokens; until: number }>();
  refreshCount = 0;
  /** The refresh lease (tests shorten it). */
  leaseMs = LEASE_MS;

  constructor(
    private readonly deps: ExactDeps,
    private readonly timeouts: () => ExactTimeouts,
  ) {}

  async accessTokenFor(row: Connection): Promise<string> {
    assertUsable(row);
    if (row.accessTokenExpiresAt - this.deps.clock.now() > REFRESH_WINDOW_MS) return (await this.decrypt(row)).accessToken;
    return this.refreshOnce(row.id);
  }

  private async decrypt(row: Connection): Promise<ProviderTokens> {
    const now = this.deps.clock.now();
    const cached = this.decrypted.get(row.id);
    if (cached && cached.jwe === row.encryptedTokens && cached.until > now) return cached.tokens;
    const tokens = await decryptTokens(this.deps.encryptionKey, row.encryptedTokens);
    // Re-inserted at the end, so the Map runs from the soonest expiry on (every access token lives as long):
    // expired entries (a deleted connection's too) go from the front, and beyond the size bound the oldest.
    this.decrypted.delete(row.id);
    for (const [id, entry] of this.decrypted) {
      if (entry.until > now && this.decrypted.size < MAX_DECRYPTED) break;
      this.decrypted.delete(id);
    }
    if (row.accessTokenExpiresAt > now) this.decrypted.set(row.id, { jwe: row.encryptedTokens, tokens, until: row.accessTokenExpiresAt });
    return tokens;
  }

  /**
   * Resolves once no refresh of this process is in flight (graceful shutdown, main.ts): a lease given up while
   * Exact may still rotate the token would let another instance refresh with the old one ("Old refresh token used").
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Single-flight: concurrent callers for one connection share one refresh. */
  refreshOnce(connectionId: string): Promise<string> {
    let pending = this.inFlight.get(connectionId);
    if (!pending) {
      pending = this.refreshUnderLease(connectionId).finally(() => this.inFlight.delete(connectionId));
      this.inFlight.set(connectionId, pending);
    }
    return pending;
  }

  private async refreshUnderLease(connectionId: string): Promise<string> {
    const { db } = this.deps;
    // Real time: waiting for another process is bounded by its lease and a margin, whatever the clock says.
    const giveUpAt = Date.now() + this.leaseMs + 5_000;
    for (;;) {
      const { row, lease } = await takeRefreshLease(db, connectionId, this.deps.clock.now(), this.leaseMs);
      if (!row) throw new MorphError("CONNECTION_NOT_FOUND", "The connection was deleted.");
      const fresh = row.accessTokenExpiresAt - this.deps.clock.now() > REFRESH_WINDOW_MS;
      if (!lease) {
        // Another process holds the lease: wait for its result rather than refresh twice.
        assertUsable(row);
        if (fresh) return (await this.decrypt(row)).accessToken;
        if (Date.now() > giveUpAt) throw new MorphError("PROVIDER_TIMEOUT", "Timed out waiting for a token refresh by another server.");
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
        continue;
      }
      try {
        assertUsable(row);
        const tokens = await this.decrypt(row);
        if (fresh) return tokens.accessToken;
        return await this.refresh(row, lease, tokens.refreshToken);
      } finally {
        await releaseRefreshLease(db, lease);
      }
    }
  }

  private async refresh(row: Connection, lease: RefreshLease, refreshToken: string): Promise<string> {
    const { db, exact } = this.deps;
    const timeouts = this.timeouts();
    let tokens;
    try {
      tokens = await refreshTokens(regionBaseUrl(row.region as Region, exact.baseUrl), exact, refreshToken, this.deps.clock.now, {
        ...timeouts,
        tokenMs: Math.min(timeouts.tokenMs, this.leaseMs / 2),
      });
    } catch (error) {
      countTokenRefresh(error instanceof TokenRequestError ? error.failure : "error");
      if (!(error instanceof TokenRequestError)) throw error;
      return this.afterRefusal(row, lease, error);
    }
    countTokenRefresh("success");
    this.refreshCount += 1;
    const stored = await storeRefreshedTokens(
      db,
      lease,
      {
        tokens: await encryptTokens(this.deps.encryptionKey, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      },
      this.deps.clock.now(),
    );
    if (stored) return tokens.accessToken;
    // A reconnect replaced the pair while we refreshed: the newer consent wins, our pair is dropped.
    return this.storedAccessToken(row.id);
  }

  private async afterRefusal(row: Connection, lease: RefreshLease, error: TokenRequestError): Promise<string> {
    const { db } = this.deps;
    switch (error.failure) {
      case "not_expired":
        // Our clock runs ahead of Exact's: the current token is still valid for Exact.
        return (await this.decrypt(row)).accessToken;
      case "timeout":
        throw new MorphError("PROVIDER_TIMEOUT", error.message);
      case "provider":
        throw new MorphError("PROVIDER_ERROR", error.message);
      case "old_refresh_token":
      case "needs_reauth": {
        // Someone else may have stored a new pair (a refresh that outlived our lease, or a reconnect): use it.
        const current = await findConnectionById(db, row.id);
        if (current && current.encryptedTokens !== lease.tokens) return this.storedAccessToken(row.id, current);
        if (await this.markNeedsReauth(lease, error)) {
          logger.warn({ connectionId: row.id }, `connection ${row.id} needs re-authorization: ${error.message}`);
        } else {
          // We no longer hold the lease: its holder decides. A pair stored meanwhile still wins.
          const latest = await findConnectionById(db, row.id);
          if (latest && latest.encryptedTokens !== lease.tokens) return this.storedAccessToken(row.id, latest);
        }
        throw needsReauth();
      }
      default:
        return error.failure satisfies never;
    }
  }

  /**
   * The status change, its `lastError` (Exact's refusal) and its `connection.needs_reauth` event commit together,
   * only for the lease holder: one event however many requests and keep-alive runs met the refusal.
   */
  private markNeedsReauth(lease: RefreshLease, refusal: TokenRequestError): Promise<boolean> {
    return this.deps.db.transaction().execute(async (trx) => {
      const lastError = { code: "NEEDS_REAUTH", message: refusal.message };
      if (!(await markNeedsReauthUnderLease(trx, lease, this.deps.clock.now(), lastError))) return false;
      const connection = await findConnectionById(trx, lease.connectionId);
      if (connection) await this.deps.emit(trx, [connectionEvent("connection.needs_reauth", connection)]);
      return true;
    });
  }

  private async storedAccessToken(connectionId: string, known?: Connection): Promise<string> {
    const current = known ?? (await findConnectionById(this.deps.db, connectionId));
    if (!current) throw new MorphError("CONNECTION_NOT_FOUND", "The connection was deleted.");
    assertUsable(current);
    return (await this.decrypt(current)).accessToken;
  }
}

function assertUsable(row: Connection): void {
  if (row.status === "needs_reauth") throw needsReauth();
}

const needsReauth = () =>
  new MorphError("NEEDS_REAUTH", "The Exact Online connection must be authorized again: the user has to reconnect through the widget.");
