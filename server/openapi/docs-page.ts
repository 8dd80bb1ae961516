/**
 * `GET /docs`: the API reference, rendered on the server from the OpenAPI document. One page, no script,
 * one nonce'd <style>, no CDN and no web font: it works offline and under the strictest CSP of the server's
 * pages. Grouped by tag, with a table of contents, anchors per operation and schema, light and dark
 * (`prefers-color-scheme`, or `?theme=light|dark` like the demo page).
 */
import { randomBytes } from "node:crypto";
import { ERROR_STATUS, type ServerErrorCode } from "../errors";
import { escapeHtml as e } from "../routes/callback-page";
import type { OpenApiDocument } from "./document";

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Array<Record<string, unknown>>;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  "x-error-codes"?: string[];
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const THEMES = ["light", "dark"] as const;

const DARK =
  "color-scheme:dark;--bg:#12161c;--card:#1c222b;--text:#e8ecf1;--muted:#b4bcc8;--accent:#ff8a9b;--border:#4b5563;--code:#0f1318;--get:#7ee2a8;--post:#9cc7ff;--put:#ffd27a;--patch:#ffd27a;--delete:#ff9c9c";
const STYLE = `:root{color-scheme:light;--bg:#f4f6f9;--card:#fff;--text:#1c2430;--muted:#4b5563;--accent:#b00d26;--border:#c7ccd4;--code:#eef1f5;--get:#0b6b3a;--post:#0b4f9c;--put:#7a4d00;--patch:#7a4d00;--delete:#a3111f}
[data-theme=dark]{${DARK}}@media (prefers-color-scheme:dark){[data-theme=system]{${DARK}}}
*{box-sizing:border-box}html{scroll-behavior:smooth}body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text)}
a{color:var(--accent)}:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
header{padding:1.5rem 2rem;border-bottom:1px solid var(--border);background:var(--card)}header h1{margin:0 0 .25rem;font-size:1.6rem}header p{margin:.25rem 0;max-width:60rem}
.layout{display:grid;grid-template-columns:minmax(14rem,20rem) 1fr;gap:0}
nav{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:1rem 1.25rem;border-right:1px solid var(--border)}
nav h2{font-size:1rem;margin:.5rem 0}nav ul{list-style:none;margin:0;padding:0}nav li{margin:.15rem 0}nav ul ul{padding-left:.75rem;font-size:.88rem}
nav a{color:var(--text);text-decoration:none}nav a:hover{text-decoration:underline}
main{padding:1rem 2rem 4rem;min-width:0}
section>h2{font-size:1.35rem;margin:2rem 0 .5rem;padding-top:.5rem;border-top:1px solid var(--border)}
article{background:var(--card);border:1px solid var(--border);border-radius:10px;padding:1rem 1.25rem;margin:1rem 0}
article h3{margin:0 0 .5rem;font-size:1.05rem;display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
h4{margin:1rem 0 .35rem;font-size:.95rem}
.method{font:700 .8rem/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-transform:uppercase;padding:.25rem .45rem;border-radius:4px;border:1px solid currentColor}
.get{color:var(--get)}.post{color:var(--post)}.put{color:var(--put)}.patch{color:var(--patch)}.delete{color:var(--delete)}
code,.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}code{background:var(--code);padding:.05rem .3rem;border-radius:4px}
.path{word-break:break-all}.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.25rem 0;font-size:.92rem}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--border)}th{font-weight:600}
ul.schema{list-style:none;margin:.25rem 0;padding-left:1rem;border-left:2px solid var(--border)}ul.schema li{margin:.2rem 0}
.req{color:var(--accent);font-weight:600}.anchor{font-size:.85rem;text-decoration:none}
@media (max-width:800px){.layout{grid-template-columns:1fr}nav{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--border)}}`;

const slug = (value: string) => value.replace(/[^A-Za-z0-9_-]+/g, "-");
const md = (text: string | undefined) => (text ? e(text).replace(/`([^`]+)`/g, "<code>$1</code>") : "");

/** A JSON Schema as a readable list: properties with types, required marks and descriptions; `$ref`s as links. */
function renderSchema(schema: Schema | undefined, depth = 0): string {
  if (!schema || Object.keys(schema).length === 0) return `<span class="muted">any JSON</span>`;
  return `${typeOf(schema)}${schema.description ? ` <span class="muted">${md(String(schema.description))}</span>` : ""}${children(schema, depth)}`;
}

function typeOf(schema: Schema): string {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop()!;
    return `<a href="#schema-${slug(name)}"><code>${e(name)}</code></a>`;
  }
  if ("const" in schema) return `<code>${e(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `<code>${e(JSON.stringify(v))}</code>`).join(", ")}`;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) {
    const nonNull = variants.filter((v) => v.type !== "null");
    const orNull = nonNull.length < variants.length ? " or null" : "";
    if (nonNull.length === 1) return `${typeOf(nonNull[0]!)}${orNull}`;
    return `one of: ${nonNull.map(typeOf).join(" | ")}${orNull}`;
  }
  if (Array.isArray(schema.allOf)) return (schema.allOf as Schema[]).map(typeOf).join(" and ");
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(" or ") : (schema.type as string | undefined);
  if (type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) {
    return `array of ${schema.items && typeof schema.items === "object" ? typeOf(schema.items as Schema) : "any"}${typeof schema.maxItems === "number" ? ` (at most ${schema.maxItems})` : ""}`;
  }
  const format = typeof schema.format === "string" ? ` <span class="muted">(${e(schema.format)})</span>` : "";
  return `${e(type ?? "any")}${format}`;
}

function children(schema: Schema, depth: number): string {
  if (depth > 4) return "";
  if (schema.type === "object" || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const items = Object.entries(properties).map(
      ([name, property]) => `<li><code>${e(name)}</code>${required.has(name) ? ` <span class="req">required</span>` : ""}: ${renderSchema(property, depth + 1)}</li>`,
    );
    if (items.length === 0) return "";
    return `<ul class="schema">${items.join("")}</ul>`;
  }
  const variants = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
  if (Array.isArray(variants)) return variants.map((variant) => children(variant, depth + 1)).join("");
  if (schema.items && typeof schema.items === "object") return children(schema.items as Schema, depth + 1);
  return "";
}

function authOf(operation: Operation): string {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.includes("secretKey")) return "Secret key (<code>Authorization: Bearer sk_…</code>)";
  if (schemes.includes("sessionToken")) return "Session token (<code>Authorization: Bearer &lt;JWT&gt;</code>)";
  return "None";
}

function renderOperation(method: string, path: string, operation: Operation): string {
  const id = slug(operation.operationId ?? `${method}-${path}`);
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content;
  const errorCodes = operation["x-error-codes"] ?? [];
  // JSON error answers are the ErrorBody of the codes below; the table shows the others.
  const isJsonError = (status: string, content: Record<string, unknown> | undefined) => /^[45]/.test(status) && content !== undefined && "application/json" in content;
  const responses = Object.entries(operation.responses ?? {}).filter(([status, response]) => !isJsonError(status, response.content));
  return `<article id="op-${id}" aria-labelledby="op-${id}-title">
<h3 id="op-${id}-title"><span class="method ${method}">${method}</span> <span class="path">${e(path)}</span> <a class="anchor" href="#op-${id}" aria-label="Link to ${e(method.toUpperCase())} ${e(path)}">#</a></h3>
<p>${md(operation.summary)}</p>${operation.description ? `<p class="muted">${md(operation.description)}</p>` : ""}
<p><strong>Auth:</strong> ${authOf(operation)}</p>
${
  parameters.length
    ? `<h4>Parameters</h4><table><thead><tr><th scope="col">name</th><th scope="col">in</th><th scope="col">type</th><th scope="col">description</th></tr></thead><tbody>${parameters
        .map(
          (p) =>
            `<tr><td><code>${e(p.name)}</code>${p.required ? ` <span class="req">required</span>` : ""}</td><td>${e(p.in)}</td><td>${p.schema ? typeOf(p.schema) : "string"}</td><td>${md(p.description)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
${
  body
    ? `<h4>Request body${operation.requestBody?.required ? "" : " (optional)"}</h4>${Object.entries(body)
        .map(([type, media]) => `<p><code>${e(type)}</code>: ${renderSchema(media.schema)}</p>`)
        .join("")}`
    : ""
}
<h4>Responses</h4><table><thead><tr><th scope="col">status</th><th scope="col">description</th><th scope="col">body</th></tr></thead><tbody>${responses
    .map(([status, response]) => {
      const content = Object.entries(response.content ?? {});
      const shown = content.length ? content.map(([type, media]) => (type === "application/json" ? renderSchema(media.schema) : `<code>${e(type)}</code>`)).join("<br>") : `<span class="muted">none</span>`;
      return `<tr><td><code>${e(status)}</code></td><td>${md(response.description)}</td><td>${shown}</td></tr>`;
    })
    .join("")}</tbody></table>
${
  errorCodes.length
    ? `<h4>Error codes</h4><p>As <a href="#schema-ErrorBody"><code>ErrorBody</code></a>, with the status of each code: ${[...errorCodes]
        .sort((a, b) => (ERROR_STATUS[a as ServerErrorCode] ?? 0) - (ERROR_STATUS[b as ServerErrorCode] ?? 0))
        .map((code) => `<code>${e(code)}</code> ${ERROR_STATUS[code as ServerErrorCode] ?? ""}`)
        .join(", ")}</p>`
    : ""
}
</article>`;
}

export function renderDocsPage(document: OpenApiDocument, requestedTheme: string | undefined) {
  const theme = THEMES.find((t) => t === requestedTheme) ?? "system";
  const nonce = randomBytes(16).toString("base64");
  const tags = (document.tags ?? []).map((tag) => tag.name);
  const byTag = new Map<string, Array<{ method: string; path: string; operation: Operation }>>(tags.map((tag) => [tag, []]));
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, operation });
    }
  }
  const schemas = Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>).sort(([a], [b]) => a.localeCompare(b));
  const webhooks = Object.entries((document.webhooks ?? {}) as Record<string, { post?: Operation }>);
  const operationCount = [...byTag.values()].reduce((n, list) => n + list.length, 0);

  const toc = `<nav aria-label="Contents"><h2>Contents</h2><ul>${[...byTag]
    .filter(([, list]) => list.length)
    .map(
      ([tag, list]) =>
        `<li><a href="#tag-${slug(tag)}">${e(tag)}</a><ul>${list
          .map(({ method, path, operation }) => `<li><a href="#op-${slug(operation.operationId ?? `${method}-${path}`)}"><span class="method ${method}">${method}</span> <span class="path">${e(path)}</span></a></li>`)
          .join("")}</ul></li>`,
    )
    .join("")}<li><a href="#webhooks">Webhook events</a></li><li><a href="#schemas">Schemas</a></li><li><a href="#errors">Errors</a></li></ul></nav>`;

  const sections = [...byTag]
    .filter(([, list]) => list.length)
    .map(([tag, list]) => {
      const description = document.tags?.find((t) => t.name === tag)?.description;
      return `<section id="tag-${slug(tag)}" aria-labelledby="tag-${slug(tag)}-title"><h2 id="tag-${slug(tag)}-title">${e(tag)}</h2>${description ? `<p>${md(description)}</p>` : ""}${list
        .map(({ method, path, operation }) => renderOperation(method, path, operation))
        .join("")}</section>`;
    })
    .join("");

  const webhookSection = `<section id="webhooks" aria-labelledby="webhooks-title"><h2 id="webhooks-title">Webhook events</h2>
<p>Each event is POSTed to your endpoints as JSON, signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>), in the <a href="#schema-WebhookEvent"><code>WebhookEvent</code></a> envelope; its <code>data</code>:</p>
<table><thead><tr><th scope="col">type</th><th scope="col">data</th></tr></thead><tbody>${webhooks
    .map(([type, item]) => {
      const schema = item.post?.requestBody?.content?.["application/json"]?.schema as Schema | undefined;
      const data = ((schema?.allOf as Schema[] | undefined)?.[1]?.properties as Record<string, Schema> | undefined)?.data;
      return `<tr><td id="event-${slug(type)}"><code>${e(type)}</code></td><td>${data ? typeOf(data) : "any"}</td></tr>`;
    })
    .join("")}</tbody></table></section>`;

  const schemaSection = `<section id="schemas" aria-labelledby="schemas-title"><h2 id="schemas-title">Schemas</h2>${schemas
    .map(([name, schema]) => `<article id="schema-${slug(name)}" aria-labelledby="schema-${slug(name)}-title"><h3 id="schema-${slug(name)}-title">${e(name)} <a class="anchor" href="#schema-${slug(name)}" aria-label="Link to ${e(name)}">#</a></h3><p>${renderSchema(schema)}</p></article>`)
    .join("")}</section>`;

  const errorSection = `<section id="errors" aria-labelledby="errors-title"><h2 id="errors-title">Errors</h2>
<p>Every error is <code>{ "error": { "code", "message", "details"? } }</code>, and a code always has the same HTTP status:</p>
<table><thead><tr><th scope="col">code</th><th scope="col">status</th></tr></thead><tbody>${Object.entries(ERROR_STATUS)
    .map(([code, status]) => `<tr><td><code>${e(code)}</code></td><td>${status}</td></tr>`)
    .join("")}</tbody></table></section>`;

  const html = `<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${theme === "system" ? "light dark" : theme}">
<title>${e(document.info.title)} API reference</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header><h1>${e(document.info.title)} API reference</h1><p>${md(document.info.description)}</p>
<p>OpenAPI ${e(document.openapi)}, ${operationCount} operations: <a href="openapi.json">openapi.json</a> (generate a client from it).</p></header>
<div class="layout">
${toc}
<main>
${sections}
${webhookSection}
${schemaSection}
${errorSection}
</main>
</div>
</body>
</html>`;
  return {
    html,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  };
}
