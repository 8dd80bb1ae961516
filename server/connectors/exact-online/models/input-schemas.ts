/**
 * The create and update schemas of a model, derived from its field table: a writable field is declared once
 * (type, writable, required, nullable) and both the input validation and `GET /v1/resources/:model/fields`
 * follow from that one line. What the table cannot say is an override on the field (`input`: a format, a
 * length, nested lines) or a model-level rule (`onCreate`/`onUpdate`: "firstName or lastName").
 */
import { z } from "zod";
import type { FieldType } from "./types";
import { AT_LEAST_ONE_FIELD, atLeastOneField, dateInput, guidRef } from "./convert";

/** How a field is written, beyond the `/fields` table. */
export interface InputRules {
  /** A write may send null, which clears the value in Exact. A required field is never null on create. */
  nullable?: boolean;
  /** The field's schema where its type's is not enough (an e-mail, a length, a country code, nested lines). */
  input?: z.ZodType;
  /** Written on create only: an update refuses it as an unknown field (e.g. a line's invoice, Exact refuses moving it). */
  createOnly?: boolean;
  /** Read-only, and a write is refused with this message rather than as an unknown field (the caller likely expects to set it). */
  readOnlyReason?: string;
}

/** The part of a field declaration the input schemas are derived from. */
export interface InputField extends InputRules {
  name: string;
  type: FieldType;
  writable?: boolean;
  required?: boolean;
  /** An Exact code table: its unified values are the field's enum. */
  codes?: { values: readonly [string, ...string[]] };
}

export type InputSchema = z.ZodType<Record<string, unknown>>;
type Shape = Record<string, z.ZodType>;

/** The schema of one value of the field, before optional and null are decided. */
function valueSchema(model: string, field: InputField): z.ZodType {
  if (field.input) return field.input;
  if (field.codes) return z.enum(field.codes.values);
  switch (field.type) {
    case "string":
      return z.string();
    case "number":
      return z.number();
    case "integer":
      return z.int();
    case "boolean":
      return z.boolean();
    case "date":
    case "datetime":
      return dateInput;
    case "guid":
      return z.guid();
    case "reference":
      return guidRef;
    case "references":
    case "object":
      throw new Error(`${model}.${field.name}: a writable ${field.type} field needs its own input schema`);
    default:
      return field.type satisfies never;
  }
}

function optional(model: string, field: InputField): z.ZodType {
  const value = valueSchema(model, field);
  return field.nullable ? value.nullable().optional() : value.optional();
}

/** A read-only field is left out (so refused as unknown), unless it says why it is refused. */
function refusal(field: InputField): Shape {
  return field.readOnlyReason ? { [field.name]: z.undefined({ error: field.readOnlyReason }).optional() } : {};
}

/** The fields a create takes, in table order: required ones must be given, and not as null. */
export function createShape(model: string, fields: readonly InputField[]): Shape {
  return Object.fromEntries(
    fields.flatMap((field) => {
      if (!field.writable) return Object.entries(refusal(field));
      return [[field.name, field.required ? valueSchema(model, field) : optional(model, field)]];
    }),
  );
}

/** The fields an update takes: every writable one but the create-only, each optional. */
function updateShape(model: string, fields: readonly InputField[]): Shape {
  return Object.fromEntries(
    fields.flatMap((field) => {
      if (!field.writable) return Object.entries(refusal(field));
      return field.createOnly ? [] : [[field.name, optional(model, field)]];
    }),
  );
}

export interface ModelInputRules {
  /** A rule over the whole create (e.g. one of two fields, a default taken from another field). */
  onCreate?(schema: z.ZodObject<Shape>): InputSchema;
  /** A rule over the whole update, after "at least one field". */
  onUpdate?(schema: InputSchema): InputSchema;
}

/**
 * Strict objects: an unknown or read-only field is a 400 naming it, never silently dropped. An empty
 * update is refused rather than sent to Exact as a no-op.
 */
export function inputSchemas(model: string, fields: readonly InputField[], rules: ModelInputRules = {}) {
  const create = z.strictObject(createShape(model, fields));
  const update = z.strictObject(updateShape(model, fields)).refine(atLeastOneField, AT_LEAST_ONE_FIELD);
  return {
    createSchema: rules.onCreate ? rules.onCreate(create) : (create as InputSchema),
    updateSchema: rules.onUpdate ? rules.onUpdate(update) : (update as InputSchema),
  };
}
