import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Hono } from "hono";
import type { Operation } from "../../src/protocol";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";
import { mintSessionToken } from "../security/session-token";
import { escapeHtml } from "./callback-page";

// server/build.ts writes the demo bundle to the package's dist/demo: "../dist/demo" from the sources
// (server/routes/) and from the published bundle (dist/main.js) alike.
const DEMO_ASSETS = resolve(import.meta.dirname, "../dist/demo");
const THEMES = ["light", "dark", "system"] as const;
const DEMO_OPERATIONS: Operation[] = [
  "genericCompany::list",
  "genericContact::list",
  "accountingInvoice::list",
  "genericWorkspace::list",
];
const DEMO_OPTIONAL_OPERATIONS: Operation[] = ["genericContact::create", "accountingInvoiceItem::list"];

/**
 * `/demo/connectors/exact-online?theme=light|dark|system`: a page made to be embedded in an iframe.
 * Its session endpoint mints tokens for a throw-away owner, so it exists only in sandbox mode.
 */
export function demoRoutes(ctx: ServerContext) {
  const app = new Hono();

  app.get("/connectors/exact-online", describe(OPERATIONS.demoPage), (c) => {
    const requested = c.req.query("theme");
    const theme = THEMES.find((t) => t === requested) ?? "system";
    const built = existsSync(resolve(DEMO_ASSETS, "demo.js"));
    return c.html(demoPage(theme, built, ctx.config.sandbox), 200, {
      "cache-control": "no-store",
      // Made to be embedded: any page may frame it; scripts and styles only from this origin.
      "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors *; base-uri 'none'",
    });
  });

  app.get("/assets/:file", describe(OPERATIONS.demoAsset), (c) => {
    const file = c.req.param("file");
    if (!/^demo\.(js|css)$/.test(file)) throw new MorphError("NOT_FOUND", "No such asset.");
    const path = resolve(DEMO_ASSETS, file);
    if (!existsSync(path)) throw new MorphError("NOT_FOUND", "The demo is not built: run npm run build.");
    const type = file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    return c.body(readFileSync(path), 200, { "content-type": type, "cache-control": "no-cache" });
  });

  app.post("/api/session", describe(OPERATIONS.demoSession), async (c) => {
    if (!ctx.config.sandbox) throw new MorphError("NOT_FOUND", "The demo session endpoint exists only in sandbox mode.");
    const body = (await c.req.json().catch(() => ({}))) as { ownerId?: unknown };
    const ownerId = typeof body.ownerId === "string" && /^demo-[a-f0-9-]{36}$/.test(body.ownerId) ? body.ownerId : `demo-${randomUUID()}`;
    const { sessionToken, claims } = await mintSessionToken(
      ctx.config.signingKey,
      { connectorId: "exact-online", ownerId, operations: DEMO_OPERATIONS, optionalOperations: DEMO_OPTIONAL_OPERATIONS },
      15 * 60,
      ctx.clock.now(),
    );
    return c.json({ sessionToken, expiresAt: claims.expiresAt.toISOString(), ownerId, sandbox: ctx.config.sandbox });
  });

  return app;
}

function demoPage(theme: (typeof THEMES)[number], built: boolean, sandbox: boolean): string {
  const body = built
    ? `<div id="morph-demo"></div><script type="module" src="/demo/assets/demo.js"></script>`
    : `<p>The demo is not built yet. Run <code>npm run build</code> (or <code>npm start</code>).</p>`;
  return `<!doctype html>
<html lang="en" data-theme="${escapeHtml(theme)}" data-sandbox="${sandbox}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${theme === "system" ? "light dark" : theme}">
<title>Exact Online · morph-connect demo</title>
${built ? `<link rel="stylesheet" href="/demo/assets/demo.css">` : ""}
</head>
<body>
${body}
</body>
</html>`;
}
