/** `$select`, `$top`, `$orderby`, `$skiptoken`, `$inlinecount`, `$expand` over a table, and Exact's JSON shape of a row. */
import { toExactDate } from "./dates";
import type { EntityContext, EntityDef } from "./entity-types";
import { fieldOf, navigationOf } from "./entity-types";
import type { FilterNode } from "./odata-filter";
import { ODataQueryError, evaluateFilter, parseFilter } from "./odata-filter";
import type { Row } from "./state";

/** Exact's page size for ordinary endpoints. */
export const PAGE_SIZE = 60;
/** Bulk and sync endpoints: "This bulk service has a page size of 1000." */
export const BULK_PAGE_SIZE = 1000;

export interface ListQuery {
  filter?: FilterNode;
  select?: string[];
  top?: number;
  orderBy?: { field: string; descending: boolean };
  inlineCount: boolean;
  skipToken?: string;
  expand: string[];
}

const knownName = (entity: EntityDef, name: string): boolean => fieldOf(entity, name) !== undefined || navigationOf(entity, name) !== undefined;

export function parseSelect(entity: EntityDef, raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === "" || raw.trim() === "*") return undefined;
  const names = raw.split(",").map((s) => s.trim());
  for (const name of names) {
    if (!knownName(entity, name)) throw new ODataQueryError(`$select: no property '${name}' exists on type '${entity.metadataType}'.`);
  }
  return names;
}

export function parseExpand(entity: EntityDef, raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [];
  const names = raw.split(",").map((s) => s.trim());
  for (const name of names) {
    if (!navigationOf(entity, name)) throw new ODataQueryError(`$expand: '${name}' is not a navigation property of '${entity.metadataType}'.`);
  }
  return names;
}

/** Exact's skip token is the last key of the previous page: `guid'…'` or a number. */
export function parseKeyLiteral(entity: EntityDef, raw: string): string {
  const guid = /^guid'([0-9a-f-]{36})'$/i.exec(raw);
  if (entity.keyType === "guid" && guid) return (guid[1] as string).toLowerCase();
  if (entity.keyType === "int" && /^\d+$/.test(raw)) return raw;
  throw new ODataQueryError(`Invalid key '${raw}' for '${entity.metadataType}'.`);
}

export function keyLiteral(entity: EntityDef, key: unknown): string {
  return entity.keyType === "guid" ? `guid'${String(key)}'` : String(key);
}

export function parseListQuery(entity: EntityDef, query: Record<string, string>): ListQuery {
  const result: ListQuery = { inlineCount: false, expand: parseExpand(entity, query.$expand) };
  const fieldType = (name: string) => fieldOf(entity, name)?.type;
  if (query.$filter !== undefined && query.$filter.trim() !== "") result.filter = parseFilter(query.$filter, fieldType);
  result.select = parseSelect(entity, query.$select);
  if (query.$top !== undefined) {
    if (!/^\d+$/.test(query.$top.trim())) throw new ODataQueryError("$top must be a non-negative integer.");
    result.top = Number(query.$top);
  }
  if (query.$orderby !== undefined && query.$orderby.trim() !== "") {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(query.$orderby);
    if (!match) throw new ODataQueryError("$orderby: the sandbox supports one property, optionally followed by asc or desc.");
    const field = match[1] as string;
    if (!fieldOf(entity, field)) throw new ODataQueryError(`$orderby: no property '${field}' exists on type '${entity.metadataType}'.`);
    result.orderBy = { field, descending: (match[2] ?? "asc").toLowerCase() === "desc" };
  }
  if (query.$inlinecount !== undefined) {
    if (query.$inlinecount !== "allpages" && query.$inlinecount !== "none") throw new ODataQueryError("$inlinecount must be allpages or none.");
    result.inlineCount = query.$inlinecount === "allpages";
  }
  if (query.$skiptoken !== undefined) result.skipToken = parseKeyLiteral(entity, query.$skiptoken);
  return result;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).toLowerCase() < String(b).toLowerCase() ? -1 : String(a).toLowerCase() > String(b).toLowerCase() ? 1 : 0;
}

export interface ListPage {
  rows: Row[];
  total: number;
  /** key of the last row when another page follows */
  nextSkipToken?: string;
  /** what is left of `$top` for the next page */
  remainingTop?: number;
}

/** Filters, sorts (by key unless `$orderby`) and cuts one page of `pageSize`; rows must already be views. */
export function runListQuery(entity: EntityDef, rows: Row[], query: ListQuery, pageSize = PAGE_SIZE): ListPage {
  const matching = query.filter ? rows.filter((row) => evaluateFilter(query.filter as FilterNode, row)) : [...rows];
  const keyOf = (row: Row): string => String(row[entity.key]);
  const byKey = (a: Row, b: Row): number => compareValues(entity.keyType === "int" ? Number(keyOf(a)) : keyOf(a), entity.keyType === "int" ? Number(keyOf(b)) : keyOf(b));
  const order = query.orderBy;
  matching.sort((a, b) => {
    if (order) {
      const c = compareValues(a[order.field], b[order.field]);
      if (c !== 0) return order.descending ? -c : c;
    }
    return byKey(a, b);
  });

  let start = 0;
  if (query.skipToken !== undefined) {
    const token = query.skipToken;
    if (order) {
      const index = matching.findIndex((row) => keyOf(row).toLowerCase() === token);
      start = index === -1 ? matching.length : index + 1;
    } else {
      // Keyed continuation survives deletions between pages, as a keyset cursor does.
      const tokenValue = entity.keyType === "int" ? Number(token) : token;
      start = matching.findIndex((row) => compareValues(entity.keyType === "int" ? Number(keyOf(row)) : keyOf(row), tokenValue) > 0);
      if (start === -1) start = matching.length;
    }
  }
  const limit = Math.min(pageSize, query.top ?? Infinity);
  const pageRows = matching.slice(start, start + limit);
  const remainingTop = query.top === undefined ? undefined : query.top - pageRows.length;
  const moreRows = start + pageRows.length < matching.length;
  const more = moreRows && pageRows.length > 0 && (remainingTop === undefined || remainingTop > 0);
  const last = pageRows[pageRows.length - 1];
  return {
    rows: pageRows,
    total: matching.length,
    nextSkipToken: more && last ? keyLiteral(entity, last[entity.key]) : undefined,
    remainingTop: more ? remainingTop : undefined,
  };
}

export interface SerializeOptions {
  select?: string[];
  expand: string[];
  publicUrl: string;
  ctx: EntityContext;
  related: (entityPath: string) => EntityDef | undefined;
}

/** One row as Exact sends it: `__metadata`, dates as "/Date(ms)/", navigation deferred unless expanded. */
export function serializeRow(entity: EntityDef, row: Row, options: SerializeOptions): Record<string, unknown> {
  const base = `${options.publicUrl}/api/v1/${options.ctx.division}/${entity.path}(${keyLiteral(entity, row[entity.key])})`;
  const out: Record<string, unknown> = { __metadata: { uri: base, type: entity.metadataType } };
  const names = options.select ?? [...Object.keys(entity.fields), ...Object.keys(entity.navigation ?? {})];
  for (const name of names) {
    const navigation = navigationOf(entity, name);
    if (navigation) {
      const target = options.related(navigation.entity);
      if (!options.expand.includes(name) || !target) {
        out[name] = { __deferred: { uri: `${base}/${name}` } };
        continue;
      }
      const children = [...target.table(options.ctx).values()]
        .filter((child) => child[navigation.foreignKey] === row[entity.key])
        .sort((a, b) => compareValues(a.LineNumber, b.LineNumber));
      out[name] = { results: children.map((child) => serializeRow(target, target.view?.(child, options.ctx) ?? child, { ...options, select: undefined, expand: [] })) };
      continue;
    }
    const value = row[name];
    out[name] = fieldOf(entity, name)?.type === "datetime" && typeof value === "number" ? toExactDate(value) : (value ?? null);
  }
  return out;
}
