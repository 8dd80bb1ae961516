/**
 * The widget's preview (`GET /v1/connect/preview/:model`): the first rows of a model, for a browser holding a
 * session token. Each preview that reaches Exact spends the division's minute budget (60 calls, shared with the
 * customer's backend), and a browser can repeat it at will. So a preview is cached per connection and model for
 * a short while (concurrent ones share one call), and one session may cause only so many Exact calls.
 */
import type { Operation, PreviewResponse } from "../../src/protocol";
import type { UnifiedRecord } from "../connectors/exact-online/models/types";
import { ResourceService } from "../connectors/exact-online/resources";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { assertOperationAllowed, fieldMapFor, modelMapping, usableConnection } from "../resources/resource-access";
import type { SessionClaims } from "../security/session-token";

export const PREVIEW_ROWS = 5;
/** Long enough to absorb a widget re-rendering or a user flicking between tabs; short enough to look live. */
export const PREVIEW_CACHE_MS = 30_000;
/** Exact calls one session may cause through previews (a third of a division's minute): cached answers are free. */
export const PREVIEW_CALLS_PER_SESSION = 20;
/** Bounds on what this process remembers, so that neither map grows with traffic. */
const MAX_CACHED_PREVIEWS = 1_000;
const MAX_TRACKED_SESSIONS = 10_000;

interface CachedPreview {
  expiresAt: number;
  rows: Promise<UnifiedRecord[]>;
}

interface SessionSpend {
  calls: number;
  /** The session's own expiry: after it the token is refused anyway, and the entry can go. */
  expiresAt: number;
}

export class Previews {
  private readonly cache = new Map<string, CachedPreview>();
  private readonly spent = new Map<string, SessionSpend>();

  constructor(private readonly ctx: ServerContext) {}

  async preview(claims: SessionClaims, modelName: string): Promise<PreviewResponse> {
    const { ctx } = this;
    const mapping = modelMapping(ctx, modelName);
    const operation: Operation = `${mapping.model}::list`;
    if (!claims.operations.includes(operation) && !claims.optionalOperations.includes(operation)) {
      throw new MorphError("INSUFFICIENT_PERMISSIONS", `This session does not allow ${operation}.`, { operation, missing: [operation] });
    }
    // The database only: a cached preview must not cost the permission re-check below.
    const row = await usableConnection(ctx, claims.connectorId, claims.ownerId, { recheck: false });
    assertOperationAllowed(row, mapping, "list");
    const fieldMap = fieldMapFor(row, mapping.model);
    // The field mapping shapes the rows: a changed one is another preview.
    const key = JSON.stringify([row.id, row.division, mapping.model, fieldMap]);
    const now = ctx.clock.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return { model: mapping.model, data: await cached.rows };

    this.spend(claims, now);
    const rows = (async () => {
      const checked = row.missingOperations === null ? await usableConnection(ctx, claims.connectorId, claims.ownerId) : row;
      assertOperationAllowed(checked, mapping, "list");
      const page = await new ResourceService(ctx.exact, checked, mapping, fieldMap).list({ limit: PREVIEW_ROWS, filters: {}, raw: false });
      return page.data;
    })();
    const entry: CachedPreview = { expiresAt: now + PREVIEW_CACHE_MS, rows };
    setBounded(this.cache, key, entry, MAX_CACHED_PREVIEWS, (e) => e.expiresAt <= now);
    // A failure is not kept: the next preview asks again (and spends again).
    rows.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return { model: mapping.model, data: await rows };
  }

  /** Counts one Exact call against the session, or answers 429 once it has spent its share. */
  private spend(claims: SessionClaims, now: number): void {
    const expiresAt = claims.expiresAt.getTime();
    const calls = this.spent.get(claims.jti)?.calls ?? 0;
    if (calls >= PREVIEW_CALLS_PER_SESSION) {
      const retryAfter = Math.max(1, Math.ceil((expiresAt - now) / 1000));
      throw new MorphError(
        "RATE_LIMITED",
        `This session has spent its ${PREVIEW_CALLS_PER_SESSION} previews that call Exact Online; previews of the last ${PREVIEW_CACHE_MS / 1000} s are still served. A new session may preview again (this one expires in ${retryAfter} s).`,
        { retryAfter, limit: "session" },
        { "retry-after": String(retryAfter) },
      );
    }
    setBounded(this.spent, claims.jti, { calls: calls + 1, expiresAt }, MAX_TRACKED_SESSIONS, (s) => s.expiresAt <= now);
  }
}

/** Sets a key in a map of at most `max` entries: expired ones go first, then the oldest (a Map keeps insertion order). */
function setBounded<V>(map: Map<string, V>, key: string, value: V, max: number, expired: (value: V) => boolean): void {
  map.delete(key);
  if (map.size >= max) {
    for (const [k, v] of map) if (expired(v)) map.delete(k);
    for (const k of map.keys()) {
      if (map.size < max) break;
      map.delete(k);
    }
  }
  map.set(key, value);
}
