/** The sandbox's stand-in for Exact's sign-in and consent page: small, accessible, no external resources. */
import { escapeHtml } from "./html";

export interface ConsentPageInput {
  nonce: string;
  formAction: string;
  appName: string;
  scopes: string[];
  user: { fullName: string; email: string };
  divisions: Array<{ code: number; name: string }>;
  currentDivision: number;
  hidden: Record<string, string>;
  forceLogin: boolean;
  /** The seeded users one may sign in as instead (Exact's "not you?"): the form's `user`; absent, the signed-in one. */
  users?: Array<{ id: string; fullName: string; email: string; signedIn: boolean }>;
}

const STYLE = `
:root { color-scheme: light dark; --bg: #f4f6f9; --card: #fff; --text: #1c2430; --muted: #556070; --accent: #c8102e;
  --accent-text: #fff; --border: #d5dbe3; --badge: #fff4d6; --badge-text: #6b4a00; }
@media (prefers-color-scheme: dark) { :root { --bg: #12161c; --card: #1c222b; --text: #e8ecf1; --muted: #a7b1be;
  --accent: #ff5a6e; --accent-text: #12161c; --border: #374151; --badge: #4a3a10; --badge-text: #ffe7a3; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: var(--card); border: 1px solid var(--border); border-radius: 12px; }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; background: var(--badge); color: var(--badge-text); font-size: .8rem; font-weight: 600; }
p, ul { margin: .75rem 0; } .muted { color: var(--muted); font-size: .9rem; }
ul { padding-left: 1.25rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
select { width: 100%; margin-top: .25rem; padding: .5rem; font: inherit; color: inherit; background: var(--card); border: 1px solid var(--border); border-radius: 6px; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { flex: 1; padding: .6rem 1rem; font: inherit; font-weight: 600; border-radius: 6px; cursor: pointer; border: 1px solid var(--border); background: transparent; color: var(--text); }
button[value="approve"] { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`;

export function renderConsentPage(input: ConsentPageInput): string {
  const e = escapeHtml;
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join("\n      ");
  const options = input.divisions
    .map((d) => `<option value="${d.code}"${d.code === input.currentDivision ? " selected" : ""}>${e(d.name)} (${d.code})</option>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Exact Online – Sign in and authorize (Sandbox)</title>
  <style nonce="${e(input.nonce)}">${STYLE}</style>
</head>
<body>
  <main>
    <span class="badge">Sandbox</span>
    <h1>Exact Online – Sign in and authorize</h1>
    <p class="muted">This is the local Exact Online sandbox. No real Exact account is involved.</p>
    <p>Signed in as <strong>${e(input.user.fullName)}</strong> (${e(input.user.email)})${input.forceLogin ? " — sign-in was forced for this request" : ""}.</p>
    <p><strong>${e(input.appName)}</strong> asks for access to your administration:</p>
    <ul>${input.scopes.map((s) => `<li>${e(s)}</li>`).join("")}</ul>
    <form method="post" action="${e(input.formAction)}">
      ${hidden}
      ${
        input.users
          ? `<label for="user">Exact Online user</label>
      <select id="user" name="user">${input.users.map((u) => `<option value="${e(u.id)}"${u.signedIn ? " selected" : ""}>${e(u.fullName)} (${e(u.email)})</option>`).join("")}</select>`
          : ""
      }
      <label for="division">Division</label>
      <p class="muted" id="division-hint">Exact lets the user grant the app one or several administrations (Ctrl- or Shift-click to pick several).</p>
      <select id="division" name="division" multiple size="${Math.min(6, Math.max(2, input.divisions.length))}" aria-describedby="division-hint">${options}</select>
      <div class="actions">
        <button type="submit" name="decision" value="approve">Approve</button>
        <button type="submit" name="decision" value="deny">Deny</button>
      </div>
    </form>
  </main>
</body>
</html>`;
}

export function renderErrorPage(nonce: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Exact Online – Error (Sandbox)</title>
  <style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
  <main>
    <span class="badge">Sandbox</span>
    <h1>Exact Online – Error</h1>
    <p role="alert">${escapeHtml(message)}</p>
  </main>
</body>
</html>`;
}
