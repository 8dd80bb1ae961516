/**
 * The resource routes in the document: one path per model of this server's registry (custom models
 * included), with the methods its operations allow. `/v1/resources/:model` is one Hono route; here each
 * model gets its own described route on a Hono app that only the document generator reads, with the
 * model's record schema (from its field table) and its create/update schemas (the ones the route validates with).
 */
import { Hono } from "hono";
import type { OpenAPIV3_1 } from "openapi-types";
import type { ModelRegistry } from "../connectors/exact-online/model-registry";
import type { FieldType, ModelMapping, UnifiedField } from "../connectors/exact-online/models/types";
import { IDEMPOTENCY_HEADER } from "../resources/idempotency";
import { MAX_LIMIT } from "../routes/list-query";
import { describe, pathParameter, queryParameter, type OperationSpec } from "./describe";
import { EXACT_ERRORS } from "./operations";
import { data as dataOf, modelFieldsSchema } from "./schemas";

const nullable = (schema: OpenAPIV3_1.SchemaObject): OpenAPIV3_1.SchemaObject => ({ anyOf: [schema, { type: "null" }] });
const REFERENCE: OpenAPIV3_1.SchemaObject = { type: "object", properties: { id: { type: "string" } }, required: ["id"] };

function valueSchema(type: FieldType): OpenAPIV3_1.SchemaObject {
  switch (type) {
    case "string":
    case "guid":
      return nullable({ type: "string" });
    case "number":
      return nullable({ type: "number" });
    case "integer":
      return nullable({ type: "integer" });
    case "boolean":
      return nullable({ type: "boolean" });
    case "date":
      return nullable({ type: "string", format: "date" });
    case "datetime":
      return nullable({ type: "string", format: "date-time" });
    case "reference":
      return nullable(REFERENCE);
    case "references":
      return nullable({ type: "array", items: REFERENCE });
    case "object":
      return {};
    default:
      return type satisfies never;
  }
}

const fieldSchema = (field: UnifiedField): OpenAPIV3_1.SchemaObject => ({ ...valueSchema(field.type), description: field.description, ...(field.writable ? {} : { readOnly: true }) });

export const recordSchemaName = (model: string) => `${model.charAt(0).toUpperCase()}${model.slice(1)}Record`;

/** A model's unified record: its field table; a connection's mapped fields come on top (any JSON value). */
export function recordSchema(mapping: ModelMapping): OpenAPIV3_1.SchemaObject {
  const properties: Record<string, OpenAPIV3_1.SchemaObject> = {};
  for (const field of mapping.fields) properties[field.name] = fieldSchema(field);
  properties.id = { type: "string", description: "Exact's key of the record", readOnly: true };
  properties.raw = { type: "object", description: "Exact's record as read: with `?raw=true` only.", additionalProperties: true };
  return {
    type: "object",
    description: `${mapping.label}: Exact's \`${mapping.endpoint}\`.`,
    properties,
    required: mapping.fields.map((field) => field.name),
    additionalProperties: true,
  };
}

const ref = (model: string) => ({ $ref: `#/components/schemas/${recordSchemaName(model)}` });
/** Describes the model's JSON with a schema that is already JSON Schema (hono-openapi passes such schemas through). */
const jsonOf = (schema: OpenAPIV3_1.SchemaObject | { $ref: string }) => ({ "application/json": { schema } });

type Described = Omit<OperationSpec, "responses"> & { responses: NonNullable<OperationSpec["responses"]> };
const base = (): Pick<OperationSpec, "tag" | "auth" | "ownerHeaders" | "division"> => ({ tag: "Resources", auth: "secretKey", ownerHeaders: true, division: true });
const modelErrors = [...EXACT_ERRORS, "NOT_FOUND", "OPERATION_NOT_SUPPORTED"] as const;

/** The Hono app whose described routes are this registry's resource paths (never served). */
export function resourceDescriptions(models: ModelRegistry): { app: Hono; schemas: Record<string, OpenAPIV3_1.SchemaObject> } {
  const app = new Hono();
  const schemas: Record<string, OpenAPIV3_1.SchemaObject> = {};
  const noop = () => new Response(null);
  for (const mapping of models.all()) {
    const { model, label, actions } = mapping;
    schemas[recordSchemaName(model)] = recordSchema(mapping);
    const collection = `/v1/resources/${model}`;
    const item = `${collection}/:id`;
    const id = pathParameter("id", `Exact's key of the record (\`${mapping.keyField}\`).`);
    const describeWith = (spec: Described, responses: Record<string, OpenAPIV3_1.ResponseObject>) => describe(spec, responses);

    if (actions.includes("list")) {
      const filters = mapping.fields.filter((field) => field.filter).map((field) => queryParameter(`filter[${field.name}]`, `Records whose ${field.name} equals this value.`));
      app.get(
        collection,
        describeWith(
          {
            ...base(),
            summary: `List ${label.toLowerCase()}`,
            operationId: `list_${model}`,
            errors: [...modelErrors, "VALIDATION_ERROR"],
            parameters: [
              queryParameter("limit", `1–${MAX_LIMIT}, default 20.`, { type: "integer", minimum: 1, maximum: MAX_LIMIT }),
              queryParameter("cursor", "`next` of the previous page."),
              ...(mapping.searchFields.length > 0 ? [queryParameter("search", "1–200 characters, looked for in the searchable fields.")] : []),
              queryParameter("raw", "`true` adds Exact's record as `raw`.", { type: "string", enum: ["true", "false"] }),
              ...filters,
            ],
            responses: {},
          },
          {
            200: {
              description: "One page: pass `next` back as `cursor`.",
              content: jsonOf({ type: "object", properties: { data: { type: "array", items: ref(model) }, next: { type: ["string", "null"] } }, required: ["data", "next"] }),
            },
          },
        ),
        noop,
      );
    }
    if (actions.includes("create") && mapping.createSchema) {
      app.post(
        collection,
        describeWith(
          {
            ...base(),
            summary: `Create a ${label.toLowerCase().replace(/s$/, "")}`,
            operationId: `create_${model}`,
            errors: [...modelErrors, "IDEMPOTENCY_CONFLICT"],
            body: mapping.createSchema,
            parameters: [
              {
                name: IDEMPOTENCY_HEADER,
                in: "header",
                required: false,
                description: "Makes a retried create safe: the same key and body within 24 h (per owner) replays the first answer.",
                schema: { type: "string", maxLength: 255 },
              },
            ],
            responses: {},
          },
          { 201: { description: "Created.", content: jsonOf({ type: "object", properties: { data: ref(model) }, required: ["data"] }) } },
        ),
        noop,
      );
    }
    app.get(
      `${collection}/fields`,
      describe({
        ...base(),
        summary: `The fields of ${label.toLowerCase()}: unified, mapped and Exact's`,
        operationId: `fields_${model}`,
        errors: [...modelErrors],
        responses: { 200: { description: "The model's fields.", json: dataOf(modelFieldsSchema) } },
      }),
      noop,
    );
    if (actions.includes("retrieve")) {
      app.get(
        item,
        describeWith(
          {
            ...base(),
            summary: `Retrieve one of ${label.toLowerCase()}`,
            operationId: `retrieve_${model}`,
            errors: [...modelErrors, "VALIDATION_ERROR"],
            parameters: [id, queryParameter("raw", "`true` adds Exact's record as `raw`.", { type: "string", enum: ["true", "false"] })],
            responses: {},
          },
          { 200: { description: "The record.", content: jsonOf({ type: "object", properties: { data: ref(model) }, required: ["data"] }) } },
        ),
        noop,
      );
    }
    if (actions.includes("update") && mapping.updateSchema) {
      app.patch(
        item,
        describeWith(
          { ...base(), summary: `Update one of ${label.toLowerCase()}`, operationId: `update_${model}`, errors: [...modelErrors], body: mapping.updateSchema, parameters: [id], responses: {} },
          { 200: { description: "The record after the update.", content: jsonOf({ type: "object", properties: { data: ref(model) }, required: ["data"] }) } },
        ),
        noop,
      );
    }
    if (actions.includes("delete")) {
      app.delete(
        item,
        describeWith({ ...base(), summary: `Delete one of ${label.toLowerCase()}`, operationId: `delete_${model}`, errors: [...modelErrors], parameters: [id], responses: {} }, { 204: { description: "Deleted." } }),
        noop,
      );
    }
  }
  return { app, schemas };
}
