/**
 * Checks an answer against the OpenAPI document: the operation (method and path) is documented, the status
 * is one it documents, and a JSON body is valid against the documented schema (JSON Schema 2020-12, ajv).
 * The test harness runs every answer of the app through it, so a route answering something the document does
 * not describe fails the test that met it.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { ERROR_STATUS, type ServerErrorCode } from "../errors";
import type { OpenApiDocument } from "./document";

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);
const DOCUMENT_ID = "https://morph-connect.invalid/openapi.json";

interface PathTemplate {
  path: string;
  pattern: RegExp;
  /** Fewer parameters first: `/fields` before `/{id}`, as OpenAPI orders concrete paths before templated ones. */
  parameters: number;
}

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>; parameters?: Array<{ name?: string; "x-multi-segment"?: boolean }> };

export interface Answer {
  method: string;
  /** The request's path, without the query. */
  path: string;
  status: number;
  contentType: string | null;
  body: string;
}

export class ResponseChecker {
  private readonly templates: PathTemplate[];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.templates = Object.keys(document.paths ?? {})
      .map((path) => {
        const item = document.paths![path] as Record<string, Operation>;
        const multi = new Set(
          Object.values(item)
            .flatMap((operation) => operation.parameters ?? [])
            .filter((parameter) => parameter["x-multi-segment"])
            .map((parameter) => parameter.name),
        );
        const source = path
          .split("/")
          .map((segment) => {
            const name = /^\{(.+)\}$/.exec(segment)?.[1];
            if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            return multi.has(name) ? ".+" : "[^/]+";
          })
          .join("/");
        return { path, pattern: new RegExp(`^${source}$`), parameters: (path.match(/\{/g) ?? []).length };
      })
      .sort((a, b) => a.parameters - b.parameters);
    // strict: false: the document's own keywords (paths, description, readOnly…) are not JSON Schema's concern here.
    this.ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });
  }

  /** The documented operation a request reaches: its path template and operation, if any. */
  operationFor(method: string, path: string): { path: string; operationId?: string; operation: Operation } | undefined {
    const template = this.templates.find((t) => t.pattern.test(path) || t.pattern.test(decodeURIComponentSafe(path)));
    const operation = template ? ((this.document.paths![template.path] as Record<string, Operation | undefined>)[method.toLowerCase()]) : undefined;
    return template && operation ? { path: template.path, operationId: (operation as { operationId?: string }).operationId, operation } : undefined;
  }

  /** The violations of a request's JSON body against the operation's documented request body. */
  checkRequestBody(method: string, path: string, body: string | undefined): string[] {
    const where = `${method} ${path}`;
    const found = this.operationFor(method, path);
    if (!found) return [`${where}: no such operation in the document`];
    const requestBody = (found.operation as { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }).requestBody;
    if (body === undefined) return requestBody?.required ? [`${where}: the document requires a body`] : [];
    const schema = requestBody?.content?.["application/json"]?.schema;
    if (!schema) return [`${where}: a JSON body, where the document describes none`];
    return this.validate(where, `request ${found.path} ${method.toLowerCase()}`, schema, body);
  }

  /** The violations of one delivered event (its JSON body) against the document's `webhooks` entry for its type. */
  checkEvent(body: string): string[] {
    const type = (parseJson(body) as { type?: unknown } | undefined)?.type;
    const item = typeof type === "string" ? (this.document.webhooks?.[type] as { post?: { requestBody?: { content?: Record<string, { schema?: unknown }> } } } | undefined) : undefined;
    const schema = item?.post?.requestBody?.content?.["application/json"]?.schema;
    if (!schema) return [`event ${String(type)}: not in the document's webhooks`];
    return this.validate(`event ${type}`, `webhook ${type}`, schema, body);
  }

  /** The violations of one answer: empty when the document describes it. */
  check(answer: Answer): string[] {
    const method = answer.method.toLowerCase();
    if (!METHODS.has(method)) return [];
    const where = `${answer.method} ${answer.path} → ${answer.status}`;
    const found = this.operationFor(method, answer.path);
    if (!found) return this.undocumentedRoute(where, answer);
    const { operation } = found;
    const template = { path: found.path };

    const responses = operation.responses ?? {};
    const response = responses[String(answer.status)] ?? responses[`${String(answer.status)[0]}XX`] ?? responses.default;
    if (!response) return [`${where}: status ${answer.status} is not documented for ${method.toUpperCase()} ${template.path} (documented: ${Object.keys(responses).join(", ")})`];
    const content = response.content;
    if (!content || answer.body === "") {
      return content && !Object.keys(content).some((type) => type === "*/*") && answer.body === "" && answer.status !== 204
        ? [`${where}: an empty body, where the document describes ${Object.keys(content).join(", ")}`]
        : !content && answer.body !== ""
          ? [`${where}: a body, where the document describes none`]
          : [];
    }
    const type = (answer.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const mediaType = content[type] ? type : content["*/*"] ? "*/*" : undefined;
    if (!mediaType) return [`${where}: content type ${type || "(none)"}, where the document describes ${Object.keys(content).join(", ")}`];
    if (type !== "application/json" || mediaType === "*/*") return [];
    const pointer = `#/paths/${escapePointer(template.path)}/${method}/responses/${escapePointer(String(answer.status) in responses ? String(answer.status) : "default")}/content/${escapePointer(mediaType)}/schema`;
    return this.validate(where, pointer, content[mediaType]!.schema, answer.body);
  }

  /** No documented operation: only the app's own "no such route" answers (an error body whose status is its code's). */
  private undocumentedRoute(where: string, answer: Answer): string[] {
    const parsed = parseJson(answer.body);
    const code = (parsed as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (typeof code === "string" && Object.hasOwn(ERROR_STATUS, code) && ERROR_STATUS[code as ServerErrorCode] === answer.status) {
      return this.validate(where, "#/components/schemas/ErrorBody", { $ref: "#/components/schemas/ErrorBody" }, answer.body);
    }
    return [`${where}: no operation for ${answer.method} ${answer.path} in the document, and not an error answer`];
  }

  private validate(where: string, key: string, schema: unknown, body: string): string[] {
    const parsed = parseJson(body);
    if (parsed === undefined) return [`${where}: the body is not JSON: ${body.slice(0, 200)}`];
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.compile(rebase(schema) as object);
      this.validators.set(key, validator);
    }
    if (validator(parsed)) return [];
    const errors = (validator.errors ?? []).slice(0, 3).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
    return [`${where}: the body does not match the documented schema: ${errors.join("; ")}\n  body: ${body.slice(0, 500)}`];
  }
}

/** `#/components/…` references, made absolute against the document registered with ajv. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${DOCUMENT_ID}${value}` : rebase(value);
  }
  return out;
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
