/**
 * A `303` back to a page the server was told about earlier (a redirect-mode `returnUrl`, a link's `redirectUrl`),
 * both checked against MORPH_ALLOWED_ORIGINS when they were given: never a URL from this request.
 * `params` are set on its query (an existing one of the same name is replaced; its own query and fragment kept).
 */
export function redirectBack(target: string, params: Record<string, string>): Response {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return new Response(null, {
    status: 303,
    headers: {
      location: url.toString(),
      // The attempt id and the connection id stay out of Referer headers and caches.
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    },
  });
}
