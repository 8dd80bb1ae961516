import { randomBytes } from "node:crypto";
import type { CallbackMessage } from "../../src/protocol";

/**
 * The tiny page the OAuth popup ends on. It posts the result to the embedding page's origin recorded
 * in the state — never "*" — and closes itself. The payload travels as JSON in a non-executable
 * <script type="application/json"> with `<` escaped, so nothing in it can break out into markup.
 */
export function renderCallbackPage(input: { title: string; text: string; origin?: string; message?: CallbackMessage }) {
  const nonce = randomBytes(16).toString("base64");
  const payload = input.origin && input.message ? { origin: input.origin, message: input.message } : null;
  const json = JSON.stringify(payload).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(input.title)}</title>
<style nonce="${nonce}">
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; color: #1f2937; background: #f9fafb; }
  @media (prefers-color-scheme: dark) { body { color: #e5e7eb; background: #111827; } }
  main { max-width: 26rem; padding: 2rem; text-align: center; }
</style>
</head>
<body>
<main>
  <p><strong>${escapeHtml(input.title)}</strong></p>
  <p>${escapeHtml(input.text)}</p>
</main>
<script type="application/json" id="morph-result">${json}</script>
<script nonce="${nonce}">
  (function () {
    var data = JSON.parse(document.getElementById("morph-result").textContent);
    if (data && window.opener) {
      try { window.opener.postMessage(data.message, data.origin); } catch (e) {}
    }
    // The widget also learns the outcome from the server, so closing is safe even if the opener is gone (COOP).
    setTimeout(function () { window.close(); }, data ? 150 : 2000);
  })();
</script>
</body>
</html>`;
  const headers = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
  return { html, headers };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}
