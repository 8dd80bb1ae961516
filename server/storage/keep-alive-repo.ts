import { sql } from "kysely";
import type { Db } from "./database";

/**
 * The keep-alive job's reads (server/connectors/exact-online/keep-alive.ts). Only `connected` rows: a pending
 * connection has no tokens, one that needs re-authorization has none that work.
 */

/**
 * How many connections are connected, and how many of them were last refreshed at or before `urgentBefore`
 * (one never refreshed, which migration 010 and every code exchange rule out, is due but not urgent).
 */
export async function keepAliveCounts(db: Db, urgentBefore: number): Promise<{ connected: number; urgent: number }> {
  const row = await db
    .selectFrom("connections")
    .select([
      sql<number>`count(*)`.as("connected"),
      sql<number>`sum(case when last_refreshed_at <= ${urgentBefore} then 1 else 0 end)`.as("urgent"),
    ])
    .where("status", "=", "connected")
    .executeTakeFirst();
  return { connected: Number(row?.connected ?? 0), urgent: Number(row?.urgent ?? 0) };
}

/**
 * Connected connections last refreshed at or before `refreshedBefore` (never: first) whose access token Exact
 * would let us refresh by `refreshableBy` and whose refresh lease is free, the longest unrefreshed first.
 */
export async function dueForKeepAlive(
  db: Db,
  { refreshedBefore, refreshableBy, now, limit }: { refreshedBefore: number; refreshableBy: number; now: number; limit: number },
): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom("connections")
    .select("id")
    .where("status", "=", "connected")
    .where((eb) => eb.or([eb("last_refreshed_at", "is", null), eb("last_refreshed_at", "<=", refreshedBefore)]))
    .where("access_token_expires_at", "<=", refreshableBy)
    .where((eb) => eb.or([eb("refresh_lock_until", "is", null), eb("refresh_lock_until", "<", now)]))
    .orderBy("last_refreshed_at", (ob) => ob.asc().nullsFirst())
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
