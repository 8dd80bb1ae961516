import type { Action } from "../../../src/protocol";
import { MorphError, zodToMorphError } from "../../errors";
import type { Connection } from "../../storage/connections-repo";
import type { ExactApiClient } from "./api-client";
import type { ExactResponse } from "./exact-http";
import { decodeCursor, encodeCursor, type CursorBinding } from "./cursor";
import { readPages } from "./exact-reader";
import { parseExactList, parseExactRecord } from "./exact-schemas";
import { mappedFilterClause, mappedWriteValue } from "./mapped-fields";
import { ModelView, type FieldMap } from "./model-view";
import { edmFilterLiteral, keyLiteralOf } from "./models/edm";
import { exactEntity } from "./reference";
import type { CreateHelpers, ExactRecord, ModelMapping, ReadHelpers, UnifiedRecord } from "./models/types";
import { and, literal, searchFilter } from "./odata";

export type { FieldMap } from "./model-view";

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

/** Exact's journal Type of a sales journal and of a purchase journal (10 cash, 12 bank, 90 general). */
const SALES_JOURNAL = 20;
const PURCHASE_JOURNAL = 22;
/** Each connection's sales and purchase journals, read once (they change about never); a failed read is not kept. */
const salesJournalsByConnection = new Map<string, Promise<Array<{ code: string; description: string | null }>>>();
const MAX_CACHED_CONNECTIONS = 10_000;

/**
 * Unified reads and writes over one Exact endpoint. The model view says what to ask Exact and how to
 * translate (the model's mapping and this connection's mapped fields); this file does the asking: paging,
 * search, filters, `raw`, writes.
 */
export class ResourceService {
  private readonly view: ModelView;

  constructor(
    private readonly exact: ExactApiClient,
    private readonly row: Connection,
    private readonly mapping: ModelMapping,
    /** This connection's mapped fields of the model. */
    fieldMap: FieldMap,
    /** The incoming request's signal: a client that goes away cancels its queued or running calls. */
    private readonly signal?: AbortSignal,
  ) {
    this.view = new ModelView(mapping, fieldMap);
  }

  async list(params: ListParams): Promise<{ data: UnifiedRecord[]; next: string | null }> {
    const { mapping } = this;
    const after = params.cursor ? decodeCursor(params.cursor, this.cursorBinding(), mapping.keyLiteral) : undefined;
    const search = params.search ? searchFilter(mapping.searchFields, params.search) : undefined;
    const filterClauses = this.filterClauses(params.filters);
    const bulk = this.bulkPath(params);
    const pageSize = bulk ? EXACT_BULK_PAGE_SIZE : EXACT_PAGE_SIZE;
    const need = params.limit + 1; // one more than asked tells whether another page exists
    const collected: ExactRecord[] = [];
    const request = {
      url: `/api/v1/{division}/${bulk ?? mapping.endpoint}`,
      query: {
        ...this.view.readQuery(params.raw),
        // Exact's mandatory filtering (crm/Accounts): the always-true clause keeps every record in.
        $filter: and([mapping.alwaysFilter, mapping.connectionScope?.filter(this.row), search, ...filterClauses]),
        // $top ends the answer without a __next link, so it is used only when one Exact page suffices.
        $top: need <= pageSize ? String(need) : undefined,
        $skiptoken: after,
      },
    };
    // No request needs more of Exact's pages than that, whatever __next links say.
    const maxPages = Math.ceil(need / pageSize) + 1;
    // Exact still had a page when we stopped (its __next link): the caller gets a cursor and carries on from there.
    let moreAtExact = false;
    for await (const { results, next } of readPages(this.exact, this.row, request, { operation: this.operation("list"), signal: this.signal, maxPages })) {
      collected.push(...results);
      moreAtExact = next !== undefined;
      // Enough: one more than asked settles whether more exist; exactly as many with a __next link says so too
      // (a whole bulk page of 1000 for limit=1000 must not cost a second call just to learn that).
      if (collected.length >= params.limit) break;
    }
    const page = collected.slice(0, params.limit);
    const last = page.at(-1);
    const lastKey = last ? String(last[mapping.keyField]) : undefined;
    // A key that is no key of the model (Exact misbehaving) ends the paging rather than mint a cursor decodeCursor refuses.
    const more = (collected.length > params.limit || moreAtExact) && lastKey !== undefined && mapping.keyLiteral(lastKey) !== undefined;
    const next = more ? encodeCursor(this.cursorBinding(), lastKey) : null;
    return { data: await this.completed(page, params.raw, "list"), next };
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
      const mapped = this.view.mappedField(field);
      return mapped ?? (Object.hasOwn(this.mapping.filters, field) ? this.mapping.filters[field]!.exactField : field);
    });
  }

  async retrieve(id: string, raw: boolean): Promise<UnifiedRecord> {
    // A record outside the connection (another division the token reaches) is not the connection's to show.
    if (this.mapping.connectionScope && !this.mapping.connectionScope.includes(this.row, id)) {
      throw new MorphError("NOT_FOUND", `No ${this.mapping.model} "${id.slice(0, 60)}" in this connection.`);
    }
    const response = await this.exact.call(
      this.row,
      { url: this.entityUrl(id), query: this.view.readQuery(raw) },
      { operation: this.operation("retrieve"), signal: this.signal },
    );
    const [record] = await this.completed([parseExactRecord(response.body)], raw, "retrieve");
    return record!;
  }

  /** Unified records, with the fields a model reads from another endpoint (one more read for the whole page). */
  private async completed(records: ExactRecord[], raw: boolean, action: Action): Promise<UnifiedRecord[]> {
    const unified = records.map((record) => this.view.toUnified(record, raw));
    if (this.mapping.completeRead && records.length > 0) {
      await this.mapping.completeRead(records.map((record, i) => ({ raw: record, unified: unified[i]! })), this.readHelpers(action));
    }
    return unified;
  }

  private readHelpers(action: Action): ReadHelpers {
    return {
      readAll: async (path, query, maxPages) => {
        const found: ExactRecord[] = [];
        const request = { url: `/api/v1/{division}/${path}`, query };
        for await (const { results } of readPages(this.exact, this.row, request, { operation: this.operation(action), signal: this.signal, maxPages })) found.push(...results);
        return found;
      },
    };
  }

  async create(input: unknown): Promise<UnifiedRecord> {
    // Records a model's completeCreate made first (an attachment's document): removed again if the create fails.
    // A create that timed out may have been stored by Exact all the same: deleting the document then takes its file
    // with it, which still leaves nothing half-written.
    const madeFirst: string[] = [];
    let response: ExactResponse;
    try {
      const body = await this.toExactBody(input, this.mapping.createSchema, "create", madeFirst);
      response = await this.exact.call(
        this.row,
        { method: "POST", url: `/api/v1/{division}/${this.mapping.endpoint}`, body },
        { operation: this.operation("create"), signal: this.signal },
      );
    } catch (error) {
      throw await this.undoMadeFirst(madeFirst, error);
    }
    const created = parseExactRecord(response.body);
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
    const first = parseExactList(response.body).results[0];
    return first ? Object.keys(first).filter((key) => key !== "__metadata" && !isNavigation(first[key])).sort() : [];
  }

  /** What a model's `completeCreate` may look up in this connection's administration, or make first. */
  private createHelpers(madeFirst: string[]): CreateHelpers {
    const key = `${this.row.id}:${this.row.division}`;
    return {
      salesJournals: () => this.cachedJournals(key, SALES_JOURNAL),
      purchaseJournals: () => this.cachedJournals(key, PURCHASE_JOURNAL),
      createFirst: async (endpoint, body) => {
        const entity = exactEntity(endpoint);
        if (!entity?.methods.includes("DELETE")) throw new Error(`${endpoint}: not an entity of the reference table that can be deleted again`);
        const response = await this.exact.call(
          this.row,
          { method: "POST", url: `/api/v1/{division}/${entity.endpoint}`, body },
          { operation: this.operation("create"), signal: this.signal },
        );
        const created = parseExactRecord(response.body);
        const literal = keyLiteralOf(entity)(String(created[entity.key]));
        if (literal) madeFirst.push(`/api/v1/{division}/${entity.endpoint}(${literal})`);
        return created;
      },
    };
  }

  /**
   * Deletes what a failed create made first, newest first, and answers the create's own error. One that cannot be
   * deleted is named in the error (`details.leftBehind`), so the caller knows what to remove by hand.
   */
  private async undoMadeFirst(madeFirst: string[], error: unknown): Promise<unknown> {
    const leftBehind: string[] = [];
    for (const url of [...madeFirst].reverse()) {
      try {
        // Not the request's signal: a client that went away must not leave half a record behind either.
        await this.exact.call(this.row, { method: "DELETE", url }, { operation: this.operation("create") });
      } catch {
        leftBehind.push(url.replace("{division}", String(this.row.division)));
      }
    }
    if (leftBehind.length === 0 || !(error instanceof MorphError)) return error;
    return new MorphError(error.code, `${error.message} (not removed again: ${leftBehind.join(", ")})`, { ...error.details, leftBehind }, error.headers);
  }

  private cachedJournals(connectionKey: string, type: number): Promise<Array<{ code: string; description: string | null }>> {
    const key = `${connectionKey}:${type}`;
    let journals = salesJournalsByConnection.get(key);
    if (!journals) {
      if (salesJournalsByConnection.size >= MAX_CACHED_CONNECTIONS) salesJournalsByConnection.clear();
      journals = this.readJournals(type);
      salesJournalsByConnection.set(key, journals);
      journals.catch(() => salesJournalsByConnection.delete(key));
    }
    return journals;
  }

  private async readJournals(type: number): Promise<Array<{ code: string; description: string | null }>> {
    const response = await this.exact.call(
      this.row,
      { url: "/api/v1/{division}/financial/Journals", query: { $filter: `Type eq ${type}`, $select: "Code,Description" } },
      { operation: this.operation("create"), signal: this.signal },
    );
    return parseExactList(response.body).results.map((journal) => ({
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

  private filterClauses(filters: Record<string, string>): string[] {
    return Object.entries(filters).map(([field, value]) => {
      const mapped = this.view.mappedField(field);
      if (mapped) return mappedFilterClause(this.mapping, field, mapped, value);
      const filter = Object.hasOwn(this.mapping.filters, field) ? this.mapping.filters[field] : undefined;
      if (!filter) {
        const allowed = [...Object.keys(this.mapping.filters), ...this.view.mappedFields()];
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

  private async toExactBody(input: unknown, schema: ModelMapping["createSchema"], action: "create" | "update", madeFirst: string[] = []): Promise<ExactRecord> {
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
      const exactField = this.view.mappedField(field);
      if (exactField) extra[exactField] = mappedWriteValue(this.mapping, field, exactField, value);
      else own[field] = value;
    }
    const parsed = schema.safeParse(own);
    if (!parsed.success) {
      if (Object.keys(own).length === 0 && Object.keys(extra).length > 0 && action === "update") return extra;
      throw zodToMorphError(parsed.error);
    }
    const complete = action === "create" && this.mapping.completeCreate ? await this.mapping.completeCreate(parsed.data, this.createHelpers(madeFirst)) : parsed.data;
    return { ...this.mapping.toExact(complete), ...extra };
  }
}

function isNavigation(value: unknown): boolean {
  return Boolean(value && typeof value === "object" && "__deferred" in (value as object));
}
