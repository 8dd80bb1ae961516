import { compress } from "hono/compress";
import { createHash } from "node:crypto";
import type { Hono } from "hono";
import type { ServerContext } from "../context";
import { describe } from "./describe";
import { renderDocsPage } from "./docs-page";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";
import { OPERATIONS } from "./operations";

/**
 * The document of one app, built once on first use: the routes and the model registry do not change after
 * start-up. The same promise serves `/openapi.json`, `/docs` and the test harness.
 */
const documents = new WeakMap<Hono, Promise<OpenApiDocument>>();

export function openApiDocumentOf(app: Hono, ctx: Pick<ServerContext, "models" | "outbox" | "config">): Promise<OpenApiDocument> {
  let document = documents.get(app);
  if (!document) {
    document = buildOpenApiDocument(app, ctx.models, ctx.outbox.catalogue, ctx.config.publicUrl);
    documents.set(app, document);
  }
  return document;
}

/** `GET /openapi.json` and `GET /docs` (no auth: the contract is public; custom models show in it). */
export function mountOpenApiRoutes(app: Hono, ctx: ServerContext): void {
  let served: Promise<{ json: string; etag: string }> | undefined;
  // Both are large (about 640 KB and 390 KB) and compress about twentyfold: gzip for clients that take it.
  app.get("/openapi.json", compress(), describe(OPERATIONS.openapi), async (c) => {
    served ??= openApiDocumentOf(app, ctx).then((document) => {
      const json = JSON.stringify(document);
      return { json, etag: `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"` };
    });
    const { json, etag } = await served;
    // Revalidated rather than kept (a restart with other custom models changes it), cheaply: the ETag.
    const headers = { "cache-control": "public, max-age=0, must-revalidate", etag, "access-control-allow-origin": "*" };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    return c.body(json, 200, { ...headers, "content-type": "application/json; charset=utf-8" });
  });
  app.get("/docs", compress(), describe(OPERATIONS.docs), async (c) => {
    const page = renderDocsPage(await openApiDocumentOf(app, ctx), c.req.query("theme"));
    return c.html(page.html, 200, page.headers);
  });
}
