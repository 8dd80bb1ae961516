import type { Region } from "../../../src/protocol";
import type { ServerContext } from "../../context";
import { MorphError } from "../../errors";
import { decryptTokens, encryptTokens, type ProviderTokens } from "../../security/token-cipher";
import { findConnectionById, updateConnection, type ConnectionRow } from "../../storage/connections-repo";
import type { ExactTimeouts } from "./exact-http";
import { refreshTokens, TokenRequestError } from "./oauth-client";
import { regionBaseUrl } from "./authorization";

/** Exact refuses to refresh before the last 30 s of an access token's life ("Access Token not expired"). */
export const REFRESH_WINDOW_MS = 30_000;
/** How long one process may hold a connection's refresh lease; longer than a token request can take. */
const LEASE_MS = 20_000;
const LOCK_POLL_MS = 50;

/**
 * Hands out a valid access token per connection. Refreshes happen only in Exact's allowed window,
 * once at a time: single-flight within the process, and a lease row-lock in the database (a
 * conditional UPDATE, so it works the same on SQLite and PostgreSQL) across processes. After taking
 * the lease the row is read again — another process may have refreshed already — and the new pair is
 * persisted before anyone uses it, because Exact's refresh tokens rotate: a lost new refresh token
 * means a lost connection.
 */
export class TokenManager {
  private readonly inFlight = new Map<string, Promise<string>>();
  /** Decrypted tokens by their ciphertext: a row that did not change is not decrypted again. */
  private readonly decrypted = new Map<string, ProviderTokens>();
  refreshCount = 0;

  constructor(
    private readonly ctx: ServerContext,
    private readonly timeouts: () => ExactTimeouts,
  ) {}

  async accessTokenFor(row: ConnectionRow): Promise<string> {
    assertUsable(row);
    if (Number(row.access_token_expires_at) - this.ctx.now() > REFRESH_WINDOW_MS) return (await this.decrypt(row.tokens)).accessToken;
    return this.refreshOnce(row.id);
  }

  private async decrypt(jwe: string): Promise<ProviderTokens> {
    let tokens = this.decrypted.get(jwe);
    if (!tokens) {
      tokens = await decryptTokens(this.ctx.config.encryptionKey, jwe);
      // Bounded: at most one entry per live connection matters; drop the oldest beyond that.
      if (this.decrypted.size >= 10_000) this.decrypted.delete(this.decrypted.keys().next().value!);
      this.decrypted.set(jwe, tokens);
    }
    return tokens;
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
    const { db, config } = this.ctx;
    const giveUpAt = Date.now() + LEASE_MS + 5_000;
    for (;;) {
      const now = this.ctx.now();
      const taken = await db
        .updateTable("connections")
        .set({ refresh_lock_until: now + LEASE_MS })
        .where("id", "=", connectionId)
        .where((eb) => eb.or([eb("refresh_lock_until", "is", null), eb("refresh_lock_until", "<", now)]))
        .executeTakeFirst();
      const row = await findConnectionById(db, connectionId);
      if (!row) throw new MorphError("CONNECTION_NOT_FOUND", 404, "The connection was deleted.");
      const fresh = Number(row.access_token_expires_at) - this.ctx.now() > REFRESH_WINDOW_MS;
      if (Number(taken.numUpdatedRows) !== 1) {
        // Another process holds the lease: wait for its result rather than refresh twice.
        assertUsable(row);
        if (fresh) return (await decryptTokens(config.encryptionKey, row.tokens)).accessToken;
        if (Date.now() > giveUpAt) throw new MorphError("PROVIDER_ERROR", 503, "Timed out waiting for a token refresh by another server.");
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
        continue;
      }
      try {
        assertUsable(row);
        const tokens = await decryptTokens(config.encryptionKey, row.tokens);
        if (fresh) return tokens.accessToken;
        return await this.refresh(row, tokens.refreshToken);
      } finally {
        await updateConnection(db, connectionId, { refresh_lock_until: null });
      }
    }
  }

  private async refresh(row: ConnectionRow, refreshToken: string): Promise<string> {
    const { db, config } = this.ctx;
    try {
      const tokens = await refreshTokens(regionBaseUrl(row.region as Region, config.exact.baseUrl), config.exact, refreshToken, this.ctx.now, this.timeouts());
      this.refreshCount += 1;
      await updateConnection(db, row.id, {
        tokens: await encryptTokens(config.encryptionKey, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
        access_token_expires_at: tokens.accessTokenExpiresAt,
        refresh_token_expires_at: tokens.refreshTokenExpiresAt,
        updated_at: this.ctx.now(),
      });
      return tokens.accessToken;
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      if (error.failure === "not_expired") {
        // Our clock runs ahead of Exact's: the current token is still valid for Exact.
        return (await decryptTokens(config.encryptionKey, row.tokens)).accessToken;
      }
      if (error.failure === "timeout") throw new MorphError("PROVIDER_TIMEOUT", 504, error.message);
      if (error.failure === "needs_reauth" || error.failure === "old_refresh_token") {
        await updateConnection(db, row.id, { status: "needs_reauth", updated_at: this.ctx.now() });
        console.warn(`[morph] connection ${row.id} needs re-authorization: ${error.message}`);
        throw needsReauth();
      }
      throw new MorphError("PROVIDER_ERROR", 502, error.message);
    }
  }
}

function assertUsable(row: ConnectionRow): void {
  if (row.status === "needs_reauth") throw needsReauth();
}

const needsReauth = () =>
  new MorphError("NEEDS_REAUTH", 409, "The Exact Online connection must be authorized again: the user has to reconnect through the widget.");
