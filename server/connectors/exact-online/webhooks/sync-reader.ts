/**
 * Exact's sync endpoints: `sync/{Service}/{Entity}?$select=…&$filter=Timestamp gt 123L`, 1000 records a
 * call, ordered by Timestamp (a row version that grows on every insert and change), and `sync/Deleted`
 * for what was removed. Exact: "When you use the sync or delete api for the first time for a particular
 * division, filter on timestamp greater than 1."
 */
import { MorphError } from "../../../errors";
import type { Connection } from "../../../storage/connections-repo";
import type { ExactApiClient } from "../api-client";
import type { ExactRecord } from "../models/types";
import { listPage } from "./record-fetcher";

export const FIRST_TIMESTAMP = "1";
/** A poll reads at most this many pages per entity (10,000 records); the cursor carries on next time. */
const MAX_PAGES_PER_POLL = 10;

export interface SyncPage {
  records: ExactRecord[];
  /** The highest Timestamp of this page: the cursor once the page is processed. */
  cursor: string;
}

/** The pages changed after `after`, one at a time, so each is processed and its cursor stored before the next. */
export async function* readSyncPages(exact: ExactApiClient, connection: Connection, path: string, select: readonly string[], after: string): AsyncGenerator<SyncPage> {
  let url = `/api/v1/{division}/${path}`;
  let query: Record<string, string> | undefined = {
    $select: [...new Set([...select, "Timestamp"])].join(","),
    $filter: `Timestamp gt ${after}L`,
  };
  let cursor = after;
  for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
    const response = await exact.call(connection, { url, query }, { operation: `${path}::sync`, background: true });
    const { results, next } = listPage(response.body);
    for (const record of results) cursor = maxTimestamp(cursor, record.Timestamp);
    if (results.length > 0) yield { records: results, cursor };
    if (!next) return;
    if (!next.startsWith(`${exact.baseUrl(connection)}/`)) throw new MorphError("PROVIDER_ERROR", "Exact Online sent a __next link to another host.");
    url = next;
    query = undefined;
  }
}

/** Int64 row versions compared as integers (BigInt: beyond 2^53 a number would round). */
export function maxTimestamp(current: string, value: unknown): string {
  const text = typeof value === "number" ? String(Math.trunc(value)) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,19}$/.test(text)) return current;
  return BigInt(text) > BigInt(current) ? text : current;
}
