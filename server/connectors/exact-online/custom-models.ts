/**
 * Operator-declared models (MORPH_CUSTOM_MODELS): a JSON file of model declarations in the same format as
 * the built-in ones, validated at start-up. Over an entity of Exact's reference table every field is
 * checked against it; an endpoint outside the table is allowed, unchecked. Their create and update schemas are
 * derived from the declared fields as the built-in models' are (models/input-schemas.ts).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ACTIONS, MODELS, type Action } from "../../../src/protocol";
import { defineModel, type FieldDecl } from "./models/define-model";
import type { FieldType, ModelMapping } from "./models/types";
import { ACTION_METHOD } from "./operations";
import { exactEntity, exactProperty, type ExactEntity } from "./reference";

export class CustomModelsError extends Error {}

const CUSTOM_FIELD_TYPES = ["string", "number", "integer", "boolean", "date", "datetime", "guid", "reference"] as const satisfies readonly FieldType[];
const EXACT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_FIELDS = ["id", "createdAt", "updatedAt", "raw"];

const fieldSchema = z.strictObject({
  name: z.string().regex(/^[a-z][A-Za-z0-9]{0,62}$/, "must be camelCase letters and digits").refine((n) => !RESERVED_FIELDS.includes(n), "is a name every record already has"),
  exact: z.string().regex(EXACT_NAME, "must be an Exact property name"),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: z.string().min(1).max(100).optional(),
  writable: z.boolean().default(false),
  filter: z.boolean().default(false),
  search: z.boolean().default(false),
});

const modelSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][A-Za-z0-9]{1,62}$/, "must be camelCase letters and digits")
    .refine((n) => !(MODELS as readonly string[]).includes(n) && n !== "proxy", "shadows a built-in model"),
  label: z.string().min(1).max(100).optional(),
  endpoint: z.string().regex(/^[A-Za-z]+\/[A-Za-z]+$/, "must be service/Entity, e.g. financial/Journals"),
  key: z.string().regex(EXACT_NAME, "must be an Exact property name"),
  keyType: z.enum(["guid", "int"]),
  operations: z.array(z.enum(ACTIONS)).min(1).refine((ops) => new Set(ops).size === ops.length, "lists an operation twice"),
  fields: z.array(fieldSchema).min(1),
});

type ModelJson = z.infer<typeof modelSchema>;
type FieldJson = z.infer<typeof fieldSchema>;

export function loadCustomModels(path: string): ModelMapping[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CustomModelsError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CustomModelsError(`is not valid JSON: ${(error as Error).message}`);
  }
  return parseCustomModels(json);
}

export function parseCustomModels(json: unknown): ModelMapping[] {
  const parsed = z.array(modelSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CustomModelsError(`${pathText(issue.path)}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return parsed.data.map((model, index) => {
    if (seen.has(model.name)) throw new CustomModelsError(`[${index}].name: "${model.name}" is declared twice`);
    seen.add(model.name);
    return toMapping(model, index);
  });
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "") || "(file)";
}

function toMapping(model: ModelJson, index: number): ModelMapping {
  const at = (path: string) => `[${index}]${path}`;
  const names = new Set<string>();
  model.fields.forEach((field, i) => {
    if (names.has(field.name)) throw new CustomModelsError(`${at(`.fields[${i}].name`)}: "${field.name}" is declared twice`);
    names.add(field.name);
  });
  const known = exactEntity(model.endpoint);
  if (known) checkAgainstReference(model, known, at);
  const reference: ExactEntity = known ?? {
    endpoint: model.endpoint,
    source: "declared in MORPH_CUSTOM_MODELS (outside Exact's reference table: properties unchecked)",
    key: model.key,
    keyType: model.keyType,
    methods: [...new Set(model.operations.map((op) => ACTION_METHOD[op]))],
    properties: {},
  };
  const writes = model.operations.includes("create") || model.operations.includes("update");
  const writable = model.fields.filter((f) => f.writable);
  if (writes && writable.length === 0) throw new CustomModelsError(`${at(".fields")}: create/update need at least one writable field`);
  // Required on create where Exact's reference says mandatory; outside the table nothing is known to be.
  const required = (f: FieldJson) => known !== undefined && exactProperty(known, f.exact)?.mandatory === true;
  const fields: FieldDecl[] = model.fields.map((f) => ({
    name: f.name,
    exact: f.exact,
    type: f.type,
    description: f.label ?? f.name,
    writable: f.writable,
    filter: f.filter,
    search: f.search,
    required: f.writable && required(f),
    // A custom field has no override: any write may clear it, as far as its type goes.
    nullable: f.writable,
  }));
  return defineModel({
    model: model.name,
    label: model.label ?? model.name,
    reference,
    actions: model.operations,
    fields,
  });
}

function checkAgainstReference(model: ModelJson, entity: ExactEntity, at: (path: string) => string): void {
  if (model.key !== entity.key) throw new CustomModelsError(`${at(".key")}: ${entity.endpoint}'s key is ${entity.key}, not ${model.key}`);
  if (model.keyType !== entity.keyType) throw new CustomModelsError(`${at(".keyType")}: ${entity.endpoint}'s key is a ${entity.keyType}`);
  model.operations.forEach((operation: Action, i) => {
    if (!entity.methods.includes(ACTION_METHOD[operation])) {
      throw new CustomModelsError(`${at(`.operations[${i}]`)}: Exact allows no ${operation} on ${entity.endpoint}`);
    }
  });
  model.fields.forEach((field, i) => {
    const property = exactProperty(entity, field.exact);
    if (!property) throw new CustomModelsError(`${at(`.fields[${i}].exact`)}: ${entity.endpoint} has no property "${field.exact}"`);
    if (field.writable && property.readOnly) throw new CustomModelsError(`${at(`.fields[${i}].writable`)}: ${field.exact} is read-only in Exact`);
    if (field.filter && property.filterable === false) throw new CustomModelsError(`${at(`.fields[${i}].filter`)}: Exact cannot filter on ${field.exact}`);
  });
}
