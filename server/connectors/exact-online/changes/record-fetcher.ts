/**
 * Reads many records by key in few calls: one `$filter=ID eq guid'…' or ID eq guid'…'` per chunk instead
 * of one GET per record. Exact's regular pages hold 60 records, and URLs past a couple of thousand
 * characters are refused by proxies on the way, so a chunk stays under both.
 */
import type { Connection } from "../../../storage/connections-repo";
import type { ExactApiClient } from "../api-client";
import { readPages } from "../exact-reader";
import { ModelView } from "../model-view";
import type { ExactRecord, ModelMapping } from "../models/types";

/** Records per call: under Exact's page of 60, so one call answers one chunk. */
export const MAX_KEYS_PER_CALL = 40;
/** The `$filter` text per call, before URL encoding (a GUID clause is ~50 characters). */
const MAX_FILTER_CHARS = 1_800;
/** Defensive: a chunk never needs more pages than this. */
const MAX_PAGES = 3;

/** The keys, in chunks whose filters fit one call. Keys that are not valid for the model are dropped. */
export function keyChunks(mapping: ModelMapping, keys: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 0;
  for (const key of keys) {
    const literal = mapping.keyLiteral(key);
    if (!literal) continue;
    const clause = `${mapping.keyField} eq ${literal}`.length + 4;
    if (chunk.length > 0 && (chunk.length >= MAX_KEYS_PER_CALL || length + clause > MAX_FILTER_CHARS)) {
      chunks.push(chunk);
      chunk = [];
      length = 0;
    }
    chunk.push(key);
    length += clause;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Reads the records with these keys (whole records: `raw` is what Exact has; lines expanded where the model
 * reads them). A key missing from the answer is a record deleted meanwhile: its Delete event follows.
 */
export async function fetchByKeys(exact: ExactApiClient, connection: Connection, mapping: ModelMapping, keys: readonly string[]): Promise<Map<string, ExactRecord>> {
  const found = new Map<string, ExactRecord>();
  // The whole record, read once for every connection on the division: no connection's mapped fields to select.
  const wholeRecord = new ModelView(mapping).readQuery(true);
  for (const chunk of keyChunks(mapping, keys)) {
    const filter = chunk.map((key) => `${mapping.keyField} eq ${mapping.keyLiteral(key)}`).join(" or ");
    const request = { url: `/api/v1/{division}/${mapping.endpoint}`, query: { $filter: filter, ...wholeRecord } };
    for await (const { results } of readPages(exact, connection, request, { operation: `${mapping.model}::list`, background: true, maxPages: MAX_PAGES })) {
      for (const record of results) found.set(String(record[mapping.keyField]).toLowerCase(), record);
    }
  }
  return found;
}
