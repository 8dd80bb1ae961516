import type { z } from "zod";
import type { Action, Model } from "../../../../src/protocol";
import type { LiteralType } from "../odata";
import type { EdmType, ExactEntity } from "../reference";

/** What a model's connection scope reads of a connection: its divisions. */
export interface ScopedConnection {
  divisions: ReadonlyArray<{ code: number }>;
}

/** A record as Exact sends it (after unwrapping `d`). */
export type ExactRecord = Record<string, unknown>;

/** A unified record: `id`, ISO `createdAt`/`updatedAt`, the model's fields, `{ id }` references. */
export interface UnifiedRecord {
  id: string;
  createdAt: string | null;
  updatedAt: string | null;
  [field: string]: unknown;
}

/** One `?filter[field]=value` equality filter: which Exact field it compares, as which OData literal type. */
export interface ModelFilter {
  exactField: string;
  type: LiteralType;
  /** Exact's type of the property, where the reference table gives it: bounds an integer to its width (Int16, Int32). */
  edmType?: EdmType;
  /**
   * Translates the unified value into Exact's before it becomes a literal (e.g. invoice status "open" → "20",
   * an account code → its 18-character padded form). Undefined: the value cannot match (a validation error).
   */
  toExactValue?(value: string): string | undefined;
}

/** The unified value types; the first eight are also what a custom model's field may declare. */
export const FIELD_TYPES = ["string", "number", "integer", "boolean", "date", "datetime", "guid", "reference", "references", "object"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One unified field as `/fields` shows it. */
export interface UnifiedField {
  name: string;
  type: FieldType;
  description: string;
  /** Can be written through create/update. */
  writable: boolean;
  /** Can be used as `filter[name]=value`. */
  filter?: boolean;
  /** Looked in by `search=`. */
  search?: boolean;
  /** Needed on create. */
  required?: boolean;
}

/**
 * Everything the connector knows about one unified model: its Exact endpoint, the actions Exact allows,
 * how to read (toUnified) and write (toExact) it. Adding a model touches only the models folder.
 */
export interface ModelMapping {
  model: Model;
  /** English label, e.g. "Contacts" (the widget translates built-in ones). */
  label: string;
  endpoint: string;
  actions: readonly Action[];
  /** Exact's key field, and how an id becomes an OData key literal (undefined: malformed id). */
  keyField: string;
  keyLiteral(id: string): string | undefined;
  /** Exact fields requested with $select on reads. */
  select: readonly string[];
  /** Exact `$expand` on reads, e.g. the lines of an invoice. */
  expand?: string;
  /** Exact text fields that `?search=` looks in (substringof, case-insensitive on Exact). */
  searchFields: readonly string[];
  /** Unified field → Exact field for `?filter[field]=value` equality filters. */
  filters: Readonly<Record<string, ModelFilter>>;
  /** The unified fields (for `GET /v1/resources/:model/fields`). */
  fields: readonly UnifiedField[];
  toUnified(raw: ExactRecord): UnifiedRecord;
  /** Input validation for create (full) and update (partial); absent when Exact allows no writes. */
  createSchema?: z.ZodType<Record<string, unknown>>;
  updateSchema?: z.ZodType<Record<string, unknown>>;
  toExact?(input: Record<string, unknown>): ExactRecord;
  /**
   * Records that exist only for some connections (issue 18: genericWorkspace lists the connection's divisions, not
   * every one its token reaches): a `$filter` clause every list carries, and the check a retrieve's key must pass.
   */
  connectionScope?: {
    filter(connection: ScopedConnection): string;
    includes(connection: ScopedConnection, id: string): boolean;
  };
  /**
   * Exact's mandatory filtering: a clause that every list must carry and that excludes no record
   * (undefined when the entity has no mandatory filter).
   */
  alwaysFilter?: string;
  /**
   * Fills in unified fields that live in another Exact endpoint (an invoice's amountDue, from cashflow/Receivables),
   * after a list page or a retrieve: one more read per page, never one per record. Events carry such fields as null.
   */
  completeRead?(records: ReadonlyArray<{ raw: ExactRecord; unified: UnifiedRecord }>, exact: ReadHelpers): Promise<void>;
  /** Fills in what a create needs from Exact itself (e.g. the division's sales journal), after validation. */
  completeCreate?(input: Record<string, unknown>, exact: CreateHelpers): Promise<Record<string, unknown>>;
  /** The Exact entity of the reference table it is declared over; undefined for custom endpoints outside it. */
  reference?: ExactEntity;
}

/** What `completeRead` may ask of the connection it reads from. */
export interface ReadHelpers {
  /** The records of a list path (e.g. a bulk endpoint) that match `$filter`, with `$select`'s properties; at most `maxPages` pages. */
  readAll(path: string, query: { $select: string; $filter?: string }, maxPages: number): Promise<ExactRecord[]>;
}

/** What `completeCreate` may ask of the connection it creates in. */
export interface CreateHelpers {
  /** The division's sales journals (financial/Journals, Type 20), read once per connection and cached. */
  salesJournals(): Promise<Array<{ code: string; description: string | null }>>;
  /** The division's purchase journals (financial/Journals, Type 22), read once per connection and cached. */
  purchaseJournals(): Promise<Array<{ code: string; description: string | null }>>;
  /**
   * POSTs a record another one needs first (an attachment's document) to an endpoint of the reference table, and
   * answers Exact's record. If the create itself then fails, every record made this way is deleted again, newest
   * first, so nothing half-written is left. Absent where the caller offers no writes (unit tests of other models).
   */
  createFirst?(endpoint: string, body: ExactRecord): Promise<ExactRecord>;
}
