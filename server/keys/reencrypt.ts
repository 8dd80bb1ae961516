import { LEASE_MS } from "../connectors/exact-online/token-manager";
import { MorphError } from "../errors";
import type { Keyring } from "../security/keyring";
import { isCurrent, seal, unseal } from "../security/sealed";
import { releaseRefreshLease, takeRefreshLease } from "../storage/connections-repo";
import type { Db } from "../storage/database";
import { connectionTokensPage, endpointSecretsPage, storeReencryptedSecrets, storeReencryptedTokens, type EndpointSecrets } from "./reencrypt-repo";

/**
 * `keys:reencrypt`: every stored provider token pair and webhook signing secret sealed again under the first key of
 * MORPH_ENCRYPTION_KEY, so that the older keys can then be removed. Safe while servers run:
 *
 * - A connection is re-sealed only under its refresh lease (the token manager's: one conditional UPDATE), and
 *   stored only if the lease is still ours over the same pair. A refresh in flight holds the lease, so its row is
 *   skipped and taken on the next pass; a refresh can never lose Exact's new pair to this job.
 * - A webhook endpoint's secrets are stored with a compare-and-swap on both ciphertexts: a rotation meanwhile wins.
 * - A value under a key that is not configured is left as is and counted `unreadable` (with its kid).
 */
export interface ReencryptCounts {
  reencrypted: number;
  /** Busy (lease held, or changed meanwhile): retried on the next pass. */
  skipped: number;
  alreadyCurrent: number;
  /** Under a key that is not configured: left untouched. */
  unreadable: number;
}

export interface ReencryptReport {
  connections: ReencryptCounts;
  webhookSecrets: ReencryptCounts;
  /** The kids of values no configured key opens (null: stored before key ids). */
  unknownKids: Array<string | null>;
}

export interface ReencryptOptions {
  batchSize?: number;
  now?: () => number;
  /** The refresh lease taken per connection; the token manager's by default. */
  leaseMs?: number;
}

const emptyCounts = (): ReencryptCounts => ({ reencrypted: 0, skipped: 0, alreadyCurrent: 0, unreadable: 0 });

/** One pass over every row. Run again while `skipped` is above zero. */
export async function reencryptPass(db: Db, keys: Keyring, options: ReencryptOptions = {}): Promise<ReencryptReport> {
  const batchSize = options.batchSize ?? 100;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const report: ReencryptReport = { connections: emptyCounts(), webhookSecrets: emptyCounts(), unknownKids: [] };
  const unreadable = (counts: ReencryptCounts, error: unknown) => {
    if (!(error instanceof MorphError && error.code === "UNAVAILABLE")) throw error;
    counts.unreadable += 1;
    const kid = (error.details?.kid ?? null) as string | null;
    if (!report.unknownKids.includes(kid)) report.unknownKids.push(kid);
  };

  for (let after = ""; ; ) {
    const page = await connectionTokensPage(db, after, batchSize);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    for (const row of page) {
      const counts = report.connections;
      if (isCurrent(keys, row.tokens)) {
        counts.alreadyCurrent += 1;
        continue;
      }
      const { lease } = await takeRefreshLease(db, row.id, now(), leaseMs);
      if (!lease) {
        counts.skipped += 1;
        continue;
      }
      try {
        if (isCurrent(keys, lease.tokens)) {
          counts.alreadyCurrent += 1;
          continue;
        }
        const resealed = await seal(keys, await unseal(keys, lease.tokens));
        if (await storeReencryptedTokens(db, lease, resealed)) counts.reencrypted += 1;
        else counts.skipped += 1;
      } catch (error) {
        unreadable(counts, error);
      } finally {
        // A no-op once the store above released it.
        await releaseRefreshLease(db, lease);
      }
    }
  }

  for (let after = ""; ; ) {
    const page = await endpointSecretsPage(db, after, batchSize);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    for (const endpoint of page) {
      const counts = report.webhookSecrets;
      if (isCurrent(keys, endpoint.secret) && (endpoint.previousSecret === null || isCurrent(keys, endpoint.previousSecret))) {
        counts.alreadyCurrent += 1;
        continue;
      }
      try {
        const next = { secret: await reseal(keys, endpoint.secret), previousSecret: endpoint.previousSecret === null ? null : await reseal(keys, endpoint.previousSecret) };
        if (await storeReencryptedSecrets(db, endpoint satisfies EndpointSecrets, next)) counts.reencrypted += 1;
        else counts.skipped += 1;
      } catch (error) {
        unreadable(counts, error);
      }
    }
  }
  return report;
}

async function reseal(keys: Keyring, jwe: string): Promise<string> {
  return isCurrent(keys, jwe) ? jwe : seal(keys, await unseal(keys, jwe));
}

/**
 * Passes until nothing is skipped (a lease held by a refresh is free again within seconds), at most `maxPasses`.
 * The counts add up over the passes; `alreadyCurrent` and `unreadable` are those of the last pass.
 */
export async function reencryptAll(
  db: Db,
  keys: Keyring,
  options: ReencryptOptions & { maxPasses?: number; pauseMs?: number; onPass?: (pass: number, report: ReencryptReport) => void } = {},
): Promise<ReencryptReport & { passes: number }> {
  const maxPasses = options.maxPasses ?? 5;
  const total: ReencryptReport = { connections: emptyCounts(), webhookSecrets: emptyCounts(), unknownKids: [] };
  for (let pass = 1; ; pass++) {
    const report = await reencryptPass(db, keys, options);
    options.onPass?.(pass, report);
    for (const kind of ["connections", "webhookSecrets"] as const) {
      total[kind].reencrypted += report[kind].reencrypted;
      total[kind].skipped = report[kind].skipped;
      total[kind].alreadyCurrent = report[kind].alreadyCurrent;
      total[kind].unreadable = report[kind].unreadable;
    }
    total.unknownKids = report.unknownKids;
    const busy = report.connections.skipped + report.webhookSecrets.skipped;
    if (busy === 0 || pass >= maxPasses) return { ...total, passes: pass };
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 2_000));
  }
}
