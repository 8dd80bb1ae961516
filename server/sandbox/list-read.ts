/** One page of a list GET as Exact answers it, shared by the regular, bulk and sync endpoints. */
import type { EntityContext, EntityDef } from "./entity-types";
import { badRequest } from "./errors";
import { filterFields } from "./odata-filter";
import type { ListQuery } from "./odata-query";
import { PAGE_SIZE, runListQuery, serializeRow } from "./odata-query";
import type { Row } from "./state";

export interface ListRead {
  entity: EntityDef;
  /** the path the call was made to, e.g. "crm/Contacts" or "bulk/CRM/Contacts", for `__next` */
  path: string;
  rows: Row[];
  query: ListQuery;
  /** the call's own query parameters, carried over into `__next` */
  rawQuery: Record<string, string>;
  ctx: EntityContext;
  publicUrl: string;
  related: (entityPath: string) => EntityDef | undefined;
  pageSize?: number;
}

export function listBody(read: ListRead): { d: Record<string, unknown> } {
  const { entity, query, ctx } = read;
  const page = runListQuery(entity, read.rows, query, read.pageSize ?? PAGE_SIZE);
  const d: Record<string, unknown> = {};
  if (query.inlineCount) d.__count = String(page.total);
  d.results = page.rows.map((row) => serializeRow(entity, row, { select: query.select, expand: query.expand, ctx, publicUrl: read.publicUrl, related: read.related }));
  if (page.nextSkipToken) d.__next = nextLink(read, page.nextSkipToken, page.remainingTop);
  return { d };
}

/** Exact's `__next`: the same call with `$skiptoken` (the last key served) and what is left of `$top`. */
function nextLink(read: ListRead, skipToken: string, remainingTop: number | undefined): string {
  const encode = (text: string): string => encodeURIComponent(text).replace(/%24/g, "$");
  const params = Object.entries(read.rawQuery).filter(([name]) => name !== "$skiptoken" && name !== "$top");
  if (remainingTop !== undefined) params.push(["$top", String(remainingTop)]);
  params.push(["$skiptoken", skipToken]);
  return `${read.publicUrl}/api/v1/${read.ctx.division}/${read.path}?${params.map(([n, v]) => `${encode(n)}=${encode(v)}`).join("&")}`;
}

/**
 * Exact's mandatory filtering (crm/Accounts, logistics/Items since late 2022): a list GET must filter on
 * one of the entity's mandatory filter properties, or it is refused. Exact applies it "on single and bulk
 * endpoints where sync APIs are available".
 */
export function assertMandatoryFilter(entity: EntityDef, query: ListQuery): void {
  // Exact names them alphabetically, whatever the order of the properties.
  const required = Object.entries(entity.fields).filter(([, spec]) => spec.mandatoryFilter).map(([name]) => name).sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
  if (required.length === 0) return;
  const named = query.filter ? filterFields(query.filter) : new Set<string>();
  if (required.some((name) => named.has(name))) return;
  throw badRequest(
    `This endpoint has mandatory filtering applied. A GET request for this endpoint must have a $filter parameter with one of the following fields in the url:${required.join(",")}`,
  );
}
