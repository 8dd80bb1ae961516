/**
 * The hosted connect page and the pages around it (gone, done, failed): server-rendered HTML, no script, one
 * nonce'd <style>. Every value is escaped; no session token, secret or link token other than the form's own
 * action is ever in a page.
 */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { REGIONS, type AttemptOutcome, type Region } from "../../src/protocol";
import type { Locale } from "../../src/i18n/locale";
import { regionName } from "../../src/i18n/region-names";
import type { CallbackResult } from "../connect-flow/connect-flow";
import { regionBaseUrl } from "../connectors/exact-online/authorization";
import type { ServerContext } from "../context";
import { ERROR_STATUS, type ServerErrorCode } from "../errors";
import { escapeHtml as e } from "../routes/callback-page";
import { findLinkById } from "../storage/connect-links-repo";
import type { PermissionGroup } from "./links";
import { USER_MISMATCH_MESSAGE } from "./messages";
import { pageText, pickLocale, type PageText, type Theme } from "./page-text";
import { redirectBack } from "./redirect-back";

const DARK = "color-scheme:dark;--bg:#12161c;--card:#1c222b;--text:#e8ecf1;--muted:#b4bcc8;--accent:#ff7083;--on-accent:#12161c;--border:#6b7280;--badge:#4a3a10;--badge-text:#ffe7a3";
export const STYLE = `:root{color-scheme:light;--bg:#f4f6f9;--card:#fff;--text:#1c2430;--muted:#4b5563;--accent:#b00d26;--on-accent:#fff;--border:#6b7280;--badge:#fff4d6;--badge-text:#6b4a00}
[data-theme=dark]{${DARK}}@media (prefers-color-scheme:dark){[data-theme=system]{${DARK}}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text)}
main{max-width:30rem;margin:2rem auto;padding:1.5rem;background:var(--card);border:1px solid var(--border);border-radius:12px}
h1{font-size:1.3rem;margin:0 0 .5rem}p{margin:.75rem 0}.muted{color:var(--muted);font-size:.9rem}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;background:var(--badge);color:var(--badge-text);font-size:.85rem;font-weight:600}
label.field{display:block;font-weight:600;margin-top:1rem}
select{width:100%;margin-top:.25rem;padding:.5rem;font:inherit;color:inherit;background:var(--card);border:1px solid var(--border);border-radius:6px}
fieldset{border:1px solid var(--border);border-radius:8px;margin:1rem 0 0;padding:.5rem .9rem .75rem}legend{font-weight:600;padding:0 .25rem}
fieldset fieldset{border:0;margin:.25rem 0 0;padding:0}fieldset fieldset legend{padding:0;font-weight:600;font-size:.95rem}
.op{display:flex;gap:.5rem;align-items:center;margin:.2rem 0}.op small{color:var(--muted)}
input[type=checkbox]{width:1.1rem;height:1.1rem;accent-color:var(--accent)}
button{margin-top:1.5rem;width:100%;padding:.7rem 1rem;font:inherit;font-weight:600;border-radius:6px;cursor:pointer;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent)}
a{color:var(--text)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}`;

/**
 * `form-action` must allow Exact's hosts as well as 'self': Chromium enforces it on the redirect that answers
 * the form's POST. Every region's host (the user may pick another), or the one EXACT_BASE_URL/sandbox host.
 */
function exactOrigins(ctx: ServerContext): string[] {
  return [...new Set(REGIONS.map((region) => new URL(regionBaseUrl(region, ctx.config.exact.baseUrl)).origin))];
}

export function pageHeaders(nonce: string, formTargets: string[]): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self' ${formTargets.join(" ")}; frame-ancestors 'none'; base-uri 'none'`.replace(" ;", ";"),
  };
}

function document(input: { locale: Locale; theme: Theme; title: string; nonce: string; body: string }): string {
  return `<!doctype html>
<html lang="${input.locale}" data-theme="${input.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e(input.title)}</title>
<style nonce="${input.nonce}">${STYLE}</style>
</head>
<body>
<main>
${input.body}
</main>
</body>
</html>`;
}

export interface ConnectPageInput {
  locale: Locale;
  theme: Theme;
  /** The form's action: this page's own path and query. */
  action: string;
  region: Region;
  permissions: PermissionGroup[];
  sandbox: boolean;
}

const actionLabel = (text: PageText, action: string) => (Object.hasOwn(text.widget.actions, action) ? text.widget.actions[action as keyof PageText["widget"]["actions"]] : action);
const modelLabel = (text: PageText, group: PermissionGroup) => (Object.hasOwn(text.widget.models, group.model) ? text.widget.models[group.model as keyof PageText["widget"]["models"]] : group.label);

export function renderConnectPage(ctx: ServerContext, input: ConnectPageInput): { html: string; headers: Record<string, string> } {
  const text = pageText(input.locale);
  const nonce = randomBytes(16).toString("base64");
  const regions = REGIONS.map((r) => `<option value="${r}"${r === input.region ? " selected" : ""}>${e(regionName(r, input.locale))} (${r})</option>`).join("");
  const groups = input.permissions
    .map((group, g) => {
      const ops = group.actions
        .map((a, i) => {
          const id = `op-${g}-${i}`;
          const state = a.required ? `checked disabled` : `name="operations" value="${e(a.operation)}"`;
          const note = a.required ? text.widget.alwaysOn : text.widget.optional;
          return `<div class="op"><input type="checkbox" id="${id}" ${state}><label for="${id}">${e(actionLabel(text, a.action))} <small>(${e(note)})</small></label></div>`;
        })
        .join("");
      return `<fieldset><legend>${e(modelLabel(text, group))}</legend>${ops}</fieldset>`;
    })
    .join("");
  const body = `<h1>${e(text.title)}</h1>
${input.sandbox ? `<p><span class="badge">${e(text.widget.sandbox)}</span></p>` : ""}
<p>${e(text.intro)}</p>
<form method="post" action="${e(input.action)}">
<label class="field" for="region">${e(text.widget.region)}</label>
<select id="region" name="region">${regions}</select>
<fieldset><legend>${e(text.widget.permissions)}</legend>${groups}</fieldset>
<button type="submit">${e(text.widget.continue)}</button>
</form>`;
  return { html: document({ locale: input.locale, theme: input.theme, title: text.title, nonce, body }), headers: pageHeaders(nonce, exactOrigins(ctx)) };
}

/** A page with a title and a message: gone (410), unknown (404), done, failed. */
export function renderMessagePage(input: { locale: Locale; theme: Theme; title: string; text: string; role?: "alert" | "status" }) {
  const nonce = randomBytes(16).toString("base64");
  const body = `<h1>${e(input.title)}</h1>\n<p${input.role ? ` role="${input.role}"` : ""}>${e(input.text)}</p>`;
  return { html: document({ locale: input.locale, theme: input.theme, title: input.title, nonce, body }), headers: pageHeaders(nonce, []) };
}

/** The words for a gone link, in the user's language. */
export function gonePage(locale: Locale, theme: Theme, reason: "expired" | "used" | "revoked") {
  const text = pageText(locale);
  return renderMessagePage({ locale, theme, title: text.goneTitle, text: text[reason], role: "alert" });
}

/** A failed attempt in the user's language: the widget's message for the code, ours for a refused reconnect. */
function failureText(text: PageText, error: { code: string; message: string }): string {
  if (error.message === USER_MISMATCH_MESSAGE) return text.userMismatch;
  return Object.hasOwn(text.widget.errors, error.code) ? text.widget.errors[error.code as keyof PageText["widget"]["errors"]] ?? error.message : error.message;
}

/**
 * Where a link attempt ends after Exact: the link's `redirectUrl` with the outcome in its query (not proof:
 * the backend confirms with GET /v1/connections/…), or a hosted page in the browser's language.
 */
export async function linkOutcomeResponse(ctx: ServerContext, c: Context, result: Extract<CallbackResult, { kind: "ended" }>): Promise<Response> {
  const { record, outcome } = result;
  const link = record.linkId ? await findLinkById(ctx.db, record.linkId) : undefined;
  const error = errorOf(outcome);
  if (link?.redirectUrl) {
    const params: Record<string, string> = { ownerId: record.ownerId };
    if (outcome.status === "succeeded") {
      const missing = outcome.connection.missingOperations;
      params.connectionId = outcome.connection.connectionId;
      if (missing.length) {
        Object.assign(params, { error: "INSUFFICIENT_PERMISSIONS", message: "Exact Online does not allow some of the requested operations for this user.", missing: missing.join(",") });
      } else params.status = "connected";
    } else if (error) Object.assign(params, { error: error.code, message: error.message });
    return redirectBack(link.redirectUrl, params);
  }
  const locale = pickLocale(undefined, c.req.header("accept-language"));
  const text = pageText(locale);
  if (outcome.status === "succeeded") {
    const page = renderMessagePage({ locale, theme: "system", title: text.widget.connected, text: text.done, role: "status" });
    return c.html(page.html, 200, page.headers);
  }
  const code = (error?.code ?? "STATE_EXPIRED") as ServerErrorCode;
  const status: ContentfulStatusCode = Object.hasOwn(ERROR_STATUS, code) ? ERROR_STATUS[code] : 400;
  const page = renderMessagePage({ locale, theme: "system", title: text.widget.failed, text: failureText(text, error ?? { code, message: "" }), role: "alert" });
  return c.html(page.html, status, page.headers);
}

function errorOf(outcome: AttemptOutcome): { code: string; message: string } | undefined {
  if (outcome.status === "failed") return outcome.error;
  if (outcome.status === "expired") return { code: "STATE_EXPIRED", message: "The connection attempt expired. Open the link again." };
  if (outcome.status === "cancelled") return { code: "CANCELLED", message: "The connection attempt was cancelled." };
  return undefined;
}
