/** `fetch`, or a sandbox app's in-process `request` with the same shape. */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response> | Response;

/**
 * The one consent helper: what a user does on the sandbox's consent page: load it, pick the division,
 * press Approve or Deny. Returns the URL Exact redirects to (the callback with `code` or `error`). Over real
 * HTTP by default; tests of the sandbox alone pass its in-process `request`.
 */
export async function answerConsent(
  consentUrl: string,
  decision: "approve" | "deny" = "approve",
  /** One division, or several (the form field repeated): the divisions the user grants. */
  division: number | number[] = 1234567,
  fetcher: Fetcher = fetch,
  /**
   * Who signs in: by default the sandbox's signed-in user; a login names a guest user (another company's person,
   * the same one for the same login). Exact ends a user's earlier token chain when the same user authorizes the
   * app again (EXACT_ONLINE.md, pitfalls), so connections of different owners need different logins.
   */
  login?: string,
  /** The user's current division in Exact, which may be one not granted (Exact's trap; sandbox-only field). */
  currentDivision?: number,
): Promise<URL> {
  const html = await (await fetcher(consentUrl)).text();
  const form = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!form) throw new Error(`no consent form at ${consentUrl}`);
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, decodeEntities(m[2]!)]));
  const answer = await fetcher(decodeEntities(form), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([
      ...Object.entries(hidden),
      // No division: one empty field, the sandbox's "every box unticked".
      ...([division].flat().length === 0 ? [["division", ""]] : [division].flat().map((code) => ["division", String(code)])),
      ["decision", decision],
      ...(login ? [["login", login]] : []),
      ...(currentDivision !== undefined ? [["current_division", String(currentDivision)]] : []),
    ]),
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  if (answer.status !== 302 || !location) throw new Error(`consent did not redirect: ${answer.status}`);
  return new URL(location);
}

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
