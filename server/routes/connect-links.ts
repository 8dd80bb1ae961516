import { Hono } from "hono";
import { continueLink, openLink } from "../connect-links/links";
import { gonePage, renderConnectPage, renderMessagePage } from "../connect-links/link-pages";
import { pageText, pickLocale, pickTheme } from "../connect-links/page-text";
import type { ServerContext } from "../context";
import { isCrossSite } from "../security/cross-site";
import { ERROR_STATUS, MorphError } from "../errors";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";

/** The form has a region and a few checkboxes: anything larger is not this page's. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * `GET /connect/:token`: the hosted connect page (no side effect); `POST /connect/:token`: its Continue,
 * which starts the OAuth state and 303s to Exact. The token in the path is the capability (a bearer link).
 */
export function connectLinkRoutes(ctx: ServerContext) {
  const app = new Hono();

  const presentation = (query: Record<string, string>, acceptLanguage: string | undefined) => ({
    locale: pickLocale(query.locale, acceptLanguage),
    theme: pickTheme(query.theme),
  });
  /**
   * The page's own URL, relative to it (the last path segment), so the form posts back to it keeping `locale` and
   * `theme`, also behind a proxy that serves the server under a path prefix.
   */
  const selfAction = (token: string, query: Record<string, string>) => {
    const kept = new URLSearchParams();
    if (query.locale) kept.set("locale", query.locale);
    if (query.theme) kept.set("theme", query.theme);
    return `${token}${kept.size ? `?${kept}` : ""}`;
  };

  app.get("/:token", describe(OPERATIONS.connectLinkPage), async (c) => {
    const token = c.req.param("token");
    const query = c.req.query();
    const { locale, theme } = presentation(query, c.req.header("accept-language"));
    const opened = await openLink(ctx, token);
    if (opened.kind === "unknown") {
      const text = pageText(locale);
      const page = renderMessagePage({ locale, theme, title: text.unknownTitle, text: text.unknown, role: "alert" });
      return c.html(page.html, 404, page.headers);
    }
    if (opened.kind === "gone") {
      const page = gonePage(locale, theme, opened.reason);
      return c.html(page.html, 410, page.headers);
    }
    const page = renderConnectPage(ctx, {
      locale,
      theme,
      action: selfAction(token, query),
      region: opened.link.region,
      permissions: opened.permissions,
      sandbox: ctx.config.sandbox,
    });
    return c.html(page.html, 200, page.headers);
  });

  app.post("/:token", describe(OPERATIONS.connectLinkContinue), async (c) => {
    const token = c.req.param("token");
    const query = c.req.query();
    const { locale, theme } = presentation(query, c.req.header("accept-language"));
    const text = pageText(locale);
    const refuse = (status: 400 | 403 | 404 | 410 | 413 | 429, message: string) => {
      const page = renderMessagePage({ locale, theme, title: text.widget.failed, text: message, role: "alert" });
      return c.html(page.html, status, page.headers);
    };
    // A page elsewhere that knows a link must not connect the visitor's Exact account to that owner.
    if (isCrossSite(c, ctx.config.publicUrl)) return refuse(403, text.crossSite);
    if (Number(c.req.header("content-length") ?? 0) > MAX_FORM_BYTES) return refuse(413, text.widget.errors.VALIDATION_ERROR);
    const opened = await openLink(ctx, token);
    if (opened.kind === "unknown") return refuse(404, text.unknown);
    if (opened.kind === "gone") {
      const page = gonePage(locale, theme, opened.reason);
      return c.html(page.html, 410, page.headers);
    }
    const form = await c.req.parseBody({ all: true });
    const region = typeof form.region === "string" ? form.region : undefined;
    const chosen = form.operations === undefined ? [] : Array.isArray(form.operations) ? form.operations : [form.operations];
    try {
      const operations = chosen.filter((op): op is string => typeof op === "string");
      const location = await continueLink(ctx, opened, { region, operations, locale, theme });
      return new Response(null, { status: 303, headers: { location, "referrer-policy": "no-referrer", "cache-control": "no-store" } });
    } catch (error) {
      if (!(error instanceof MorphError) || (error.status !== 400 && error.status !== ERROR_STATUS.TOO_MANY_ATTEMPTS)) throw error;
      const page = renderMessagePage({ locale, theme, title: text.widget.failed, text: error.message, role: "alert" });
      return c.html(page.html, error.status, { ...page.headers, ...error.headers });
    }
  });

  return app;
}
