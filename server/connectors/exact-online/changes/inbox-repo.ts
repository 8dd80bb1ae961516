/**
 * The inbox of Exact's notifications: stored by the receiver before it answers 200, claimed and processed
 * after. A claim is a token and an expiry on the row: a process that dies holding rows loses nothing, the
 * claim runs out and another process takes them. On PostgreSQL the claim skips rows another transaction is
 * claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so its UPDATE is the whole claim.
 */
import { createHash, randomUUID } from "node:crypto";
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

/** Same division, topic, key, action and EventCreatedOn: the same notification, however often it is sent. */
export function notificationFingerprint(event: NewInboxEvent): string {
  return createHash("sha256").update(JSON.stringify([event.division, event.topic, event.key, event.action, event.eventCreatedOn])).digest("hex");
}

/**
 * Stores a notification unless it is a replay of one already stored (undefined then). A record's older
 * pending notifications that no processor holds give way to this one: the processor reads the record's
 * current state anyway, so one pending row per record is enough however often it changes, and a flood of
 * notifications costs one read. The survivor keeps the oldest place in the queue (a record that changes all
 * the time is not pushed back for ever), its retry schedule, and a Create among the notifications it replaces.
 * A row held by a processor stays: what it read may be older than this notification, so this one follows it.
 */
export async function storeInboxEvent(db: Db, event: NewInboxEvent, now: number): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const id = randomUUID();
    const inserted = await trx
      .insertInto("exact_inbox")
      .values({ ...newRow(id, event, now), fingerprint: notificationFingerprint(event) })
      .onConflict((oc) => oc.column("fingerprint").doNothing())
      .returning("id")
      .execute();
    if (inserted.length === 0) return undefined;
    const superseded = await trx
      .updateTable("exact_inbox")
      .set({ status: "superseded", processed_at: now })
      .where("division", "=", event.division)
      .where("topic", "=", event.topic)
      .where("entity_key", "=", event.key)
      .where("status", "=", "pending")
      .where("id", "!=", id)
      .where((w) => w.or([w("claimed_until", "is", null), w("claimed_until", "<", now)]))
      .returning(["action", "received_at", "attempts", "next_attempt_at"])
      .execute();
    if (superseded.length > 0) {
      const created = event.action === "Update" && superseded.some((row) => row.action === "Create");
      await trx
        .updateTable("exact_inbox")
        .set({
          received_at: Math.min(now, ...superseded.map((row) => Number(row.received_at))),
          // A retry that is backing off (Exact's rate limit, say) keeps waiting, and keeps counting its attempts.
          next_attempt_at: Math.max(now, ...superseded.map((row) => Number(row.next_attempt_at))),
          attempts: Math.max(0, ...superseded.map((row) => Number(row.attempts))),
          ...(created ? { action: "Create" } : {}),
        })
        .where("id", "=", id)
        .execute();
    }
    return id;
  });
}

/** Puts a row in the inbox as it is: no fingerprint, nothing collapsed (for tests that place a notification directly). */
export async function insertInboxEvent(db: Db, event: NewInboxEvent, now: number): Promise<string> {
  const id = randomUUID();
  await db.insertInto("exact_inbox").values(newRow(id, event, now)).execute();
  return id;
}

function newRow(id: string, event: NewInboxEvent, now: number) {
  return {
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
  };
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

/**
 * Gives claimed rows back untouched, as if never claimed (the attempt the claim counted is taken back): a stopping
 * process hands the rest of its batch to another instance at once instead of after the claim's expiry.
 */
export async function returnInboxEvents(db: Db, token: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("exact_inbox")
    .set((eb) => ({ claim_token: null, claimed_until: null, attempts: eb("attempts", "-", 1) }))
    .where("claim_token", "=", token)
    .where("id", "in", ids)
    .execute();
}

export async function countInbox(db: Db, status?: string): Promise<number> {
  let query = db.selectFrom("exact_inbox").select((eb) => eb.fn.countAll<number>().as("n"));
  if (status) query = query.where("status", "=", status);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Done and superseded rows are kept a day for inspection (and to recognise replays), then swept. */
export async function deleteProcessedInboxEvents(db: Db, before: number): Promise<void> {
  await db.deleteFrom("exact_inbox").where("status", "in", ["done", "superseded"]).where("processed_at", "<", before).execute();
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

/** Per topic, the latest arrival of a notification on the division that was given up on (status failed): a change nobody was told of. */
export async function lastFailedNotifications(db: Db, division: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("exact_inbox")
    .select((eb) => ["topic", eb.fn.max("received_at").as("received_at")])
    .where("division", "=", division)
    .where("status", "=", "failed")
    .groupBy("topic")
    .execute();
  return new Map(rows.map((row) => [row.topic, Number(row.received_at)]));
}
