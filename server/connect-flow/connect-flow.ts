/**
 * The connect flow as use-cases: one popup attempt's life from start to outcome, and what follows a
 * connection (disconnect, permission checks). Routes parse the request, call one of these, and answer;
 * the storage calls and the token cipher live here, not in a route.
 */
import { randomBytes } from "node:crypto";
import { DEFAULT_REGION, REGIONS, type AttemptOutcome, type ConnectorId, type Operation, type Region } from "../../src/protocol";
import {
  authorizeUrl,
  completeAuthorization,
  divisionRights,
  regionBaseUrl,
  type AuthorizedAccount,
  type AuthorizingCall,
  type DivisionRights,
} from "../connectors/exact-online/authorization";
import { beginDivisionChoice, type DivisionPicker } from "./pending-choice";
import { ExactApiError, ExactTransportError } from "../connectors/exact-online/exact-http";
import { TokenRequestError } from "../connectors/exact-online/oauth-client";
import { checkPermissions } from "../connectors/exact-online/permissions";
import type { ServerContext } from "../context";
import { MorphError, validationError, type ServerErrorCode } from "../errors";
import { verifySessionToken } from "../security/session-token";
import { encryptTokens } from "../security/token-cipher";
import { connectionEvent } from "../webhooks/connection-events";
import { ResourceService } from "../connectors/exact-online/resources";
import { claimLink, LinkRefused } from "../connect-links/claim-link";
import { revokeOpenLinks } from "../storage/connect-links-repo";
import {
  deleteConnection,
  findConnection,
  findConnectionRecord,
  markOtherOwnersNeedsReauth,
  recordMissingOperations,
  saveFieldMapping,
  toSummary,
  upsertConnection,
  type Connection,
} from "../storage/connections-repo";
import {
  cancelAttempt as cancelStoredAttempt,
  consumeState,
  MAX_OPEN_ATTEMPTS_PER_SESSION,
  readAttempt,
  readReturnedAttempt,
  recordOutcomeByHash,
  hashState,
  startAttempt as storeAttempt,
  STATE_TTL_MS,
  type OAuthStateRecord,
} from "../storage/oauth-states-repo";
import { logger } from "../observability/logger";

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** Nonces are the widget's, unique only within a session: wake-ups are keyed by both, so one session's never wakes another's. */
const attemptKey = (sessionJti: string, nonce: string) => `${sessionJti}/${nonce}`;

export const redirectUri = (ctx: ServerContext) => `${ctx.config.publicUrl}/v1/oauth/callback`;

export interface StartInput {
  sessionToken: string;
  nonce: string;
  region: string | undefined;
  origin: string;
  /** the optional operations the user switched on, comma-separated */
  operations: string | undefined;
  /** `popup` (default) or `redirect` (issue 17): the whole tab goes to Exact and back to `returnUrl`. */
  mode?: string | undefined;
  returnUrl?: string | undefined;
}

/** `att_` + 22 base64url characters: 128 random bits, the id a redirect-mode attempt returns with. */
export const newAttemptId = () => `att_${randomBytes(16).toString("base64url")}`;

/**
 * An absolute http(s) URL on an allowed origin, or a 400 naming `field`: where the browser may be sent back.
 * Checked when the attempt or link is made, so the callback never redirects anywhere else (no open redirect).
 */
export function allowedReturnUrl(ctx: ServerContext, field: string, value: string | undefined): string {
  let url: URL | undefined;
  try {
    url = value ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw validationError(field, "must be an absolute http(s) URL");
  if (url.username || url.password) throw validationError(field, "must not carry credentials");
  if (!ctx.config.allowedOrigins.includes(url.origin)) throw validationError(field, `its origin ${url.origin} is not in MORPH_ALLOWED_ORIGINS`);
  return url.toString();
}

/** Starts an attempt: a single-use state bound to the session, region, origin and nonce; returns Exact's consent URL. */
export async function startAttempt(ctx: ServerContext, input: StartInput): Promise<string> {
  if (!NONCE_PATTERN.test(input.nonce)) throw new MorphError("VALIDATION_ERROR", "nonce: must be 16–128 URL-safe characters");
  const claims = await verifySessionToken(ctx.config.signingKey, input.sessionToken, ctx.clock.now());
  const region = (input.region ?? DEFAULT_REGION) as Region;
  if (!REGIONS.includes(region)) throw new MorphError("VALIDATION_ERROR", `region: must be one of ${REGIONS.join(", ")}`);
  const chosen = (input.operations ?? "").split(",").filter(Boolean);
  const notOffered = chosen.filter((op) => !claims.optionalOperations.includes(op as Operation));
  if (notOffered.length) throw new MorphError("VALIDATION_ERROR", `operations: not offered by this session: ${notOffered.join(", ")}`);
  const mode = input.mode ?? "popup";
  if (mode !== "popup" && mode !== "redirect") throw validationError("mode", "must be popup or redirect");
  const redirect = mode === "redirect" ? { mode: "redirect" as const, returnUrl: allowedReturnUrl(ctx, "returnUrl", input.returnUrl), attemptId: newAttemptId() } : {};

  return storeStateAndAuthorizeUrl(ctx, {
    nonce: input.nonce,
    sessionJti: claims.jti,
    connectorId: claims.connectorId,
    ownerId: claims.ownerId,
    region,
    origin: input.origin,
    operations: [...claims.operations, ...(chosen as Operation[])],
    expiresAt: ctx.clock.now() + STATE_TTL_MS,
    divisionSelection: claims.divisionSelection ?? "multiple",
    ...redirect,
  });
}

/**
 * Stores a single-use state for `record` (at most MAX_OPEN_ATTEMPTS_PER_SESSION open per session jti) and
 * returns Exact's consent URL for it. Shared by the widget's attempts and the connect links' Continue.
 */
export async function storeStateAndAuthorizeUrl(ctx: ServerContext, record: OAuthStateRecord): Promise<string> {
  const state = randomBytes(32).toString("base64url");
  const now = ctx.clock.now();
  const region = record.region;
  let started;
  try {
    started = await storeAttempt(ctx.db, state, record, now);
  } catch (error) {
    // A nonce this session already used violates the unique (session_jti, nonce) index: one attempt per nonce.
    // Another session's nonce is no conflict, so it reveals nothing and cannot be taken first (issue 14).
    if (/unique|duplicate/i.test(String(error))) throw new MorphError("VALIDATION_ERROR", "nonce: this attempt was already started");
    throw error;
  }
  if (started.kind === "too_many") {
    const retryAfter = Math.max(1, Math.ceil(started.retryAfterMs / 1000));
    throw new MorphError(
      "TOO_MANY_ATTEMPTS",
      `Too many connection attempts are open for this session (at most ${MAX_OPEN_ATTEMPTS_PER_SESSION}). Finish or cancel one, or retry after ${retryAfter} s.`,
      { retryAfter, max: MAX_OPEN_ATTEMPTS_PER_SESSION },
      { "retry-after": String(retryAfter) },
    );
  }
  return authorizeUrl(regionBaseUrl(region, ctx.config.exact.baseUrl), { clientId: ctx.config.exact.clientId, redirectUri: redirectUri(ctx), state });
}

/** What the callback page shows: nothing is posted without the attempt's record (a forged or replayed state). */
export type CallbackResult =
  | { kind: "refused"; title: string; text: string }
  | { kind: "ended"; title: string; text: string; record: OAuthStateRecord; outcome: AttemptOutcome }
  /** The token reaches several divisions: the user chooses before anything is stored (division-choice.ts). */
  | { kind: "choosing"; record: OAuthStateRecord; picker: DivisionPicker };

/** Records the attempt's outcome (by its state's hash) and wakes whoever waits on it. */
export async function endAttempt(ctx: ServerContext, stateHash: string, record: OAuthStateRecord, title: string, text: string, outcome: AttemptOutcome): Promise<CallbackResult> {
  await recordOutcomeByHash(ctx.db, stateHash, outcome);
  wakeAttempt(ctx, record);
  return { kind: "ended", title, text, record, outcome };
}

/** Wakes this process's long-polls of the attempt (other processes re-read every second). */
export function wakeAttempt(ctx: ServerContext, record: OAuthStateRecord): void {
  ctx.attemptEvents.notify(attemptKey(record.sessionJti, record.nonce));
  if (record.attemptId) ctx.attemptEvents.notify(record.attemptId);
}

/** Exact sent the user back: consume the state, exchange the code, store the connection, record the outcome. */
export async function completeCallback(ctx: ServerContext, query: { state?: string; code?: string; error?: string }): Promise<CallbackResult> {
  if (!query.state) return { kind: "refused", title: "Invalid request", text: "The state parameter is missing." };
  const consumed = await consumeState(ctx.db, query.state, ctx.clock.now());
  if (consumed.kind === "invalid") return { kind: "refused", title: "This link was already used", text: "Start the connection again from the app." };
  const record = consumed.record;
  const state = query.state;
  const end = (title: string, text: string, outcome: AttemptOutcome) => endAttempt(ctx, hashState(state), record, title, text, outcome);
  const fail = (code: ServerErrorCode, message: string) => end("Connection failed", message, { status: "failed", error: { code, message } });

  if (consumed.kind === "expired") return end("This connection attempt expired", "Start the connection again from the app.", { status: "expired" });
  if (query.error) {
    if (query.error === "access_denied") return fail("ACCESS_DENIED", "Access to Exact Online was denied.");
    return fail("PROVIDER_ERROR", `Exact Online answered: ${query.error}`);
  }
  if (!query.code) return fail("VALIDATION_ERROR", "The authorization code is missing.");

  try {
    const account = await authorize(ctx, record, query.code);
    // Several divisions: nothing is stored until the user chooses (issue 18); one: stored at once, as always.
    if (account.divisions.length > 1) return await beginDivisionChoice(ctx, state, record, account);
    const only = account.divisions[0]!;
    const connection = await storeConnection(ctx, record, account, await rightsOf(ctx, record, account.tokens.accessToken, [only]), only.code);
    return await connectionMade(ctx, hashState(state), record, connection);
  } catch (cause) {
    const failure = attemptFailure(cause, record);
    return fail(failure.code, failure.message);
  }
}

/** The attempt ends with its connection: Exact's webhooks follow in the background, never failing it. */
export function connectionMade(ctx: ServerContext, stateHash: string, record: OAuthStateRecord, connection: Connection): Promise<CallbackResult> {
  ctx.exactEvents.connectionMade();
  return endAttempt(ctx, stateHash, record, "Connected to Exact Online", `${connection.divisionName} is connected. This window closes by itself.`, {
    status: "succeeded",
    connection: toSummary(connection),
  });
}

/** Why an attempt failed, as its outcome's code and message: logged without secrets. */
export function attemptFailure(cause: unknown, record: OAuthStateRecord): { code: ServerErrorCode; message: string } {
  const fail = (code: ServerErrorCode, message: string) => ({ code, message });
  if (cause instanceof LinkRefused) return fail(cause.code, cause.message);
  // The user granted the app no administration at consent: nothing to connect to, nothing stored.
  if (cause instanceof MorphError && cause.code === "INSUFFICIENT_PERMISSIONS") {
    logger.warn(`OAuth callback for owner ${JSON.stringify(record.ownerId)}: ${cause.message}`);
    return fail(cause.code, cause.message);
  }
  // From the API client: Exact's minute stayed spent past the wait, or Exact did not answer (timeout, network, a
  // malformed answer). Its messages carry no secret.
  if (cause instanceof MorphError && (cause.code === "RATE_LIMITED" || cause.code === "PROVIDER_TIMEOUT" || cause.code === "PROVIDER_ERROR")) {
    logger.error(`OAuth callback failed for owner ${JSON.stringify(record.ownerId)}: ${cause.message}`);
    return fail(cause.code, cause.message);
  }
  // Log the reason without secrets: the code and tokens are never part of these messages.
  const known = cause instanceof TokenRequestError || cause instanceof ExactApiError;
  const reason = known ? cause.message : "unexpected error";
  logger.error(`OAuth callback failed for owner ${JSON.stringify(record.ownerId)}: ${reason}`);
  if (!known) logger.error({ err: cause }, "OAuth callback: the unexpected failure");
  // A token endpoint or API that does not answer ends the attempt (never left pending) with its own code.
  const timedOut = (cause instanceof TokenRequestError && cause.failure === "timeout") || (cause instanceof ExactTransportError && cause.kind === "timeout");
  if (timedOut) return fail("PROVIDER_TIMEOUT", `Exact Online did not answer in time: ${reason}`);
  if (cause instanceof MorphError && cause.code === "UNAVAILABLE") return fail("UNAVAILABLE", cause.message);
  return fail("PROVIDER_ERROR", `Exact Online could not complete the connection: ${reason}`);
}

function authorize(ctx: ServerContext, record: OAuthStateRecord, code: string): Promise<AuthorizedAccount> {
  return completeAuthorization({
    baseUrl: regionBaseUrl(record.region, ctx.config.exact.baseUrl),
    credentials: ctx.config.exact,
    code,
    redirectUri: redirectUri(ctx),
    now: ctx.clock.now,
    timeouts: ctx.exact.timeouts,
    call: authorizingCall(ctx, record),
  });
}

/**
 * The user waits on the callback page: a connect-time call waits out at most this much of a spent minute
 * (Exact's window is 60 s) before the attempt ends as RATE_LIMITED.
 */
const CONNECT_MAX_RATE_LIMIT_WAIT_MS = 65_000;

/** Connect-time calls go through the API client: the division's rate budget, 429 waits, timeouts and call logs. */
const authorizingCall =
  (ctx: ServerContext, record: OAuthStateRecord): AuthorizingCall =>
  (accessToken, request) =>
    ctx.exact.callAuthorizing(record.region, accessToken, request, { passthrough: true, maxRateLimitWaitMs: CONNECT_MAX_RATE_LIMIT_WAIT_MS });

/** UserHasRights for the attempt's operations in each chosen division, with the fresh token (before any connection exists). */
export function rightsOf(ctx: ServerContext, record: OAuthStateRecord, accessToken: string, divisions: ReadonlyArray<{ code: number; name: string }>): Promise<DivisionRights[]> {
  return divisionRights({
    call: authorizingCall(ctx, record),
    accessToken,
    divisions,
    operations: record.operations,
    models: ctx.models,
  });
}

/**
 * Stores the connection on the chosen divisions (`defaultDivision` among them), shared by the one-division callback
 * and the division picker, so links, one-user-two-owners and events behave alike.
 */
export async function storeConnection(
  ctx: ServerContext,
  record: OAuthStateRecord,
  account: Pick<AuthorizedAccount, "tokens" | "userId">,
  divisions: DivisionRights[],
  defaultDivision: number,
): Promise<Connection> {
  const chosen = divisions.find((d) => d.code === defaultDivision);
  if (!chosen) throw new Error(`default division ${defaultDivision} is not among the chosen ones`);
  const tokens = await encryptTokens(ctx.config.encryptionKey, account.tokens);
  // The connection and its `connection.created` event commit together (a reconnect is announced too), with
  // the link it came through marked used and the connections Exact just ended marked needs_reauth.
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    // A refusal throws before anything is written: the transaction rolls back and the new token is dropped.
    if (record.linkId) await claimLink(trx, record, account.userId, now);
    const connection = await upsertConnection(
      trx,
      {
        connectorId: record.connectorId as ConnectorId,
        ownerId: record.ownerId,
        region: record.region,
        division: chosen.code,
        divisionName: chosen.name,
        divisions,
        providerUserId: account.userId,
        encryptedTokens: tokens,
        accessTokenExpiresAt: account.tokens.accessTokenExpiresAt,
        refreshTokenExpiresAt: account.tokens.refreshTokenExpiresAt,
        grantedOperations: record.operations,
        missingOperations: chosen.missingOperations,
      },
      ctx.clock.now(),
    );
    // One Exact user, two owners: Exact ended the other owners' token chains of this user (issue 17, section 4).
    // The other owner's id stays out of the message: an endpoint filtered on that owner would learn it.
    const ended = await markOtherOwnersNeedsReauth(trx, { connectorId: connection.connectorId, ownerId: connection.ownerId, providerUserId: account.userId }, now, {
      code: SAME_USER_REAUTHORIZED.code,
      message: SAME_USER_REAUTHORIZED.message,
    });
    await ctx.webhooks.emit(trx, [connectionEvent("connection.created", connection), ...ended.map((other) => connectionEvent("connection.needs_reauth", other))]);
    return connection;
  });
}

/** The `lastError` of a connection whose Exact user authorized the app for another owner. */
export const SAME_USER_REAUTHORIZED = {
  code: "NEEDS_REAUTH",
  message: "The same Exact Online user authorized this app for another owner, and Exact ended this connection's tokens. Reconnect to use it again.",
} as const;

/**
 * The attempt's outcome as soon as it changes, or `pending` after `waitMs`. Woken at once by this process's
 * callback, it re-reads the database every second for other processes'. The wait is the HTTP client's wall
 * time (a long-poll), not the domain clock.
 */
export function waitForAttempt(ctx: ServerContext, nonce: string, jti: string, waitMs: number, signal: AbortSignal): Promise<AttemptOutcome | undefined> {
  return waitForOutcome(ctx, () => readAttempt(ctx.db, nonce, jti, ctx.clock.now()), attemptKey(jti, nonce), waitMs, signal);
}

/** The same long-poll for a redirect-mode attempt, by its `att_…` id, for any session of the attempt's owner. */
export function waitForReturnedAttempt(
  ctx: ServerContext,
  attemptId: string,
  owner: { connectorId: string; ownerId: string },
  waitMs: number,
  signal: AbortSignal,
): Promise<AttemptOutcome | undefined> {
  return waitForOutcome(ctx, () => readReturnedAttempt(ctx.db, attemptId, owner, ctx.clock.now()), attemptId, waitMs, signal);
}

/** Reads until the outcome is no longer pending, the wait is over or the caller went away; woken by `wakeKey`. */
async function waitForOutcome(
  ctx: ServerContext,
  read: () => Promise<AttemptOutcome | undefined>,
  wakeKey: string,
  waitMs: number,
  signal: AbortSignal,
): Promise<AttemptOutcome | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const outcome = await read();
    if (!outcome || outcome.status !== "pending" || Date.now() >= deadline || signal.aborted) return outcome;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(1000, Math.max(0, deadline - Date.now())));
      const unsubscribe = ctx.attemptEvents.subscribe(wakeKey, done);
      signal.addEventListener("abort", done);
    });
  }
}

/** Cancel ends the attempt for good: a late callback is refused. */
export async function cancelAttempt(ctx: ServerContext, nonce: string, jti: string): Promise<void> {
  await cancelStoredAttempt(ctx.db, nonce, jti);
  ctx.attemptEvents.notify(attemptKey(jti, nonce));
}

/**
 * Deletes the owner's connection. `pending: true` (the backend's route) deletes a pending one too, without
 * an event: no `connection.created` announced it. The widget's route leaves it alone, as it shows none.
 */
export async function disconnect(ctx: ServerContext, connectorId: string, ownerId: string, { pending = false } = {}): Promise<void> {
  // The last connection on a division removes its Exact webhook subscriptions while its token still exists.
  const existing = await findConnection(ctx.db, connectorId, ownerId);
  if (existing) await ctx.exactEvents.beforeDisconnect(existing);
  // The deletion and its `connection.deleted` event (carrying the connection as it was) commit together.
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    const connection = await findConnectionRecord(trx, connectorId, ownerId);
    if (!connection || (connection.status === "pending" && !pending) || !(await deleteConnection(trx, connectorId, ownerId))) return false;
    // Its open connect links die with it: a link must not bring a disconnected owner back.
    await revokeOpenLinks(trx, connectorId, ownerId);
    if (connection.status !== "pending") await ctx.webhooks.emit(trx, [connectionEvent("connection.deleted", connection)]);
    return true;
  });
  if (!deleted) throw new MorphError("CONNECTION_NOT_FOUND", `No Exact Online connection for owner "${ownerId}".`);
  ctx.exactEvents.afterDisconnect(existing?.id);
}

/** Asks Exact's UserHasRights for every granted operation and records the missing ones on the connection. */
export async function recheckPermissions(ctx: ServerContext, connection: Connection): Promise<{ connection: Connection; allowed: Operation[]; missing: Operation[] }> {
  const { allowed, missing } = await checkPermissions((request) => ctx.exact.call(connection, request), connection.division, connection.grantedOperations, ctx.models);
  await recordMissingOperations(ctx.db, connection.id, missing, ctx.clock.now(), connection.division);
  const divisions = connection.divisions.map((d) => (d.code === connection.division ? { ...d, missingOperations: missing } : d));
  return { connection: { ...connection, missingOperations: missing, divisions }, allowed, missing };
}

/** The authorized connection of (connector, owner), or undefined: a pending one is none (the widget offers "Connect"). */
export function getConnection(ctx: ServerContext, connectorId: string, ownerId: string): Promise<Connection | undefined> {
  return findConnection(ctx.db, connectorId, ownerId);
}

/**
 * Extra unified fields per model for one connection. Each Exact property must exist (the reference table's,
 * or a live record's for an endpoint outside it) and no name may shadow a unified field.
 */
export async function setFieldMapping(ctx: ServerContext, connection: Connection, mapping: Connection["fieldMapping"]): Promise<void> {
  for (const [model, fields] of Object.entries(mapping)) {
    const modelDef = ctx.models.get(model);
    if (!modelDef) throw new MorphError("VALIDATION_ERROR", `${model}: unknown model`, { field: model, models: ctx.models.names() });
    const builtIn = new Set(["id", "createdAt", "updatedAt", "raw", ...modelDef.fields.map((f) => f.name)]);
    const available = new Set(await new ResourceService(ctx.exact, connection, modelDef, {}).availableExactFields());
    for (const [field, exactField] of Object.entries(fields)) {
      const path = `${model}.${field}`;
      if (builtIn.has(field)) throw new MorphError("VALIDATION_ERROR", `${path}: is a built-in unified field`, { field: path });
      if (available.size > 0 && !available.has(exactField)) {
        throw new MorphError("VALIDATION_ERROR", `${path}: Exact Online's ${modelDef.endpoint} has no field "${exactField}"`, { field: path });
      }
    }
  }
  await saveFieldMapping(ctx.db, connection.id, mapping, ctx.clock.now());
}
