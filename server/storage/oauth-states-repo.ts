import { createHash } from "node:crypto";
import type { AttemptOutcome, ConnectMode, DivisionSelection, Operation, Region } from "../../src/protocol";
import { PostgresAdapter, sql, type Selectable } from "kysely";
import type { Db } from "./database";
import type { OAuthStatesTable } from "./schema";

export const STATE_TTL_MS = 10 * 60 * 1000;

export interface OAuthStateRecord {
  nonce: string;
  sessionJti: string;
  connectorId: string;
  ownerId: string;
  region: Region;
  origin: string;
  operations: Operation[];
  expiresAt: number;
  /** How the browser came and goes back (issue 17); absent: the widget's popup. */
  mode?: ConnectMode | "link";
  /** redirect mode: the allowed page the browser returns to, `morph_attempt` added. */
  returnUrl?: string | null;
  /** redirect mode: the `att_…` id the returned page reads the outcome with. */
  attemptId?: string | null;
  /** link mode: the connect link that started the attempt. */
  linkId?: string | null;
  /** When the token reaches several divisions: keep several (default) or one (issue 18). */
  divisionSelection?: DivisionSelection;
  /** link mode: the hosted page's language and theme, for the division picker. */
  locale?: string | null;
  theme?: string | null;
}

export const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

/** Open = pending and not expired. A session token starts at most this many at a time (issue 8, defect 11). */
export const MAX_OPEN_ATTEMPTS_PER_SESSION = 10;

export type StartResult = { kind: "started" } | { kind: "too_many"; retryAfterMs: number };

/**
 * Saves the state unless the session already has MAX_OPEN_ATTEMPTS_PER_SESSION open attempts. The
 * count and the insert are one statement (`INSERT … SELECT … WHERE count < max`), which SQLite runs
 * under its single write lock; PostgreSQL also takes a per-session advisory lock for the transaction,
 * so simultaneous calls cannot all see room.
 */
export async function startAttempt(db: Db, state: string, record: OAuthStateRecord, now: number): Promise<StartResult> {
  const inserted = await db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`select pg_advisory_xact_lock(hashtext(${`oauth_states:${record.sessionJti}`}))`.execute(trx);
    }
    const result = await sql`
      insert into oauth_states (state_hash, nonce, session_jti, connector_id, owner_id, region, origin, operations, status, outcome, expires_at, created_at,
        mode, return_url, attempt_id, link_id, division_selection, locale, theme)
      select ${hashState(state)}, ${record.nonce}, ${record.sessionJti}, ${record.connectorId}, ${record.ownerId}, ${record.region}, ${record.origin},
        ${JSON.stringify(record.operations)}, 'pending', null, cast(${record.expiresAt} as bigint), cast(${now} as bigint),
        ${record.mode ?? "popup"}, ${record.returnUrl ?? null}, ${record.attemptId ?? null}, ${record.linkId ?? null},
        ${record.divisionSelection ?? "multiple"}, ${record.locale ?? null}, ${record.theme ?? null}
      where (
        select count(*) from oauth_states where session_jti = ${record.sessionJti} and status = 'pending' and expires_at > cast(${now} as bigint)
      ) < ${MAX_OPEN_ATTEMPTS_PER_SESSION}
    `.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
  if (inserted === 1) return { kind: "started" };
  const open = await db
    .selectFrom("oauth_states")
    .select((eb) => eb.fn.min("expires_at").as("earliest"))
    .where("session_jti", "=", record.sessionJti)
    .where("status", "=", "pending")
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return { kind: "too_many", retryAfterMs: Math.max(0, Number(open?.earliest ?? now) - now) };
}

export type ConsumeResult =
  | { kind: "consumed"; record: OAuthStateRecord }
  | { kind: "expired"; record: OAuthStateRecord }
  | { kind: "invalid" };

/**
 * Single use: the pending → consumed transition is one conditional UPDATE, so two callbacks racing
 * with the same state cannot both win.
 */
export async function consumeState(db: Db, state: string, now: number): Promise<ConsumeResult> {
  const stateHash = hashState(state);
  const updated = await db
    .updateTable("oauth_states")
    .set({ status: "consumed" })
    .where("state_hash", "=", stateHash)
    .where("status", "=", "pending")
    .where("expires_at", ">", now)
    .executeTakeFirst();
  const row = await db.selectFrom("oauth_states").selectAll().where("state_hash", "=", stateHash).executeTakeFirst();
  if (!row) return { kind: "invalid" };
  const record = toRecord(row);
  if (Number(updated.numUpdatedRows) === 1) return { kind: "consumed", record };
  if (row.status === "pending" && Number(row.expires_at) <= now) return { kind: "expired", record };
  return { kind: "invalid" };
}

/**
 * Ends the one attempt this state started. By the state, not the nonce: a nonce is unique only within
 * its session, and another session's attempt with the same nonce must stay untouched.
 */
export async function recordOutcome(db: Db, state: string, outcome: AttemptOutcome): Promise<void> {
  await recordOutcomeByHash(db, hashState(state), outcome);
}

/** recordOutcome for a caller that holds only the state's hash (the division picker); the sealed choice goes with it. */
export async function recordOutcomeByHash(db: Db, stateHash: string, outcome: AttemptOutcome): Promise<void> {
  await db
    .updateTable("oauth_states")
    .set({ status: outcome.status, outcome: JSON.stringify(outcome), pending_choice: null, choice_hash: null })
    .where("state_hash", "=", stateHash)
    .where("status", "in", ["pending", "consumed", "choosing"])
    .execute();
}

/** The attempt as the widget sees it, for the session that started it only: another session's nonce is no attempt. */
export async function readAttempt(db: Db, nonce: string, sessionJti: string, now: number): Promise<AttemptOutcome | undefined> {
  const row = await db
    .selectFrom("oauth_states")
    .select(["status", "outcome", "expires_at"])
    .where("nonce", "=", nonce)
    .where("session_jti", "=", sessionJti)
    .executeTakeFirst();
  return row && attemptAsSeen(row, now);
}

/** A `choosing` attempt (the user picks divisions) is pending to the widget until it ends or its time runs out. */
function attemptAsSeen(row: { status: string; outcome: string | null; expires_at: number }, now: number): AttemptOutcome {
  if (row.outcome) return JSON.parse(row.outcome) as AttemptOutcome;
  if ((row.status === "pending" || row.status === "choosing") && Number(row.expires_at) <= now) return { status: "expired" };
  return { status: "pending" };
}

/**
 * A redirect-mode attempt as the page it returned to sees it: by its `att_…` id, for any session of the same
 * connector and owner (hosts mint a new token per page load), never another owner's (then undefined, as unknown).
 */
export async function readReturnedAttempt(db: Db, attemptId: string, owner: { connectorId: string; ownerId: string }, now: number): Promise<AttemptOutcome | undefined> {
  const row = await db
    .selectFrom("oauth_states")
    .select(["status", "outcome", "expires_at"])
    .where("attempt_id", "=", attemptId)
    .where("connector_id", "=", owner.connectorId)
    .where("owner_id", "=", owner.ownerId)
    .executeTakeFirst();
  return row && attemptAsSeen(row, now);
}

/**
 * Cancel: a pending attempt becomes unusable, so a late callback is refused; one whose user is choosing divisions
 * loses its sealed tokens, so a late choice is refused and nothing is stored.
 */
export async function cancelAttempt(db: Db, nonce: string, sessionJti: string): Promise<boolean> {
  const result = await db
    .updateTable("oauth_states")
    .set({ status: "cancelled", outcome: JSON.stringify({ status: "cancelled" } satisfies AttemptOutcome), pending_choice: null, choice_hash: null })
    .where("nonce", "=", nonce)
    .where("session_jti", "=", sessionJti)
    .where("status", "in", ["pending", "choosing"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A consumed state whose token reaches several divisions waits for the user's choice (issue 18). */
export interface PendingChoice {
  /** The JWE (token cipher) of the fresh tokens, the Exact user and the divisions the token reaches. */
  sealed: string;
  /** SHA-256 of the picker's single-use choice token. */
  choiceHash: string;
  /** The choice must come before this (a fresh window: the consent may have taken most of the state's). */
  expiresAt: number;
}

/** consumed → choosing, keeping the sealed choice; false when the attempt ended meanwhile (a cancel). */
export async function beginChoice(db: Db, state: string, choice: PendingChoice): Promise<boolean> {
  const result = await db
    .updateTable("oauth_states")
    .set({ status: "choosing", pending_choice: choice.sealed, choice_hash: choice.choiceHash, expires_at: choice.expiresAt })
    .where("state_hash", "=", hashState(state))
    .where("status", "=", "consumed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ChoosingAttempt {
  stateHash: string;
  record: OAuthStateRecord;
  sealed: string;
}

export type ChoiceLookup = { kind: "choosing"; attempt: ChoosingAttempt } | { kind: "expired"; attempt: ChoosingAttempt } | { kind: "invalid" };

/** The attempt a choice token belongs to, while its user is choosing (reads only: a refused form leaves it usable). */
export async function findChoice(db: Db, choiceHash: string, now: number): Promise<ChoiceLookup> {
  const row = await db.selectFrom("oauth_states").selectAll().where("choice_hash", "=", choiceHash).where("status", "=", "choosing").executeTakeFirst();
  if (!row?.pending_choice) return { kind: "invalid" };
  const attempt = { stateHash: row.state_hash, record: toRecord(row), sealed: row.pending_choice };
  return Number(row.expires_at) <= now ? { kind: "expired", attempt } : { kind: "choosing", attempt };
}

/**
 * Single use: choosing → consumed in one conditional UPDATE (two posts of the same form cannot both store), the
 * token's hash and the sealed tokens erased with it (the caller already holds them).
 */
export async function takeChoice(db: Db, choiceHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("oauth_states")
    .set({ status: "consumed", pending_choice: null, choice_hash: null })
    .where("choice_hash", "=", choiceHash)
    .where("status", "=", "choosing")
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The picker's "the user left" (popup closed, tab left): choosing → cancelled, sealed tokens erased. Only while
 * choosing: a choice already taken (consumed, being stored) is not undone by a late beacon.
 */
export async function cancelChoice(db: Db, choiceHash: string): Promise<OAuthStateRecord | undefined> {
  const row = await db.selectFrom("oauth_states").selectAll().where("choice_hash", "=", choiceHash).where("status", "=", "choosing").executeTakeFirst();
  if (!row) return undefined;
  const result = await db
    .updateTable("oauth_states")
    .set({ status: "cancelled", outcome: JSON.stringify({ status: "cancelled" } satisfies AttemptOutcome), pending_choice: null, choice_hash: null })
    .where("state_hash", "=", row.state_hash)
    .where("status", "=", "choosing")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? toRecord(row) : undefined;
}

/** Ends every attempt whose user never chose in time: expired, its sealed tokens erased. */
export async function expireChoices(db: Db, now: number): Promise<void> {
  await db
    .updateTable("oauth_states")
    .set({ status: "expired", outcome: JSON.stringify({ status: "expired" } satisfies AttemptOutcome), pending_choice: null, choice_hash: null })
    .where("status", "=", "choosing")
    .where("expires_at", "<=", now)
    .execute();
}

export async function deleteExpiredStates(db: Db, now: number): Promise<void> {
  await expireChoices(db, now);
  // Kept an hour past expiry so a widget can still read the outcome of a slow attempt.
  await db.deleteFrom("oauth_states").where("expires_at", "<", now - 3600_000).execute();
}

function toRecord(row: Selectable<OAuthStatesTable>): OAuthStateRecord {
  return {
    nonce: row.nonce,
    sessionJti: row.session_jti,
    connectorId: row.connector_id,
    ownerId: row.owner_id,
    region: row.region as Region,
    origin: row.origin,
    operations: JSON.parse(row.operations) as Operation[],
    expiresAt: Number(row.expires_at),
    mode: row.mode === "redirect" || row.mode === "link" ? row.mode : "popup",
    returnUrl: row.return_url ?? null,
    attemptId: row.attempt_id ?? null,
    linkId: row.link_id ?? null,
    divisionSelection: row.division_selection === "single" ? "single" : "multiple",
    locale: row.locale ?? null,
    theme: row.theme ?? null,
  };
}
