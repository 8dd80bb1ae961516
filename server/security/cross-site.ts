import type { Context } from "hono";

/**
 * CSRF for the server's own forms (a connect link's Continue, the division picker and its beacon): the token
 * in the form or path is the capability, but a page elsewhere that knows one must not be able to push a
 * visitor's browser through it. Browsers say where a request came from: Sec-Fetch-Site (every current one),
 * else Origin ("null" is what the pages' own no-referrer policy makes of it).
 */
export function isCrossSite(c: Context, publicUrl: string): boolean {
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  return site ? site !== "same-origin" && site !== "none" : origin !== undefined && origin !== "null" && origin !== new URL(publicUrl).origin;
}
