import type { Context } from "hono";
import { escapeHtml } from "./html";

/**
 * Writes a REST answer. Exact's default representation is Atom XML: a client that forgets
 * `Accept: application/json` gets XML here too, and notices.
 */
export function respond(c: Context, status: number, body: unknown, headers: Record<string, string>): Response {
  const accept = c.req.header("accept") ?? "";
  const wantsJson = /json/i.test(accept);
  const all = new Headers(headers);
  if (status === 204 || body === undefined) return new Response(null, { status, headers: all });
  if (wantsJson) {
    all.set("Content-Type", "application/json; charset=utf-8");
    return new Response(JSON.stringify(body), { status, headers: all });
  }
  all.set("Content-Type", status >= 400 ? "application/xml; charset=utf-8" : "application/atom+xml; charset=utf-8");
  const summary = escapeHtml(JSON.stringify(body).slice(0, 200));
  const xml =
    status >= 400
      ? `<?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code></code><message xml:lang="">${escapeHtml(errorText(body))}</message></error>`
      : `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Exact Online sandbox</title><!-- Atom stub: send "Accept: application/json" for JSON. ${summary.replace(/--/g, "- -")} --></feed>`;
  return new Response(xml, { status, headers: all });
}

function errorText(body: unknown): string {
  const value = (body as { error?: { message?: { value?: unknown } } })?.error?.message?.value;
  return typeof value === "string" ? value : "Error";
}
