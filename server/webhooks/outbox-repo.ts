import { PostgresAdapter, sql } from "kysely";
import type { Db } from "../storage/database";
import type { WebhookDeliveriesTable, WebhookDeliveryAttemptsTable, WebhookEventsTable } from "../storage/schema";

export type DeliveryStatus = "pending" | "retrying" | "delivered" | "failed";
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "retrying", "delivered", "failed"];

export type EventRow = WebhookEventsTable;
export type NewDeliveryRow = Omit<WebhookDeliveriesTable, "seq">;

/** Rows per INSERT: far below SQLite's bound-parameter limit whatever the batch size. */
const INSERT_CHUNK = 200;

/** Writes events and their deliveries through the producer's transaction (the outbox's whole point). */
export async function insertEventsAndDeliveries(trx: Db, events: EventRow[], deliveries: NewDeliveryRow[]): Promise<void> {
  for (let i = 0; i < events.length; i += INSERT_CHUNK) await trx.insertInto("webhook_events").values(events.slice(i, i + INSERT_CHUNK)).execute();
  for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) await trx.insertInto("webhook_deliveries").values(deliveries.slice(i, i + INSERT_CHUNK)).execute();
}

export interface ClaimedDelivery {
  seq: number;
  id: string;
  endpointId: string;
  eventId: string;
  orderKey: string;
  attempts: number;
  retryBase: number;
}

// One arbitrary constant: the advisory lock that serialises claims on PostgreSQL (see claimDeliveries).
const CLAIM_LOCK_KEY = 7_301_946_221;

/** How a claim shares itself between endpoints. */
export interface ClaimFairness {
  /** Rows of one endpoint, at most, in this claim. */
  perEndpoint: number;
  /** Endpoints that already have enough rows claimed by this worker: none of theirs this time. */
  skipEndpoints: readonly string[];
}

/** Rows looked at per claim, per row claimed: room for several endpoints' rows behind one's backlog. */
const CANDIDATES_PER_ROW = 4;

/**
 * Claims up to `limit` due deliveries for `workerId` until `now + leaseMs`, oldest first, at most
 * `fairness.perEndpoint` of one endpoint and none of `fairness.skipEndpoints` (so one endpoint's backlog
 * cannot fill a claim, nor the worker, while another endpoint's event waits behind it). A row is due when
 * its time has come, nobody holds a live claim on it, its endpoint is enabled, and no earlier row of its
 * (endpoint, order key) is still open and either waiting for a retry or held by a worker: so a key's rows
 * are claimed as a prefix run, in order, by one worker at a time, and a retrying row holds back the rows
 * behind it. The set of due rows is closed downwards per key, and so is each step below (the first rows
 * by `seq`, the first rows of each endpoint by `seq`, the first of those by `seq`): claims take whole prefixes.
 *
 * SQLite: one conditional UPDATE … RETURNING (SQLite runs one writer at a time, so it is atomic).
 * PostgreSQL: the same UPDATE over `FOR UPDATE SKIP LOCKED` rows, after a transaction-level advisory lock.
 * SKIP LOCKED alone lets two instances claim different rows of one key at the same moment (each sees the
 * other's claim as not yet committed) and deliver them out of order; the lock makes each claim see the
 * last one's. A claim is one short statement, so the serialisation costs little next to the HTTP calls.
 */
export async function claimDeliveries(db: Db, workerId: string, now: number, leaseMs: number, limit: number, fairness: ClaimFairness): Promise<ClaimedDelivery[]> {
  const until = now + leaseMs;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const skipped = fairness.skipEndpoints.length > 0 ? sql`and d.endpoint_id not in (${sql.join([...fairness.skipEndpoints])})` : sql``;
  // PostgreSQL allows no row lock next to a window function: the lock is taken one level down, on the candidates.
  const statement = (lockClause: ReturnType<typeof sql.raw>) => sql<{
    seq: number;
    id: string;
    endpoint_id: string;
    event_id: string;
    order_key: string;
    attempts: number;
    retry_base: number;
  }>`
    update webhook_deliveries set claimed_by = ${workerId}, claimed_until = ${until}
    where seq in (
      select ranked.seq from (
        select c.seq, row_number() over (partition by c.endpoint_id order by c.seq) as endpoint_rank
        from (
          select d.seq, d.endpoint_id from webhook_deliveries d
          join webhook_endpoints e on e.id = d.endpoint_id and e.disabled_at is null
          where d.status in ('pending', 'retrying') and d.next_attempt_at <= ${now}
            and (d.claimed_until is null or d.claimed_until < ${now})
            ${skipped}
            and not exists (
              select 1 from webhook_deliveries b
              where b.endpoint_id = d.endpoint_id and b.order_key = d.order_key and b.seq < d.seq
                and b.status in ('pending', 'retrying')
                and (b.next_attempt_at > ${now} or b.claimed_until >= ${now})
            )
          order by d.seq
          limit ${limit * CANDIDATES_PER_ROW}
          ${lockClause}
        ) c
      ) ranked
      where ranked.endpoint_rank <= ${fairness.perEndpoint}
      order by ranked.seq
      limit ${limit}
    )
    returning seq, id, endpoint_id, event_id, order_key, attempts, retry_base`;
  const result = postgres
    ? await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`.execute(trx);
        return statement(sql.raw("for update of d skip locked")).execute(trx);
      })
    : await statement(sql.raw("")).execute(db);
  return result.rows
    .map((row) => ({
      seq: Number(row.seq),
      id: row.id,
      endpointId: row.endpoint_id,
      eventId: row.event_id,
      orderKey: row.order_key,
      attempts: Number(row.attempts),
      retryBase: Number(row.retry_base),
    }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Extends this worker's claims (a long run of one key, or rows waiting for a request slot, outlive the
 * first lease). Returns how many rows are still this worker's: fewer than asked means a lease ran out
 * and another worker took rows over.
 */
export async function renewClaims(db: Db, workerId: string, seqs: readonly number[], until: number): Promise<number> {
  if (seqs.length === 0) return 0;
  const result = await db.updateTable("webhook_deliveries").set({ claimed_until: until }).where("seq", "in", [...seqs]).where("claimed_by", "=", workerId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Gives rows back without an attempt (behind a failed row of their key, or at shutdown). */
export async function releaseClaims(db: Db, workerId: string, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db.updateTable("webhook_deliveries").set({ claimed_by: null, claimed_until: null }).where("seq", "in", [...seqs]).where("claimed_by", "=", workerId).execute();
}

/** Every claim a worker still holds (a stopping process, once its work settled): another instance takes them at once. */
export async function releaseWorkerClaims(db: Db, workerId: string): Promise<void> {
  await db.updateTable("webhook_deliveries").set({ claimed_by: null, claimed_until: null }).where("claimed_by", "=", workerId).execute();
}

export async function findEvents(db: Db, ids: readonly string[]): Promise<Map<string, EventRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("webhook_events").selectAll().where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export interface AttemptRecord {
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export type AttemptOutcome = { status: "delivered" } | { status: "retrying"; nextAttemptAt: number } | { status: "failed" };

/**
 * Writes one attempt's outcome and releases the claim, only while `workerId` still holds the row (a
 * worker whose lease ran out and was taken over must not overwrite the new holder's state). Returns the
 * attempt row to insert (insertAttempts, in the same transaction), or undefined when the row was no
 * longer this worker's.
 */
export async function finishAttempt(
  trx: Db,
  delivery: ClaimedDelivery,
  workerId: string,
  attempt: AttemptRecord,
  outcome: AttemptOutcome,
  now: number,
): Promise<WebhookDeliveryAttemptsTable | undefined> {
  const attemptNumber = delivery.attempts + 1;
  const result = await trx
    .updateTable("webhook_deliveries")
    .set({
      status: outcome.status,
      attempts: attemptNumber,
      next_attempt_at: outcome.status === "retrying" ? outcome.nextAttemptAt : now,
      claimed_by: null,
      claimed_until: null,
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
      delivered_at: outcome.status === "delivered" ? now : null,
      updated_at: now,
    })
    .where("seq", "=", delivery.seq)
    .where("claimed_by", "=", workerId)
    .where("attempts", "=", delivery.attempts)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return {
    delivery_id: delivery.id,
    attempt: attemptNumber,
    started_at: attempt.startedAt,
    duration_ms: attempt.durationMs,
    status_code: attempt.statusCode,
    error: attempt.error,
    response_excerpt: attempt.responseExcerpt,
  };
}

export async function insertAttempts(trx: Db, attempts: WebhookDeliveryAttemptsTable[]): Promise<void> {
  for (let i = 0; i < attempts.length; i += INSERT_CHUNK) await trx.insertInto("webhook_delivery_attempts").values(attempts.slice(i, i + INSERT_CHUNK)).execute();
}

export interface DeliveryView {
  seq: number;
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const deliveryColumns = [
  "d.seq",
  "d.id",
  "d.endpoint_id",
  "d.event_id",
  "e.type",
  "d.status",
  "d.attempts",
  "d.next_attempt_at",
  "d.last_status_code",
  "d.last_error",
  "d.delivered_at",
  "d.created_at",
  "d.updated_at",
] as const;

function toDeliveryView(row: {
  seq: number;
  id: string;
  endpoint_id: string;
  event_id: string;
  type: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}): DeliveryView {
  const status = row.status as DeliveryStatus;
  const open = status === "pending" || status === "retrying";
  return {
    seq: Number(row.seq),
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.type,
    status,
    attempts: Number(row.attempts),
    nextAttemptAt: open ? Number(row.next_attempt_at) : null,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: row.last_error,
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The delivery log, newest first: `beforeSeq` is the cursor (the last row of the previous page). */
export async function listDeliveries(db: Db, filter: { endpointId?: string; status?: DeliveryStatus; beforeSeq?: number; limit: number }): Promise<DeliveryView[]> {
  let query = db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_events as e", "e.id", "d.event_id")
    .select(deliveryColumns)
    .orderBy("d.seq", "desc")
    .limit(filter.limit);
  if (filter.endpointId) query = query.where("d.endpoint_id", "=", filter.endpointId);
  if (filter.status) query = query.where("d.status", "=", filter.status);
  if (filter.beforeSeq !== undefined) query = query.where("d.seq", "<", filter.beforeSeq);
  return (await query.execute()).map(toDeliveryView);
}

export async function findDelivery(db: Db, id: string): Promise<DeliveryView | undefined> {
  const row = await db.selectFrom("webhook_deliveries as d").innerJoin("webhook_events as e", "e.id", "d.event_id").select(deliveryColumns).where("d.id", "=", id).executeTakeFirst();
  return row && toDeliveryView(row);
}

export type AttemptRow = WebhookDeliveryAttemptsTable;

/** Every recorded attempt of these deliveries, oldest first. */
export async function attemptsOf(db: Db, deliveryIds: readonly string[]): Promise<Map<string, AttemptRow[]>> {
  const byDelivery = new Map<string, AttemptRow[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db.selectFrom("webhook_delivery_attempts").selectAll().where("delivery_id", "in", [...deliveryIds]).orderBy("attempt", "asc").execute();
  for (const row of rows) {
    const list = byDelivery.get(row.delivery_id) ?? [];
    list.push(row);
    byDelivery.set(row.delivery_id, list);
  }
  return byDelivery;
}

/**
 * A manual retry starts the delivery's schedule over: due now, then the usual retries. It keeps its
 * place (`seq`) in its key's order. A row a worker holds right now is left to that worker.
 */
export async function restartDelivery(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("webhook_deliveries")
    .set((eb) => ({ status: "pending", retry_base: eb.ref("attempts"), next_attempt_at: now, delivered_at: null, updated_at: now }))
    .where("id", "=", id)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
