/**
 * One connection's view of one model: the model's own fields plus the connection's mapped fields
 * (`{ genericContact: { birthDate: "BirthDate" } }`). What to ask Exact for, and what Exact's records look
 * like as unified records, the same for the resource routes, the event fetcher and the poller: an event's
 * `data` is the record a GET of the resource would show.
 */
import type { Connection } from "../../storage/connections-repo";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./models/types";

/** Extra unified fields of one model for one connection: unified name → Exact field. */
export type FieldMap = Readonly<Record<string, string>>;

const NO_MAPPED_FIELDS: FieldMap = Object.freeze({});

/** The connection's mapped fields of a model (own properties only: a model named "constructor" finds nothing). */
export function fieldMapOf(connection: Pick<Connection, "fieldMapping">, model: string): FieldMap {
  return Object.hasOwn(connection.fieldMapping, model) ? (connection.fieldMapping[model] ?? NO_MAPPED_FIELDS) : NO_MAPPED_FIELDS;
}

export class ModelView {
  /** The model's `select` and the mapped fields' Exact fields, once each. */
  readonly select: readonly string[];
  /** `$select` as sent, and the mapped fields as pairs: built once, not per record or per call. */
  private readonly selectParam: string;
  private readonly mapped: ReadonlyArray<readonly [string, string]>;

  constructor(
    readonly mapping: ModelMapping,
    readonly fieldMap: FieldMap = NO_MAPPED_FIELDS,
  ) {
    this.select = [...new Set([...mapping.select, ...Object.values(fieldMap)])];
    this.selectParam = this.select.join(",");
    this.mapped = Object.entries(fieldMap);
  }

  static of(connection: Pick<Connection, "fieldMapping">, mapping: ModelMapping): ModelView {
    return new ModelView(mapping, fieldMapOf(connection, mapping.model));
  }

  /** The Exact field behind a mapped unified field; own properties only, so `filter[constructor]` finds none of Object's built-ins. */
  mappedField(field: string): string | undefined {
    return Object.hasOwn(this.fieldMap, field) ? this.fieldMap[field] : undefined;
  }

  /** The unified names of the mapped fields. */
  mappedFields(): string[] {
    return Object.keys(this.fieldMap);
  }

  /** `$select` and `$expand` of a read; `raw` asks for the whole record, so that `raw` really is what Exact has. */
  readQuery(raw: boolean): { $select: string | undefined; $expand: string | undefined } {
    return { $select: raw ? undefined : this.selectParam, $expand: this.mapping.expand };
  }

  /** What a sync endpoint can give: the navigation property left out (Exact documents no `$expand` there). */
  syncSelect(): string[] {
    return this.select.filter((field) => field !== this.mapping.expand);
  }

  /** The unified record, mapped fields included (Exact dates as ISO strings); `raw` adds Exact's record as read. */
  toUnified(record: ExactRecord, raw = false): UnifiedRecord {
    const unified = this.mapping.toUnified(record);
    for (const [field, exactField] of this.mapped) unified[field] = normalise(record[exactField]);
    return raw ? { ...unified, raw: record } : unified;
  }
}

/** Mapped values: Exact dates become ISO strings like every other date in the API; a missing value is null. */
export function normalise(value: unknown): unknown {
  if (typeof value === "string") {
    const match = /^\/Date\((-?\d+)\)\/$/.exec(value);
    if (match) return new Date(Number(match[1])).toISOString();
  }
  return value ?? null;
}
