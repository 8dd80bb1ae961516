import type { z } from "zod";
import type { Action, Model } from "../../../../src/protocol";
import type { LiteralType } from "../odata";

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
  /**
   * Translates the unified value into Exact's before it becomes a literal (e.g. invoice status "open" → "20",
   * an account code → its 18-character padded form). Undefined: the value cannot match (a validation error).
   */
  toExactValue?(value: string): string | undefined;
}

export interface UnifiedField {
  name: string;
  type: "string" | "number" | "boolean" | "date" | "reference" | "references" | "object";
  description: string;
  /** Can be written through create/update. */
  writable: boolean;
}

/**
 * Everything the connector knows about one unified model: its Exact endpoint, the actions Exact allows,
 * how to read (toUnified) and write (toExact) it. Adding a model touches only the models folder.
 */
export interface ModelMapping {
  model: Model;
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
}
