/**
 * Helpers for tests that need a connected sandbox: a controllable clock and the OAuth dance done in-process.
 * Used by the sandbox's own tests; other server tests may use them too.
 */
import type { ExactSandbox, SandboxOptions } from "../sandbox";
import { SANDBOX_DEFAULTS, createExactSandbox } from "../sandbox";
import { answerConsent } from "./consent";

export const TEST_PUBLIC_URL = "http://sandbox.test/sandbox";
export const TEST_REDIRECT_URI = "http://127.0.0.1:8787/v1/oauth/callback";

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createTestClock(start = Date.UTC(2026, 2, 2, 9, 0, 0)): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms), set: (ms) => (current = ms) };
}

/** Renders the consent page and submits it in-process (the one consent helper); returns the redirect Location. */
export function submitConsent(
  sandbox: ExactSandbox,
  options: { decision?: "approve" | "deny"; division?: number; state?: string; redirectUri?: string; login?: string } = {},
): Promise<URL> {
  const query = new URLSearchParams({
    client_id: sandbox.options.clientId, redirect_uri: options.redirectUri ?? TEST_REDIRECT_URI, response_type: "code", state: options.state ?? "state-123",
  });
  // The consent page's form posts to the sandbox's public URL; in-process, only the path matters.
  const base = sandbox.options.publicUrl;
  const inProcess = (url: string, init?: RequestInit) => sandbox.app.request(url.startsWith(base) ? url.slice(base.length) : url, init);
  return answerConsent(`/api/oauth2/auth?${query}`, options.decision ?? "approve", options.division ?? 1234567, inProcess, options.login);
}

export function tokenRequest(sandbox: ExactSandbox, params: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    sandbox.app.request("/api/oauth2/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: SANDBOX_DEFAULTS.clientId, client_secret: SANDBOX_DEFAULTS.clientSecret, ...params }).toString(),
    }),
  );
}

export interface ConnectedSandbox {
  sandbox: ExactSandbox;
  clock: TestClock;
  accessToken: string;
  refreshToken: string;
  /** A REST call with the bearer token and `Accept: application/json`; `path` is relative to the sandbox or absolute. */
  api(path: string, init?: RequestInit): Promise<Response>;
}

export async function connectSandbox(overrides: Partial<SandboxOptions> = {}, division = 1234567): Promise<ConnectedSandbox> {
  const clock = createTestClock();
  const sandbox = createExactSandbox({ publicUrl: TEST_PUBLIC_URL, now: clock.now, ...overrides });
  const redirect = await submitConsent(sandbox, { division });
  const answer = await tokenRequest(sandbox, {
    grant_type: "authorization_code", code: redirect.searchParams.get("code") ?? "", redirect_uri: TEST_REDIRECT_URI,
  });
  const tokens = (await answer.json()) as { access_token: string; refresh_token: string };
  const connected: ConnectedSandbox = {
    sandbox, clock, accessToken: tokens.access_token, refreshToken: tokens.refresh_token,
    api: (path, init = {}) => {
      const url = path.startsWith(TEST_PUBLIC_URL) ? path.slice(TEST_PUBLIC_URL.length) : path;
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${connected.accessToken}`);
      if (!headers.has("Accept")) headers.set("Accept", "application/json");
      if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
      return Promise.resolve(sandbox.app.request(url, { ...init, headers }));
    },
  };
  return connected;
}

/** The user revokes the app in Exact: ends the chain of `token` (a current access or refresh token) through the control API. */
export async function revokeTokenChain(sandbox: ExactSandbox, token: string): Promise<void> {
  const response = await sandbox.app.request("/_control/oauth/revoke", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`revoking the token chain failed: ${response.status} ${await response.text()}`);
}
