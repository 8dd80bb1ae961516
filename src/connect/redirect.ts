/**
 * Redirect mode: the whole tab goes through Exact instead of a popup (in-app browsers and mobile webviews
 * have no popups), and comes back to `returnUrl` with `?morph_attempt=<id>`. Only handlers and effects call
 * these functions (SSR-safe).
 */

import { ATTEMPT_QUERY_PARAM } from "../protocol";

/** The page the tab comes back to: `href` without a stale `morph_attempt`, its other params and fragment kept. */
export function withoutAttemptParam(href: string): string {
  const url = new URL(href);
  if (!url.searchParams.has(ATTEMPT_QUERY_PARAM)) return href;
  url.searchParams.delete(ATTEMPT_QUERY_PARAM);
  return url.href;
}

/**
 * The authorize URL of the popup flow (built by the transport) plus `mode=redirect&returnUrl=…`.
 * `returnUrl` may be relative to the current page; its origin must be in the server's
 * `MORPH_ALLOWED_ORIGINS` (the server refuses the others with an error page, never an open redirect).
 */
export function redirectAuthorizeUrl(authorizeUrl: string, returnUrl: string | undefined, currentHref: string): string {
  const target = new URL(returnUrl ?? currentHref, currentHref);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError("returnUrl must be an http(s) URL");
  const url = new URL(authorizeUrl);
  url.searchParams.set("mode", "redirect");
  url.searchParams.set("returnUrl", withoutAttemptParam(target.href));
  return url.href;
}

/** Leaves the page for Exact. Its own function so tests can replace it (jsdom cannot navigate). */
export function navigateTo(url: string): void {
  window.location.assign(url);
}
