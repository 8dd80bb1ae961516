/**
 * Per-connection mapped fields (`{ genericContact: { birthDate: "BirthDate" } }`) follow Exact's reference table
 * like built-in fields do: a filter takes the literal of the property's EDM type, a write must fit that type,
 * and read-only properties or the key are never written. Outside the table (a custom model over an endpoint the
 * table lacks) the type is unknown, so a mapped field there is read-only and not filterable: a guess would cost
 * an Exact 400, and ten of those an hour block the API key.
 */
import { MorphError, validationError } from "../../errors";
import { EDM_LITERALS, edmExpectation, edmFilterLiteral, edmWriteValue, REFUSED } from "./models/edm";
import type { ModelMapping } from "./models/types";
import { exactProperty, type ExactProperty } from "./reference";

/** The reference table's entry for a mapped field's target, or undefined when the table does not know it. */
function targetProperty(mapping: ModelMapping, exactField: string): ExactProperty | undefined {
  return mapping.reference ? exactProperty(mapping.reference, exactField) : undefined;
}

/** `Exact eq literal` for `filter[field]=value` on a mapped field. */
export function mappedFilterClause(mapping: ModelMapping, field: string, exactField: string, value: string): string {
  const param = `filter[${field}]`;
  const property = targetProperty(mapping, exactField);
  if (!property) throw validationError(param, `${exactField} is outside Exact's reference table for ${mapping.endpoint}, so its type is unknown: it cannot be filtered on`);
  if (property.filterable === false || !EDM_LITERALS[property.type]) {
    throw validationError(param, `Exact cannot filter ${mapping.endpoint} on ${exactField}`);
  }
  const literal = edmFilterLiteral(property.type, value);
  if (literal === undefined) throw new MorphError("VALIDATION_ERROR", `${param}: "${value}" is not ${edmExpectation(property.type)}`, { field: param });
  return `${exactField} eq ${literal}`;
}

/** The value sent to Exact for a write of a mapped field, or a 400 naming the field. */
export function mappedWriteValue(mapping: ModelMapping, field: string, exactField: string, value: unknown): unknown {
  const property = targetProperty(mapping, exactField);
  if (!property) throw validationError(field, `${exactField} is outside Exact's reference table for ${mapping.endpoint}, so its type is unknown: it cannot be written`);
  if (exactField === mapping.keyField) throw validationError(field, `${exactField} is the record's key in Exact and cannot be written`);
  if (property.readOnly) throw validationError(field, `${exactField} is read-only in Exact`);
  if (value === null) {
    if (property.mandatory) throw validationError(field, `${exactField} is mandatory in Exact and cannot be null`);
    return null;
  }
  const written = edmWriteValue(property.type, value);
  if (written === REFUSED) throw validationError(field, `must be ${edmExpectation(property.type)}${property.mandatory ? "" : " or null"}`);
  return written;
}

/**
 * Refuses, when a mapping is saved, what no later read or write could use: the model's key as a target (a write
 * would rewrite the record's key). Read-only targets stay allowed: they are read, and refused only on write.
 */
export function assertMappableTargets(mapping: ModelMapping, fields: Readonly<Record<string, string>>): void {
  for (const [field, exactField] of Object.entries(fields)) {
    if (exactField === mapping.keyField) {
      throw validationError(`${mapping.model}.${field}`, `${exactField} is ${mapping.model}'s key, already its unified id`);
    }
  }
}
