import { sql } from "kysely";
import type { RefreshLease } from "../storage/connections-repo";
import type { Db } from "../storage/database";

/** The re-encryption job's queries: pages by id (keyset, so rows written meanwhile neither repeat nor shift the pages). */

export async function connectionTokensPage(db: Db, afterId: string, limit: number): Promise<Array<{ id: string; tokens: string }>> {
  const rows = await db
    .selectFrom("connections")
    .select(["id", "tokens"])
    .where("status", "!=", "pending")
    .where("tokens", "is not", null)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, tokens: row.tokens! }));
}

/**
 * Stores the same pair sealed under the new key and releases the lease, only while the lease is still ours over
 * the pair it was taken on: a refresh or reconnect that stored a new pair meanwhile wins, and this row is retried.
 * `updated_at` stays: nothing the backend sees has changed.
 */
export async function storeReencryptedTokens(db: Db, lease: RefreshLease, tokens: string): Promise<boolean> {
  const result = await db
    .updateTable("connections")
    .set({ tokens, refresh_lock_until: null })
    .where("id", "=", lease.connectionId)
    .where("refresh_lock_until", "=", lease.until)
    .where("tokens", "=", lease.tokens)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface EndpointSecrets {
  id: string;
  secret: string;
  previousSecret: string | null;
}

export async function endpointSecretsPage(db: Db, afterId: string, limit: number): Promise<EndpointSecrets[]> {
  const rows = await db.selectFrom("webhook_endpoints").select(["id", "secret", "previous_secret"]).where("id", ">", afterId).orderBy("id").limit(limit).execute();
  return rows.map((row) => ({ id: row.id, secret: row.secret, previousSecret: row.previous_secret }));
}

/** Compare-and-swap: only if neither secret changed since they were read (a rotation meanwhile wins; the row is retried). */
export async function storeReencryptedSecrets(db: Db, read: EndpointSecrets, next: { secret: string; previousSecret: string | null }): Promise<boolean> {
  const result = await db
    .updateTable("webhook_endpoints")
    .set({ secret: next.secret, previous_secret: next.previousSecret })
    .where("id", "=", read.id)
    .where("secret", "=", read.secret)
    .where(read.previousSecret === null ? sql<boolean>`previous_secret is null` : sql<boolean>`previous_secret = ${read.previousSecret}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
