/**
 * Exact's sync endpoints: `sync/{Service}/{Entity}?$select=…&$filter=Timestamp gt 123L`, 1000 records a
 * call, ordered by Timestamp (a row version that grows on every insert and change), and `sync/Deleted`
 * for what was removed. Exact: "When you use the sync or delete api for the first time for a particular
 * division, filter on timestamp greater than 1."
 */
import type { Connection } from "../../../storage/connections-repo";
import type { ExactApiClient } from "../api-client";
import { readPages } from "../exact-reader";
import type { ExactRecord } from "../models/types";

export const FIRST_TIMESTAMP = "1";
/** A poll reads at most this many pages per entity (10,000 records); the cursor carries on next time. */
const MAX_PAGES_PER_POLL = 10;

export interface SyncPage {
  records: ExactRecord[];
  /** The highest Timestamp of this page: the cursor once the page is processed. */
  cursor: string;
  /** Exact has more after this page: the last page of a poll that stopped at its page cap, read on next time. */
  more: boolean;
}

/** The pages changed after `after`, one at a time, so each is processed and its cursor stored before the next. */
export async function* readSyncPages(exact: ExactApiClient, connection: Connection, path: string, select: readonly string[], after: string): AsyncGenerator<SyncPage> {
  const request = {
    url: `/api/v1/{division}/${path}`,
    query: { $select: [...new Set([...select, "Timestamp"])].join(","), $filter: `Timestamp gt ${after}L` },
  };
  let cursor = after;
  for await (const { results, next } of readPages(exact, connection, request, { operation: `${path}::sync`, background: true, maxPages: MAX_PAGES_PER_POLL })) {
    for (const record of results) cursor = maxTimestamp(cursor, record.Timestamp);
    if (results.length > 0) yield { records: results, cursor, more: next !== undefined };
  }
}

/** Int64 row versions compared as integers (BigInt: beyond 2^53 a number would round). */
export function maxTimestamp(current: string, value: unknown): string {
  const text = typeof value === "number" ? String(Math.trunc(value)) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,19}$/.test(text)) return current;
  return BigInt(text) > BigInt(current) ? text : current;
}
