/**
 * A model mapping checked against Exact's reference table: every property it selects, filters, searches or
 * writes must exist, filters must be on filterable properties, nothing read-only may be written, and what is
 * written must fit the property's type. Returns the problems, each naming the model, the field and the property.
 */
import { exactEntity, exactProperty, type ExactEntity } from "../reference";
import { edmExpectation, edmWriteValue, REFUSED } from "./edm";
import type { ExactRecord, ModelMapping } from "./types";

export function checkMapping(mapping: ModelMapping, sampleInput: Record<string, unknown> = sampleOf(mapping)): string[] {
  const entity = mapping.reference;
  if (!entity || Object.keys(entity.properties).length === 0) return []; // outside the table: unchecked by design
  const problems: string[] = [];
  const where = `${mapping.model} (${entity.endpoint})`;
  const navigation = (name: string) => (entity.navigation && Object.hasOwn(entity.navigation, name) ? entity.navigation[name] : undefined);
  for (const name of mapping.select) {
    if (!exactProperty(entity, name) && !navigation(name)) problems.push(`${where}: selects ${name}, which ${entity.endpoint} does not have`);
  }
  if (mapping.expand && !navigation(mapping.expand)) problems.push(`${where}: expands ${mapping.expand}, which is not a navigation property`);
  for (const [field, filter] of Object.entries(mapping.filters)) {
    const property = exactProperty(entity, filter.exactField);
    if (!property) problems.push(`${where}: filter[${field}] is on ${filter.exactField}, which ${entity.endpoint} does not have`);
    else if (property.filterable === false) problems.push(`${where}: filter[${field}] is on ${filter.exactField}, which Exact cannot filter on`);
  }
  for (const name of mapping.searchFields) {
    if (!exactProperty(entity, name)) problems.push(`${where}: searches ${name}, which ${entity.endpoint} does not have`);
  }
  if (mapping.toExact) problems.push(...checkWritten(mapping.model, entity, mapping.toExact(sampleInput)));
  return problems;
}

function checkWritten(model: string, entity: ExactEntity, body: ExactRecord): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    const nav = entity.navigation && Object.hasOwn(entity.navigation, name) ? entity.navigation[name] : undefined;
    const related = nav ? exactEntity(nav.entity) : undefined;
    if (nav && related && Array.isArray(value)) {
      for (const child of value) problems.push(...checkWritten(model, related, child as ExactRecord));
      continue;
    }
    const property = exactProperty(entity, name);
    if (!property) problems.push(`${model} (${entity.endpoint}): writes ${name}, which ${entity.endpoint} does not have`);
    else if (property.readOnly) problems.push(`${model} (${entity.endpoint}): writes ${name}, which is read-only in Exact`);
    else if (value !== null && value !== undefined && edmWriteValue(property.type, value) === REFUSED) {
      problems.push(`${model} (${entity.endpoint}): writes ${name} as ${JSON.stringify(value)}, which is not ${edmExpectation(property.type)}`);
    }
  }
  return problems;
}

/**
 * What Exact requires on create (mandatory properties, mandatory inline lines) and a create body lacks: run on
 * the body of a create that gives only the fields the table marks required, it shows that the table's
 * `required` (with the model's own defaults) covers Exact's mandatory properties.
 */
export function missingOnCreate(entity: ExactEntity, body: ExactRecord): string[] {
  const missing = Object.entries(entity.properties)
    .filter(([name, property]) => property.mandatory && (body[name] === undefined || body[name] === null))
    .map(([name]) => name);
  for (const [name, nav] of Object.entries(entity.navigation ?? {})) {
    const lines = body[name];
    if (nav.mandatory && (!Array.isArray(lines) || lines.length === 0)) missing.push(name);
    const related = exactEntity(nav.entity);
    if (!related || !Array.isArray(lines)) continue;
    // An inline line names its invoice through the navigation, not through its foreign key.
    for (const line of lines as ExactRecord[]) missing.push(...missingOnCreate(related, { [nav.foreignKey]: "inline", ...line }).map((p) => `${name}.${p}`));
  }
  return missing;
}

const SAMPLE_ID = { id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" };

/** A value for every writable field, so that `toExact` writes everything it can. */
export function sampleOf(mapping: ModelMapping): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const field of mapping.fields) {
    if (!field.writable) continue;
    sample[field.name] =
      field.type === "reference" ? SAMPLE_ID
      : field.type === "guid" ? SAMPLE_ID.id
      : field.type === "number" || field.type === "integer" ? 1
      : field.type === "boolean" ? true
      : field.type === "date" || field.type === "datetime" ? "2026-01-31"
      : field.type === "references" || field.type === "object" ? undefined
      : "text";
  }
  return sample;
}
