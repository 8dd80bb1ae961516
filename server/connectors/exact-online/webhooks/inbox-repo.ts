/**
 * The inbox of Exact's notifications: stored by the receiver before it answers 200, claimed and processed
 * after. A claim is a token and an expiry on the row: a process that dies holding rows loses nothing, the
 * claim runs out and another process takes them. On PostgreSQL the claim skips rows another transaction is
 * claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so its UPDATE is the whole claim.
 */
import { randomUUID } from "node:crypto";
import { PostgresAdapter } from "kysely";
import type { Db } from "../../../storage/database";
import type { ExactInboxTable } from "../../../storage/schema";

export type ExactAction = "Create" | "Update" | "Delete";

export interface InboxEvent {
  id: string;
  division: number;
  topic: string;
  action: ExactAction;
  key: string;
  eventCreatedOn: string | null;
  attempts: number;
  receivedAt: number;
}

export interface NewInboxEvent {
  division: number;
  topic: string;
  action: ExactAction;
  key: string;
  eventCreatedOn: string | null;
}

export async function insertInboxEvent(db: Db, event: NewInboxEvent, now: number): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("exact_inbox")
    .values({
      id,
      division: event.division,
      topic: event.topic,
      action: event.action,
      entity_key: event.key,
      event_created_on: event.eventCreatedOn,
      status: "pending",
      attempts: 0,
      claim_token: null,
      claimed_until: null,
      next_attempt_at: now,
      last_error: null,
      received_at: now,
      processed_at: null,
    })
    .execute();
  return id;
}

export interface Claim {
  token: string;
  events: InboxEvent[];
}

/** Claims up to `limit` pending rows that are due and not held by a live claim, oldest first. */
export async function claimInboxEvents(db: Db, now: number, limit: number, claimMs: number): Promise<Claim> {
  const token = randomUUID();
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db
    .updateTable("exact_inbox")
    .set((eb) => ({ claim_token: token, claimed_until: now + claimMs, attempts: eb("attempts", "+", 1) }))
    .where("id", "in", (eb) => {
      let due = eb
        .selectFrom("exact_inbox")
        .select("id")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", now)
        .where((w) => w.or([w("claimed_until", "is", null), w("claimed_until", "<", now)]))
        .orderBy("received_at")
        .limit(limit);
      if (postgres) due = due.forUpdate().skipLocked();
      return due;
    })
    .execute();
  const rows = await db.selectFrom("exact_inbox").selectAll().where("claim_token", "=", token).where("status", "=", "pending").orderBy("received_at").execute();
  return { token, events: rows.map(toEvent) };
}

/** Marks claimed rows done, in the caller's transaction (the one that emits their events). */
export async function markInboxDone(trx: Db, token: string, ids: string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable("exact_inbox")
    .set({ status: "done", processed_at: now, claim_token: null, claimed_until: null, last_error: null })
    .where("claim_token", "=", token)
    .where("id", "in", ids)
    .execute();
}

/** Gives claimed rows back to be retried at `retryAt`, or marks them failed once they have had enough attempts. */
export async function releaseInboxEvents(db: Db, token: string, ids: string[], error: string, retryAt: number, maxAttempts: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("exact_inbox")
    .set((eb) => ({
      status: eb.case().when("attempts", ">=", maxAttempts).then("failed").else("pending").end(),
      claim_token: null,
      claimed_until: null,
      next_attempt_at: retryAt,
      last_error: error.slice(0, 500),
    }))
    .where("claim_token", "=", token)
    .where("id", "in", ids)
    .execute();
}

export async function countInbox(db: Db, status?: string): Promise<number> {
  let query = db.selectFrom("exact_inbox").select((eb) => eb.fn.countAll<number>().as("n"));
  if (status) query = query.where("status", "=", status);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Done rows are kept a day for inspection, then swept. */
export async function deleteProcessedInboxEvents(db: Db, before: number): Promise<void> {
  await db.deleteFrom("exact_inbox").where("status", "=", "done").where("processed_at", "<", before).execute();
}

function toEvent(row: ExactInboxTable): InboxEvent {
  return {
    id: row.id,
    division: Number(row.division),
    topic: row.topic,
    action: row.action as ExactAction,
    key: row.entity_key,
    eventCreatedOn: row.event_created_on,
    attempts: Number(row.attempts),
    receivedAt: Number(row.received_at),
  };
}
