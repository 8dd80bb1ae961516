import type { Action } from "../../../src/protocol";
import { MorphError, zodToMorphError } from "../../errors";
import type { Connection } from "../../storage/connections-repo";
import type { ExactApiClient } from "./api-client";
import { decodeCursor, encodeCursor, type CursorBinding } from "./cursor";
import { mappedFilterClause, mappedWriteValue } from "./mapped-fields";
import { edmFilterLiteral } from "./models/edm";
import type { CreateHelpers, ExactRecord, ModelMapping, UnifiedRecord } from "./models/types";
import { and, literal, searchFilter } from "./odata";

/** Extra unified fields of one model for one connection: unified name → Exact field. */
export type FieldMap = Record<string, string>;

export interface ListParams {
  limit: number;
  cursor?: string;
  search?: string;
  filters: Record<string, string>;
  raw: boolean;
}

/** Exact's page size for ordinary endpoints. */
const EXACT_PAGE_SIZE = 60;
/** Bulk endpoints: "This bulk service has a page size of 1000." */
const EXACT_BULK_PAGE_SIZE = 1000;

/** Each connection's sales journals, read once (they change about never); a failed read is not kept. */
const salesJournalsByConnection = new Map<string, Promise<Array<{ code: string; description: string | null }>>>();
const MAX_CACHED_CONNECTIONS = 10_000;

/**
 * Unified reads and writes over one Exact endpoint. The model mapping says what to ask Exact and how
 * to translate; this file does the asking: paging, search, filters, field mappings, `raw`.
 */
export class ResourceService {
  constructor(
    private readonly exact: ExactApiClient,
    private readonly row: Connection,
    private readonly mapping: ModelMapping,
    private readonly fieldMap: FieldMap,
    /** The incoming request's signal: a client that goes away cancels its queued or running calls. */
    private readonly signal?: AbortSignal,
  ) {}

  async list(params: ListParams): Promise<{ data: UnifiedRecord[]; next: string | null }> {
    const { mapping } = this;
    const after = params.cursor ? decodeCursor(params.cursor, this.cursorBinding(), mapping.keyLiteral) : undefined;
    const search = params.search ? searchFilter(mapping.searchFields, params.search) : undefined;
    const filterClauses = this.filterClauses(params.filters);
    const bulk = this.bulkPath(params);
    const pageSize = bulk ? EXACT_BULK_PAGE_SIZE : EXACT_PAGE_SIZE;
    const need = params.limit + 1; // one more than asked tells whether another page exists
    const collected: ExactRecord[] = [];
    let url = `/api/v1/{division}/${bulk ?? mapping.endpoint}`;
    let query: Record<string, string | undefined> | undefined = {
      ...this.readQuery(params.raw),
      // Exact's mandatory filtering (crm/Accounts): the always-true clause keeps every record in.
      $filter: and([mapping.alwaysFilter, search, ...filterClauses]),
      // $top ends the answer without a __next link, so it is used only when one Exact page suffices.
      $top: need <= pageSize ? String(need) : undefined,
      $skiptoken: after,
    };
    // No request needs more of Exact's pages than that, whatever __next links say.
    const maxPages = Math.ceil(need / pageSize) + 1;
    // Exact still had a page when we stopped: the caller gets a cursor and carries on from there.
    let moreAtExact = false;
    for (let page = 1; ; page++) {
      const response = await this.exact.call(this.row, { url, query }, { operation: this.operation("list"), signal: this.signal });
      const { results, next } = listPage(response.body);
      collected.push(...results);
      // Enough: one more than asked settles whether more exist; exactly as many with a __next link says so too
      // (a whole bulk page of 1000 for limit=1000 must not cost a second call just to learn that).
      if (collected.length >= need || !next) break;
      if (collected.length >= params.limit || page >= maxPages) {
        moreAtExact = true;
        break;
      }
      // Follow Exact's own link, but only to Exact: the bearer token must never go elsewhere.
      if (!next.startsWith(`${this.exact.baseUrl(this.row)}/`)) throw new MorphError("PROVIDER_ERROR", "Exact Online sent a __next link to another host.");
      url = next;
      query = undefined;
    }
    const page = collected.slice(0, params.limit);
    const last = page.at(-1);
    const lastKey = last ? String(last[mapping.keyField]) : undefined;
    // A key that is no key of the model (Exact misbehaving) ends the paging rather than mint a cursor decodeCursor refuses.
    const more = (collected.length > params.limit || moreAtExact) && lastKey !== undefined && mapping.keyLiteral(lastKey) !== undefined;
    const next = more ? encodeCursor(this.cursorBinding(), lastKey) : null;
    return { data: page.map((record) => this.toUnified(record, params.raw)), next };
  }

  /**
   * The entity's bulk endpoint (1000 a page instead of 60) when this list can use it: not `raw` (which promises
   * Exact's whole record, and bulk wants a `$select`), no `$expand` (not documented for bulk), and only filters on
   * properties the bulk endpoint accepts (bulk/CRM/Contacts filters on Account and ID, not on names or e-mail, so
   * `search` and `filter[email]` stay on the regular endpoint). Both order by key, so cursors carry over.
   */
  private bulkPath(params: ListParams): string | undefined {
    const reference = this.mapping.reference;
    if (!reference?.bulk || params.raw || this.mapping.expand) return undefined;
    const allowed = reference.bulkFilters;
    if (!allowed) return reference.bulk;
    const named = [
      ...(this.mapping.alwaysFilter ? [this.mapping.keyField] : []),
      ...(params.search ? this.mapping.searchFields : []),
      ...this.filteredFields(params.filters),
    ];
    return named.every((name) => allowed.includes(name)) ? reference.bulk : undefined;
  }

  /** The Exact properties that `filter[…]` names (after filterClauses has refused unknown ones). */
  private filteredFields(filters: Record<string, string>): string[] {
    return Object.keys(filters).map((field) => {
      const mapped = Object.hasOwn(this.fieldMap, field) ? this.fieldMap[field] : undefined;
      return mapped ?? (Object.hasOwn(this.mapping.filters, field) ? this.mapping.filters[field]!.exactField : field);
    });
  }

  async retrieve(id: string, raw: boolean): Promise<UnifiedRecord> {
    const response = await this.exact.call(
      this.row,
      { url: this.entityUrl(id), query: this.readQuery(raw) },
      { operation: this.operation("retrieve"), signal: this.signal },
    );
    return this.toUnified(singleRecord(response.body), raw);
  }

  async create(input: unknown): Promise<UnifiedRecord> {
    const body = await this.toExactBody(input, this.mapping.createSchema, "create");
    const response = await this.exact.call(
      this.row,
      { method: "POST", url: `/api/v1/{division}/${this.mapping.endpoint}`, body },
      { operation: this.operation("create"), signal: this.signal },
    );
    const created = singleRecord(response.body);
    // Exact's POST answer may lack fields we map; read the record back as the API would show it.
    return this.retrieve(String(created[this.mapping.keyField]), false);
  }

  async update(id: string, input: unknown): Promise<UnifiedRecord> {
    // The id first: a malformed one is a 404 whatever the body says, as for retrieve and delete.
    const url = this.entityUrl(id);
    const body = await this.toExactBody(input, this.mapping.updateSchema, "update");
    await this.exact.call(this.row, { method: "PUT", url, body }, { operation: this.operation("update"), signal: this.signal });
    return this.retrieve(id, false);
  }

  async delete(id: string): Promise<void> {
    await this.exact.call(this.row, { method: "DELETE", url: this.entityUrl(id) }, { operation: this.operation("delete"), signal: this.signal });
  }

  /**
   * The Exact fields a field mapping can name: the reference table's for an entity in it; otherwise read
   * from a live record (Exact has no cheap metadata call), with the always-true filter where one is needed.
   */
  async availableExactFields(): Promise<string[]> {
    const known = this.mapping.reference?.properties;
    if (known && Object.keys(known).length > 0) return Object.keys(known).sort();
    const response = await this.exact.call(
      this.row,
      { url: `/api/v1/{division}/${this.mapping.endpoint}`, query: { $top: "1", $filter: this.mapping.alwaysFilter } },
      { operation: this.operation("list"), signal: this.signal },
    );
    const first = listPage(response.body).results[0];
    return first ? Object.keys(first).filter((key) => key !== "__metadata" && !isNavigation(first[key])).sort() : [];
  }

  /** What a model's `completeCreate` may look up in this connection's administration. */
  private createHelpers(): CreateHelpers {
    const key = `${this.row.id}:${this.row.division}`;
    return {
      salesJournals: () => {
        let journals = salesJournalsByConnection.get(key);
        if (!journals) {
          if (salesJournalsByConnection.size >= MAX_CACHED_CONNECTIONS) salesJournalsByConnection.clear();
          journals = this.readSalesJournals();
          salesJournalsByConnection.set(key, journals);
          journals.catch(() => salesJournalsByConnection.delete(key));
        }
        return journals;
      },
    };
  }

  private async readSalesJournals(): Promise<Array<{ code: string; description: string | null }>> {
    // Exact's journal Type 20 is a sales journal (10 cash, 12 bank, 22 purchase, 90 general).
    const response = await this.exact.call(
      this.row,
      { url: "/api/v1/{division}/financial/Journals", query: { $filter: "Type eq 20", $select: "Code,Description" } },
      { operation: this.operation("create"), signal: this.signal },
    );
    return listPage(response.body).results.map((journal) => ({
      code: String(journal.Code),
      description: typeof journal.Description === "string" ? journal.Description : null,
    }));
  }

  /** What a cursor is minted for, and must come back to: this model, on this connection and division. */
  private cursorBinding(): CursorBinding {
    const { connectorId, ownerId, division } = this.row;
    return { model: this.mapping.model, connectorId, ownerId, division };
  }

  private operation(action: Action) {
    return `${this.mapping.model}::${action}`;
  }

  /** A malformed id is a 404 here: no record has it, and asking Exact would cost a 400 towards its key block. */
  private entityUrl(id: string): string {
    const key = this.mapping.keyLiteral(id);
    if (!key) throw new MorphError("NOT_FOUND", `No ${this.mapping.model} with id "${id}".`);
    return `/api/v1/{division}/${this.mapping.endpoint}(${key})`;
  }

  /** `raw=true` asks for the whole record, so that `raw` really is what Exact has. */
  private readQuery(raw: boolean): Record<string, string | undefined> {
    const select = raw ? undefined : [...new Set([...this.mapping.select, ...Object.values(this.fieldMap)])].join(",");
    return { $select: select, $expand: this.mapping.expand };
  }

  private filterClauses(filters: Record<string, string>): string[] {
    return Object.entries(filters).map(([field, value]) => {
      // Own properties only: filter[constructor] must not find Object's built-ins.
      const mapped = Object.hasOwn(this.fieldMap, field) ? this.fieldMap[field] : undefined;
      if (mapped) return mappedFilterClause(this.mapping, field, mapped, value);
      const filter = Object.hasOwn(this.mapping.filters, field) ? this.mapping.filters[field] : undefined;
      if (!filter) {
        const allowed = [...Object.keys(this.mapping.filters), ...Object.keys(this.fieldMap)];
        throw new MorphError("VALIDATION_ERROR", `filter[${field}]: not filterable; use one of ${allowed.join(", ") || "(none)"}`, {
          field: `filter[${field}]`,
          allowed,
        });
      }
      // Some unified values need translating first (a padded account code, "open" → 20).
      const translated = filter.toExactValue ? filter.toExactValue(value) : value;
      const exactValue = translated === undefined ? undefined : filter.edmType ? edmFilterLiteral(filter.edmType, translated) : literal(filter.type, translated);
      if (!exactValue) throw new MorphError("VALIDATION_ERROR", `filter[${field}]: "${value}" is not a valid ${filter.type}`, { field: `filter[${field}]` });
      return `${filter.exactField} eq ${exactValue}`;
    });
  }

  private toUnified(record: ExactRecord, raw: boolean): UnifiedRecord {
    const unified = this.mapping.toUnified(record);
    for (const [field, exactField] of Object.entries(this.fieldMap)) unified[field] = normalise(record[exactField]);
    return raw ? { ...unified, raw: record } : unified;
  }

  private async toExactBody(input: unknown, schema: ModelMapping["createSchema"], action: "create" | "update"): Promise<ExactRecord> {
    if (!schema || !this.mapping.toExact) {
      throw new MorphError("OPERATION_NOT_SUPPORTED", `${this.mapping.model} cannot ${action} in Exact Online.`, {
        operations: this.mapping.actions,
      });
    }
    if (!input || typeof input !== "object" || Array.isArray(input)) throw new MorphError("VALIDATION_ERROR", "body: must be a JSON object", { field: "body" });
    // Mapped fields are this connection's extension of the model: set aside before the model's strict schema.
    // No prototype: a body key "__proto__" stays an own (unknown, refused) key instead of becoming the
    // prototype that the schema would read fields through.
    const own: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const extra: ExactRecord = {};
    for (const [field, value] of Object.entries(input)) {
      const exactField = Object.hasOwn(this.fieldMap, field) ? this.fieldMap[field] : undefined;
      if (exactField) extra[exactField] = mappedWriteValue(this.mapping, field, exactField, value);
      else own[field] = value;
    }
    const parsed = schema.safeParse(own);
    if (!parsed.success) {
      if (Object.keys(own).length === 0 && Object.keys(extra).length > 0 && action === "update") return extra;
      throw zodToMorphError(parsed.error);
    }
    const complete = action === "create" && this.mapping.completeCreate ? await this.mapping.completeCreate(parsed.data, this.createHelpers()) : parsed.data;
    return { ...this.mapping.toExact(complete), ...extra };
  }
}

const isRecord = (value: unknown): value is ExactRecord => typeof value === "object" && value !== null && !Array.isArray(value);

/** A list page `{ d: { results: [...], __next? } }`; any other shape is Exact misbehaving, not an empty list. */
function listPage(body: unknown): { results: ExactRecord[]; next: string | undefined } {
  const d = isRecord(body) ? body.d : undefined;
  if (!isRecord(d) || !Array.isArray(d.results) || !d.results.every(isRecord) || (d.__next !== undefined && typeof d.__next !== "string")) {
    throw new MorphError("PROVIDER_ERROR", "Exact Online answered a list in an unexpected shape.");
  }
  return { results: d.results, next: d.__next as string | undefined };
}

/** A keyed GET answers `{ d: {...} }`; some Exact endpoints wrap it as `{ d: { results: [x] } }`. */
function singleRecord(body: unknown): ExactRecord {
  const d = isRecord(body) ? body.d : undefined;
  const record = isRecord(d) && Array.isArray(d.results) ? d.results[0] : d;
  if (!isRecord(record)) throw new MorphError("PROVIDER_ERROR", "Exact Online answered a record in an unexpected shape.");
  return record;
}

function isNavigation(value: unknown): boolean {
  return Boolean(value && typeof value === "object" && "__deferred" in (value as object));
}

/** Mapped values: Exact dates become ISO strings like every other date in the API. */
export function normalise(value: unknown): unknown {
  if (typeof value === "string") {
    const match = /^\/Date\((-?\d+)\)\/$/.exec(value);
    if (match) return new Date(Number(match[1])).toISOString();
  }
  return value ?? null;
}
