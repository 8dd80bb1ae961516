/**
 * Exact's read-a-lot endpoints: `bulk/…` (the regular records, 1000 a page) and `sync/…` (new and changed
 * records since a Timestamp, 1000 a page, ordered by it), plus `sync/Deleted`. All are GET only and need `$select`.
 * Sources: the Bulk*, Sync* and SyncDeleted pages of Exact's reference, as transcribed in Pi-Systems/exact-online
 * (src/Entity/Bulk, src/Entity/Sync); the `$select` error text from picqer/exact-php-client#62 and
 * websmurf/laravel-exact-online#30.
 */
import { syncDeleted } from "../connectors/exact-online/reference/sync-deleted";
import { ENTITIES, findEntity } from "./entities";
import type { EntityContext, EntityDef, FieldSpec } from "./entity-types";
import { fromReference } from "./entity-types";
import { ExactHttpError, badRequest } from "./errors";
import { listBody, assertMandatoryFilter } from "./list-read";
import { filterFields } from "./odata-filter";
import type { ListQuery } from "./odata-query";
import { BULK_PAGE_SIZE, parseListQuery } from "./odata-query";
import type { Row } from "./state";
import { TIMESTAMP } from "./sync-log";

export type ReadKind = "bulk" | "sync";

interface ReadCall {
  method: string;
  query: Record<string, string>;
  ctx: EntityContext;
  publicUrl: string;
}

/** The entity whose bulk or sync path this is (paths are case-insensitive, as all of Exact's). */
export function entityAt(kind: ReadKind, path: string): EntityDef | undefined {
  const wanted = path.toLowerCase();
  return [...ENTITIES.values()].find((entity) => entity[kind]?.toLowerCase() === wanted);
}

/** "It is mandatory to provide the $select query option"; Exact's 400 also lets `$top=1` through. */
function requireSelect(query: Record<string, string>): void {
  const select = query.$select?.trim();
  if ((select === undefined || select === "") && query.$top?.trim() !== "1") {
    throw badRequest("Please add a $select or a $top=1 statement to the query string.");
  }
}

function requireGet(method: string, path: string): void {
  if (method.toUpperCase() !== "GET") throw new ExactHttpError(405, `Method ${method} is not allowed on ${path}.`);
}

/** `bulk/CRM/Contacts` and the like: the regular endpoint's records and filters, 1000 a page, read only. */
export function bulkRead(entity: EntityDef, call: ReadCall): { d: Record<string, unknown> } {
  const path = entity.bulk as string;
  requireGet(call.method, path);
  requireSelect(call.query);
  const query = parseListQuery(entity, call.query);
  assertMandatoryFilter(entity, query);
  if (entity.bulkFilters && query.filter) {
    const allowed = entity.bulkFilters;
    const refused = [...filterFields(query.filter)].filter((name) => !allowed.includes(name));
    // The page: "Only the following filters are supported for this endpoint: …"; Exact's error text is unconfirmed.
    if (refused.length > 0) throw badRequest(`Only the following filters are supported for this endpoint: ${allowed.join(", ")}. Not supported: ${refused.join(", ")}.`);
  }
  const rows = [...entity.table(call.ctx).values()].filter((row) => entity.visible?.(row, call.ctx) ?? true).map((row) => entity.view?.(row, call.ctx) ?? row);
  return listBody({ entity, path, rows, query, rawQuery: call.query, ctx: call.ctx, publicUrl: call.publicUrl, related: findEntity, pageSize: BULK_PAGE_SIZE });
}

const TIMESTAMP_FIELD: FieldSpec = { type: "int", readOnly: true };

/**
 * The entity as its sync endpoint shows it: the same properties plus Timestamp, keyed and ordered by Timestamp.
 * Sales invoices: "The API will return both header and line data in the same API call ... If the line number is
 * 0 it is the sales invoice header, if the line number is 1 or higher it is a sales invoice line", so the
 * properties of both, with ID the line's key.
 */
function syncShape(entity: EntityDef): EntityDef {
  const lines = entity.navigation?.SalesInvoiceLines ? findEntity(entity.navigation.SalesInvoiceLines.entity) : undefined;
  const fields: Record<string, FieldSpec> = { [TIMESTAMP]: TIMESTAMP_FIELD, ...(lines?.fields ?? {}), ...entity.fields };
  return { ...entity, path: entity.sync as string, key: TIMESTAMP, keyType: "int", fields, navigation: undefined };
}

/**
 * The invoice record set of sync/SalesInvoice/SalesInvoices: a header row (LineNumber 0) and its line rows.
 * What a header row's ID is and which header properties line rows repeat is not documented: here the header's
 * ID is its InvoiceID and a line row has its line's properties plus InvoiceID (unconfirmed).
 */
function invoiceRecordSet(invoices: EntityDef, ctx: EntityContext): Row[] {
  const lines = findEntity("salesinvoice/SalesInvoiceLines") as EntityDef;
  const headers = [...invoices.table(ctx).values()].map((row) => ({ ...(invoices.view?.(row, ctx) ?? row), ID: row.InvoiceID, LineNumber: 0 }));
  return [...headers, ...lines.table(ctx).values()];
}

/** Exact: "only the timestamp field is allowed as parameter" (the wording of its 400 is unconfirmed). */
function onlyFilterOn(query: ListQuery, allowed: readonly string[]): void {
  if (!query.filter) return;
  const refused = [...filterFields(query.filter)].filter((name) => !allowed.includes(name));
  if (refused.length > 0) throw badRequest(`$filter: only ${allowed.join(" and ")} can be filtered on for this endpoint, not ${refused.join(", ")}.`);
}

/** `sync/CRM/Contacts?$select=…&$filter=Timestamp gt 123L`: new and changed records since a Timestamp. */
export function syncRead(entity: EntityDef, call: ReadCall): { d: Record<string, unknown> } {
  const shape = syncShape(entity);
  requireGet(call.method, shape.path);
  requireSelect(call.query);
  // SyncCRMContacts: "This endpoint does not support query { $select=* } since there are a lot of properties";
  // taken to hold for every sync endpoint (unconfirmed for the others).
  if (call.query.$select?.trim() === "*") throw badRequest("This endpoint does not support $select=*; name the properties.");
  const query = parseListQuery(shape, call.query);
  onlyFilterOn(query, [TIMESTAMP]);
  const rows = entity.navigation?.SalesInvoiceLines
    ? invoiceRecordSet(entity, call.ctx)
    : [...entity.table(call.ctx).values()].map((row) => entity.view?.(row, call.ctx) ?? row);
  return listBody({ entity: shape, path: shape.path, rows, query, rawQuery: call.query, ctx: call.ctx, publicUrl: call.publicUrl, related: findEntity, pageSize: BULK_PAGE_SIZE });
}

const deletedShape: EntityDef = {
  ...fromReference(syncDeleted),
  metadataType: "Exact.Web.Api.Sync.Deleted",
  table: (ctx) => new Map((ctx.state.deletions.get(ctx.division) ?? []).map((row) => [String(row.Timestamp), row])),
};

/** Exact keeps the deletion log for two months: "Data older than 2 months is automatically deleted". */
function withinTwoMonths(row: Row, now: number): boolean {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - 2);
  return Number(row.DeletedDate) >= cutoff.getTime();
}

/** `sync/Deleted?$select=…&$filter=Timestamp gt 1L`: one row per removed record, with its EntityType and key. */
export function syncDeletedRead(call: ReadCall): { d: Record<string, unknown> } {
  requireGet(call.method, deletedShape.path);
  requireSelect(call.query);
  if (call.query.$select?.trim() === "*") throw badRequest("This endpoint does not support $select=*; name the properties.");
  const query = parseListQuery(deletedShape, call.query);
  // "Via the delete api you can get the deleted records per entity": EntityType is taken to be filterable too (unconfirmed).
  onlyFilterOn(query, [TIMESTAMP, "EntityType"]);
  const rows = [...deletedShape.table(call.ctx).values()].filter((row) => withinTwoMonths(row, call.ctx.now));
  return listBody({ entity: deletedShape, path: deletedShape.path, rows, query, rawQuery: call.query, ctx: call.ctx, publicUrl: call.publicUrl, related: findEntity, pageSize: BULK_PAGE_SIZE });
}

