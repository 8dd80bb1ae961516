/**
 * The one way to read lists from Exact: page after page, following Exact's `__next` links. Resources, the
 * event fetcher, the sync reader and the poller all read through here, so the rules hold everywhere:
 * - a `__next` link is followed only to Exact's own host: the bearer token must never go elsewhere;
 * - at most `maxPages` calls, whatever links Exact sends (an Exact answering one record and another
 *   `__next` once cost a list 500 calls);
 * - every page is parsed by `parseExactList`: a malformed one is a 502 PROVIDER_ERROR, never an empty list.
 */
import { MorphError } from "../../errors";
import type { Connection } from "../../storage/connections-repo";
import type { CallOptions, ExactApiClient } from "./api-client";
import { parseExactList } from "./exact-schemas";
import type { ExactRecord } from "./models/types";

export interface PageRequest {
  /** `/api/v1/{division}/…`, as for `ExactApiClient.call`. */
  url: string;
  query?: Record<string, string | undefined>;
}

export interface ReadOptions extends Pick<CallOptions, "operation" | "signal" | "background"> {
  /** Calls at most; the last page's `next` then tells the caller that Exact had more. */
  maxPages: number;
}

export interface ExactPage {
  results: ExactRecord[];
  /** Exact's link to the following page; undefined on the last one. */
  next: string | undefined;
}

/**
 * Exact's pages of one list, one call each, as the caller asks for them: a caller that stops iterating
 * (it has enough) makes no further call.
 */
export async function* readPages(exact: ExactApiClient, connection: Connection, request: PageRequest, options: ReadOptions): AsyncGenerator<ExactPage> {
  const { maxPages, ...callOptions } = options;
  let url = request.url;
  let query = request.query;
  for (let page = 1; ; page++) {
    const response = await exact.call(connection, { url, query }, callOptions);
    const { results, next } = parseExactList(response.body);
    yield { results, next };
    if (!next || page >= maxPages) return;
    if (!next.startsWith(`${exact.baseUrl(connection)}/`)) throw new MorphError("PROVIDER_ERROR", "Exact Online sent a __next link to another host.");
    // Exact's link carries the whole query ($skiptoken included).
    url = next;
    query = undefined;
  }
}
