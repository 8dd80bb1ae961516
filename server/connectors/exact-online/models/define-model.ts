/**
 * A unified model declared as data: one table of fields over an entity of Exact's reference. `select`,
 * `filters`, `fields` and the plain parts of `toUnified`/`toExact` are generated from it; a declaration
 * carries code only for real conversions (dates, codes, references, nested lines). The create and update
 * schemas are derived from the same table (input-schemas.ts), so a writable field is declared once.
 */
import type { Action, Model } from "../../../../src/protocol";
import type { LiteralType } from "../odata";
import { exactProperty, type ExactEntity } from "../reference";
import { exactCalendarDate, isoDate, isoDateTime, num, recordId, ref, refId, bool, text } from "./convert";
import { EDM_LITERALS, keyLiteralOf } from "./edm";
import { inputSchemas, type InputRules, type ModelInputRules } from "./input-schemas";
import type { CreateHelpers, ExactRecord, FieldType, ModelFilter, ModelMapping, ReadHelpers, UnifiedField, UnifiedRecord } from "./types";

/** A two-way table between Exact codes and unified values (see `codeTable`). */
export interface CodeConversion {
  values: readonly [string, ...string[]];
  toUnified(code: unknown): string | null;
  toExact(value: unknown): string | number | undefined;
}

export interface FieldDecl extends InputRules {
  /** the unified name */
  name: string;
  /** the Exact property it is read from and written to */
  exact: string;
  type: FieldType;
  description: string;
  writable?: boolean;
  /** usable as `filter[name]=value` (an `eq` on `exact`) */
  filter?: boolean;
  /** looked in by `search=` (substringof on `exact`) */
  search?: boolean;
  /** needed on create (the create schema requires it, not null) */
  required?: boolean;
  /** Exact codes ↔ unified values (status, type) */
  codes?: CodeConversion;
  /** other Exact properties a custom `read` looks at */
  alsoReads?: readonly string[];
  /** a real conversion on read, from the whole record */
  read?(raw: ExactRecord): unknown;
  /** a real conversion on write */
  write?(value: unknown): unknown;
  /** translates a filter value first (a padded account code); undefined: cannot match */
  filterValue?(value: string): string | undefined;
}

/** A unified field that is not a single property (nested lines), with how it is written. */
export type ExtraFieldDecl = UnifiedField & InputRules;

export interface ModelDecl extends ModelInputRules {
  model: Model;
  label: string;
  reference: ExactEntity;
  actions: readonly Action[];
  fields: readonly FieldDecl[];
  /** Exact properties that `search=` also looks in without being unified fields (e.g. a contact's AccountName) */
  searchAlso?: readonly string[];
  /** a navigation property read with `$expand` */
  expand?: string;
  /** unified fields that are not a single property: nested lines, fields derived from another */
  extraFields?: readonly ExtraFieldDecl[];
  readExtra?(raw: ExactRecord, unified: UnifiedRecord): void;
  writeExtra?(input: Record<string, unknown>, out: ExactRecord): void;
  completeCreate?(input: Record<string, unknown>, exact: CreateHelpers): Promise<Record<string, unknown>>;
  /** unified fields read from another endpoint after a page (see ModelMapping.completeRead) */
  completeRead?(records: ReadonlyArray<{ raw: ExactRecord; unified: UnifiedRecord }>, exact: ReadHelpers): Promise<void>;
}

/** Outside the reference table, the unified type decides. */
const LITERAL_TYPES: Partial<Record<FieldType, LiteralType>> = {
  string: "string",
  guid: "guid",
  reference: "guid",
  integer: "integer",
  number: "number",
  boolean: "boolean",
  date: "datetime",
  datetime: "datetime",
};

function readValue(type: FieldType, value: unknown): unknown {
  switch (type) {
    case "string":
    case "guid":
      return text(value);
    case "number":
    case "integer":
      return num(value);
    case "boolean":
      return bool(value);
    case "date":
      return isoDate(value);
    case "datetime":
      return isoDateTime(value);
    case "reference":
      return ref(value);
    case "references":
    case "object":
      return value ?? null;
    default:
      return type satisfies never;
  }
}

function writeValue(type: FieldType, value: unknown): unknown {
  if (value === null) return null;
  if (type === "date" && typeof value === "string") return exactCalendarDate(value);
  if (type === "reference") return refId(value);
  return value;
}

/** Exact's key that no record has: `ID ne guid'0…'` satisfies a mandatory filter and excludes nothing. */
const NO_GUID = "guid'00000000-0000-0000-0000-000000000000'";

function alwaysFilterOf(reference: ExactEntity): string | undefined {
  const mandatory = Object.entries(reference.properties).filter(([, p]) => p.mandatoryFilter).map(([name]) => name);
  if (mandatory.length === 0) return undefined;
  if (reference.keyType === "guid" && mandatory.includes(reference.key)) return `${reference.key} ne ${NO_GUID}`;
  if (reference.keyType === "int" && mandatory.includes(reference.key)) return `${reference.key} ne -1`;
  throw new Error(`${reference.endpoint}: mandatory filtering without its key in the filter set; choose another always-true filter`);
}

export function recordFields(stamped: boolean): UnifiedField[] {
  const stamp = (what: string) => (stamped ? `When the record was ${what} (ISO 8601, UTC)` : "Always null: Exact keeps no timestamp for this record");
  return [
    { name: "id", type: "string", description: "Exact's key of the record", writable: false },
    { name: "createdAt", type: "datetime", description: stamp("created"), writable: false },
    { name: "updatedAt", type: "datetime", description: stamp("last modified"), writable: false },
  ];
}

/** An extra field as `/fields` shows it: without how it is written. */
function unifiedField({ nullable: _n, input: _i, createOnly: _c, readOnlyReason: _r, ...field }: ExtraFieldDecl): UnifiedField {
  return field;
}

export function defineModel(decl: ModelDecl): ModelMapping {
  const { reference, fields } = decl;
  const key = reference.key;
  const stamped = Object.hasOwn(reference.properties, "Created") && Object.hasOwn(reference.properties, "Modified");
  const select = [
    ...new Set([key, ...fields.flatMap((f) => [f.exact, ...(f.alsoReads ?? [])]), ...(stamped ? ["Created", "Modified"] : []), ...(decl.expand ? [decl.expand] : [])]),
  ];
  const filters: Record<string, ModelFilter> = {};
  for (const field of fields) {
    if (!field.filter) continue;
    const property = exactProperty(reference, field.exact);
    const type = property ? EDM_LITERALS[property.type] : LITERAL_TYPES[field.type];
    if (!type) throw new Error(`${decl.model}.${field.name}: a ${field.type} field cannot be a filter`);
    const codes = field.codes;
    const fromCode = codes
      ? (value: string) => {
          const code = codes.toExact(value);
          return code === undefined ? undefined : String(code);
        }
      : undefined;
    const toExactValue = field.filterValue ?? fromCode;
    filters[field.name] = { exactField: field.exact, type, ...(property ? { edmType: property.type } : {}), ...(toExactValue ? { toExactValue } : {}) };
  }
  const writable = fields.filter((f) => f.writable);

  function toUnified(raw: ExactRecord): UnifiedRecord {
    const out: UnifiedRecord = {
      id: recordId(raw, key),
      createdAt: stamped ? isoDateTime(raw.Created) : null,
      updatedAt: stamped ? isoDateTime(raw.Modified) : null,
    };
    for (const field of fields) {
      out[field.name] = field.read ? field.read(raw) : field.codes ? field.codes.toUnified(raw[field.exact]) : readValue(field.type, raw[field.exact]);
    }
    decl.readExtra?.(raw, out);
    return out;
  }

  function toExact(input: Record<string, unknown>): ExactRecord {
    // Only what the caller gave: Exact's PUT is a merge, a property left out keeps its value.
    const out: ExactRecord = {};
    for (const field of writable) {
      const value = input[field.name];
      if (value === undefined) continue;
      out[field.exact] = field.write ? field.write(value) : field.codes ? field.codes.toExact(value) : writeValue(field.type, value);
    }
    decl.writeExtra?.(input, out);
    return out;
  }

  const canCreate = decl.actions.includes("create");
  const canUpdate = decl.actions.includes("update");
  const extraFields = decl.extraFields ?? [];
  const { createSchema, updateSchema } = inputSchemas(decl.model, [...fields, ...extraFields], decl);
  return {
    model: decl.model,
    label: decl.label,
    endpoint: reference.endpoint,
    actions: decl.actions,
    keyField: key,
    keyLiteral: keyLiteralOf(reference),
    select,
    ...(decl.expand ? { expand: decl.expand } : {}),
    searchFields: [...fields.filter((f) => f.search).map((f) => f.exact), ...(decl.searchAlso ?? [])],
    filters,
    fields: [
      ...recordFields(stamped),
      ...fields.map(({ name, type, description, writable, filter, search, required }) => ({
        name, type, description, writable: writable === true,
        ...(filter ? { filter: true } : {}), ...(search ? { search: true } : {}), ...(required ? { required: true } : {}),
      })),
      ...extraFields.map(unifiedField),
    ],
    toUnified,
    ...(canCreate || canUpdate ? { toExact } : {}),
    ...(canCreate ? { createSchema } : {}),
    ...(canUpdate ? { updateSchema } : {}),
    ...(decl.completeCreate ? { completeCreate: decl.completeCreate } : {}),
    ...(decl.completeRead ? { completeRead: decl.completeRead } : {}),
    alwaysFilter: alwaysFilterOf(reference),
    reference,
  };
}
