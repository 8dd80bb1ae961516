/**
 * How a route describes itself in the OpenAPI document: `describeRoute` of hono-openapi, with this server's
 * conventions filled in once: the security scheme, the `{ error: { code, message, details } }` answers with
 * the status of each code from the one ERROR_STATUS table, the connection headers, the JSON bodies.
 */
import { describeRoute, resolver, type DescribeRouteOptions } from "hono-openapi";
import type { OpenAPIV3_1 } from "openapi-types";
import type { z } from "zod";
import { ERROR_STATUS, type ServerErrorCode } from "../errors";

export type Auth = "secretKey" | "session" | "none";

type ResponseSpec =
  | { description: string; json: z.ZodType }
  | { description: string; html: true }
  | { description: string; empty: true; headers?: Record<string, OpenAPIV3_1.HeaderObject> }
  | { description: string }
  | { description: string; any: true };

export interface OperationSpec {
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  /** The codes this operation can answer besides those its auth and body bring (see `commonErrors`). */
  errors?: ServerErrorCode[];
  /** By status, or `default` (the proxy: whatever Exact answers). */
  responses: Partial<Record<number | "default", ResponseSpec>>;
  /** A JSON request body, validated by the route with this schema. */
  body?: z.ZodType;
  /** An HTML form's body (`application/x-www-form-urlencoded`), as JSON Schema: the hosted pages' posts. */
  form?: Record<string, unknown>;
  /** Any body, passed on as it is (the proxy: Exact's JSON). */
  anyBody?: boolean;
  /** The body is optional (an empty POST is fine). */
  bodyOptional?: boolean;
  parameters?: OpenAPIV3_1.ParameterObject[];
  /** Names the connection with `x-owner-id` (required) and `x-connector-id`. */
  ownerHeaders?: boolean;
  /** Reaches Exact in one of the connection's divisions: documents `x-division`. */
  division?: boolean;
  operationId?: string;
  /**
   * Answers pass through from Exact with Exact's status and body (the proxy): the codes this server adds are
   * listed in `x-error-codes` and under `default`, not as responses of their own.
   */
  passthrough?: boolean;
}

export const SECURITY_SCHEMES = {
  secretKey: {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer <MORPH_SECRET_KEY>` (`sk_…`): the backend routes. Never send it from a browser.",
  },
  sessionToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The widget's short-lived session token from `POST /v1/sessions` (a JWT, at most 30 minutes).",
  },
} satisfies Record<string, OpenAPIV3_1.SecuritySchemeObject>;

const SECURITY: Record<Auth, OpenAPIV3_1.SecurityRequirementObject[]> = {
  secretKey: [{ secretKey: [] }],
  session: [{ sessionToken: [] }],
  none: [],
};

/** What every operation of an auth kind can answer, whatever it does. */
export function commonErrors(auth: Auth, hasBody: boolean): ServerErrorCode[] {
  // Any route may meet a busy database (SQLite's write lock, a lost PostgreSQL connection): 503 UNAVAILABLE.
  const codes: ServerErrorCode[] = ["INTERNAL_ERROR", ...(auth === "none" ? [] : (["UNAVAILABLE"] as const))];
  if (auth === "secretKey") codes.push("UNAUTHORIZED", "VALIDATION_ERROR");
  if (auth === "session") codes.push("INVALID_SESSION", "SESSION_EXPIRED");
  if (hasBody) codes.push("VALIDATION_ERROR", "PAYLOAD_TOO_LARGE");
  return codes;
}

export const OWNER_HEADERS: OpenAPIV3_1.ParameterObject[] = [
  {
    name: "x-owner-id",
    in: "header",
    required: true,
    description: "Your customer whose connection the call uses: 1 to 255 visible ASCII characters.",
    schema: { type: "string", minLength: 1, maxLength: 255 },
  },
  { name: "x-connector-id", in: "header", required: false, description: "The connector.", schema: { type: "string", enum: ["exact-online"], default: "exact-online" } },
];

export const DIVISION_HEADER: OpenAPIV3_1.ParameterObject = {
  name: "x-division",
  in: "header",
  required: false,
  description:
    "One of the connection's Exact divisions (its code). Default: the connection's `defaultDivision`. A division the connection does not reach is `403 INSUFFICIENT_PERMISSIONS` with `details.division`.",
  schema: { type: "integer" },
};

export const pathParameter = (name: string, description: string): OpenAPIV3_1.ParameterObject => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});

export const queryParameter = (name: string, description: string, schema: OpenAPIV3_1.SchemaObject = { type: "string" }): OpenAPIV3_1.ParameterObject => ({
  name,
  in: "query",
  required: false,
  description,
  // openapi-types' 3.1 parameter still types its schema as 3.0's.
  schema: schema as OpenAPIV3_1.ParameterObject["schema"],
});

/** The error answers of a list of codes: one response per status, its body's `code` limited to that status's codes. */
export function errorResponses(codes: readonly ServerErrorCode[]): Record<string, OpenAPIV3_1.ResponseObject> {
  const byStatus = new Map<number, ServerErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, OpenAPIV3_1.ResponseObject> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: statusCodes.map((code) => `\`${code}\``).join(", "),
      ...(statusCodes.includes("RATE_LIMITED") || statusCodes.includes("TOO_MANY_ATTEMPTS") || status === 503
        ? { headers: { "retry-after": { description: "Seconds to wait before trying again.", schema: { type: "integer" } } } }
        : {}),
      content: { "application/json": { schema: errorSchema(statusCodes) as OpenAPIV3_1.SchemaObject } },
    };
  }
  return responses;
}

export function errorSchema(codes: readonly ServerErrorCode[]): Record<string, unknown> {
  return {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", enum: [...codes] },
          message: { type: "string" },
          details: { type: "object", additionalProperties: true },
        },
      },
    },
  };
}

function response(spec: ResponseSpec): NonNullable<DescribeRouteOptions["responses"]>[string] {
  if ("json" in spec) return { description: spec.description, content: { "application/json": { schema: resolver(spec.json, { io: "output" }) } } };
  if ("html" in spec) return { description: spec.description, content: { "text/html": { schema: { type: "string" } } } };
  if ("any" in spec) return { description: spec.description, content: { "*/*": { schema: {} } } };
  return { description: spec.description, ...("headers" in spec && spec.headers ? { headers: spec.headers } : {}) };
}

/** The OpenAPI description of one route, as hono-openapi's `describeRoute` middleware. */
export function describe(spec: OperationSpec, rawResponses: Record<string, OpenAPIV3_1.ResponseObject> = {}) {
  return describeRoute(toRouteDescription(spec, rawResponses));
}

/** `rawResponses`: answers already in JSON Schema (the resource paths' `$ref`s to record schemas). */
export function toRouteDescription(spec: OperationSpec, rawResponses: Record<string, OpenAPIV3_1.ResponseObject> = {}): DescribeRouteOptions {
  const codes = [...commonErrors(spec.auth, spec.body !== undefined), ...(spec.errors ?? [])];
  const responses: NonNullable<DescribeRouteOptions["responses"]> = {};
  for (const [status, one] of Object.entries(spec.responses)) if (one) responses[status] = response(one);
  Object.assign(responses, rawResponses);
  if (!spec.passthrough) for (const [status, one] of Object.entries(errorResponses(codes))) if (!(status in responses)) responses[status] = one;
  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    security: SECURITY[spec.auth],
    parameters: [...(spec.ownerHeaders ? OWNER_HEADERS : []), ...(spec.division ? [DIVISION_HEADER] : []), ...(spec.parameters ?? [])],
    ...(spec.form ? { requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: spec.form as OpenAPIV3_1.SchemaObject } } } } : {}),
    ...(spec.anyBody ? { requestBody: { required: false, content: { "application/json": { schema: {} } } } } : {}),
    ...(spec.body
      ? { requestBody: { required: !spec.bodyOptional, content: { "application/json": { schema: resolver(spec.body, { io: "input" }) } } } }
      : {}),
    responses,
    "x-error-codes": [...new Set(codes)],
  } as DescribeRouteOptions;
}
