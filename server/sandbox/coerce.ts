import { parseClientDate } from "./dates";
import type { EntityDef, FieldSpec } from "./entity-types";
import { fieldOf, navigationOf } from "./entity-types";
import { badRequest } from "./errors";
import type { Row } from "./state";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WriteBody {
  /** writable fields, typed as stored */
  fields: Row;
  /** navigation properties sent inline (e.g. SalesInvoiceLines on a new invoice) */
  nested: Record<string, unknown>;
}

/**
 * Turns a JSON write body into stored values. Unknown properties are a 400, like Exact's
 * "The property 'X' does not exist on type …"; so are read-only ones, which Exact fills in itself.
 */
export function coerceWriteBody(entity: EntityDef, input: unknown): WriteBody {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw badRequest("The request body must be a JSON object");
  const fields: Row = {};
  const nested: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (name === "__metadata") continue;
    if (navigationOf(entity, name)) {
      nested[name] = value;
      continue;
    }
    const spec = fieldOf(entity, name);
    if (!spec) throw badRequest(`The property '${name}' does not exist on type '${entity.metadataType}'.`);
    if (spec.readOnly) throw badRequest(`The property '${name}' of type '${entity.metadataType}' is read-only and cannot be set.`);
    fields[name] = coerceValue(name, spec.type, value);
  }
  return { fields, nested };
}

/** Exact's reference marks some properties mandatory on POST: absent, null or blank is refused. */
export function checkMandatory(entity: EntityDef, fields: Row, except: readonly string[] = []): void {
  for (const [name, spec] of Object.entries(entity.fields)) {
    if (!spec.mandatory || except.includes(name)) continue;
    const value = fields[name];
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
      throw badRequest(`Mandatory field: ${name}`);
    }
  }
}

function coerceValue(name: string, type: FieldSpec["type"], value: unknown): unknown {
  if (value === null) return null;
  const invalid = (): never => {
    throw badRequest(`Invalid value for property '${name}'.`);
  };
  switch (type) {
    case "string":
      return typeof value === "string" ? value : invalid();
    case "guid":
      return typeof value === "string" && GUID.test(value) ? value.toLowerCase() : invalid();
    case "int":
    case "decimal": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n) || (type === "int" && !Number.isInteger(n))) return invalid();
      return n;
    }
    case "boolean":
      return typeof value === "boolean" ? value : invalid();
    case "datetime":
      return parseClientDate(value) ?? invalid();
  }
}
