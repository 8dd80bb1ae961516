import type { Db } from "./database";

/** How long a key and its answer are kept (DESIGN.md: 24 h, per owner). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyScope {
  connectorId: string;
  ownerId: string;
  key: string;
}

export type ClaimResult =
  | { kind: "claimed" }
  | { kind: "conflict" }
  | { kind: "in_progress" }
  | { kind: "replay"; status: number; body: string };

/**
 * Takes the key for this request, or tells what happened to it before. The insert is the lock
 * (`ON CONFLICT DO NOTHING` on the primary key): of two simultaneous requests exactly one claims it.
 */
export async function claimKey(db: Db, scope: IdempotencyScope, requestHash: string, now: number): Promise<ClaimResult> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insertInto("idempotency_keys")
      .values({
        connector_id: scope.connectorId,
        owner_id: scope.ownerId,
        idempotency_key: scope.key,
        request_hash: requestHash,
        status: "pending",
        response_status: null,
        response_body: null,
        created_at: now,
        expires_at: now + IDEMPOTENCY_TTL_MS,
      })
      .onConflict((oc) => oc.columns(["connector_id", "owner_id", "idempotency_key"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: "claimed" };
    const row = await whereKey(db.selectFrom("idempotency_keys").selectAll(), scope).executeTakeFirst();
    if (!row) continue; // released meanwhile: try to claim again
    if (Number(row.expires_at) <= now) {
      // Past its 24 h: the key is free again.
      await whereKey(db.deleteFrom("idempotency_keys"), scope).where("expires_at", "<=", now).execute();
      continue;
    }
    if (row.request_hash !== requestHash) return { kind: "conflict" };
    if (row.status !== "done" || row.response_status === null) return { kind: "in_progress" };
    return { kind: "replay", status: Number(row.response_status), body: row.response_body ?? "" };
  }
  return { kind: "in_progress" };
}

/** Records the first request's answer; later requests with the key get it back. */
export async function completeKey(db: Db, scope: IdempotencyScope, response: { status: number; body: string }): Promise<void> {
  await whereKey(db.updateTable("idempotency_keys"), scope)
    .set({ status: "done", response_status: response.status, response_body: response.body })
    .where("status", "=", "pending")
    .execute();
}

/** Frees the key when the request certainly changed nothing at Exact, so that a retry runs afresh. */
export async function releaseKey(db: Db, scope: IdempotencyScope): Promise<void> {
  await whereKey(db.deleteFrom("idempotency_keys"), scope).where("status", "=", "pending").execute();
}

export async function deleteExpiredIdempotencyKeys(db: Db, now: number): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("expires_at", "<=", now).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function whereKey<Q extends { where: (...args: any[]) => any }>(query: Q, scope: IdempotencyScope): Q {
  return query
    .where("connector_id", "=", scope.connectorId)
    .where("owner_id", "=", scope.ownerId)
    .where("idempotency_key", "=", scope.key) as Q;
}
