/**
 * Reads many records by key in few calls: one `$filter=ID eq guid'…' or ID eq guid'…'` per chunk instead
 * of one GET per record. Exact's regular pages hold 60 records, and URLs past a couple of thousand
 * characters are refused by proxies on the way, so a chunk stays under both.
 */
import { MorphError } from "../../../errors";
import type { Connection } from "../../../storage/connections-repo";
import type { ExactApiClient } from "../api-client";
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
  for (const chunk of keyChunks(mapping, keys)) {
    const filter = chunk.map((key) => `${mapping.keyField} eq ${mapping.keyLiteral(key)}`).join(" or ");
    let url = `/api/v1/{division}/${mapping.endpoint}`;
    let query: Record<string, string | undefined> | undefined = { $filter: filter, $expand: mapping.expand };
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await exact.call(connection, { url, query }, { operation: `${mapping.model}::list`, background: true });
      const { results, next } = listPage(response.body);
      for (const record of results) found.set(String(record[mapping.keyField]).toLowerCase(), record);
      if (!next) break;
      // Only ever to Exact: the bearer token must not follow a link elsewhere.
      if (!next.startsWith(`${exact.baseUrl(connection)}/`)) throw new MorphError("PROVIDER_ERROR", "Exact Online sent a __next link to another host.");
      url = next;
      query = undefined;
    }
  }
  return found;
}

const isRecord = (value: unknown): value is ExactRecord => typeof value === "object" && value !== null && !Array.isArray(value);

export function listPage(body: unknown): { results: ExactRecord[]; next: string | undefined } {
  const d = isRecord(body) ? body.d : undefined;
  if (!isRecord(d) || !Array.isArray(d.results) || !d.results.every(isRecord) || (d.__next !== undefined && typeof d.__next !== "string")) {
    throw new MorphError("PROVIDER_ERROR", "Exact Online answered a list in an unexpected shape.");
  }
  return { results: d.results, next: d.__next as string | undefined };
}
