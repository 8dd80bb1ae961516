/** Options of the Exact Online sandbox, and their defaults. */
export interface SandboxOptions {
  /** Absolute URL where the sandbox's routes are reachable, no trailing slash, e.g. "http://localhost:8787/sandbox"
   *  (when mounted under /sandbox in the main server) or "http://127.0.0.1:41234" (standalone). Used to build __next links. */
  publicUrl: string;
  clientId?: string;
  clientSecret?: string;
  webhookSecret?: string;
  /** Clock in epoch ms; tests pass a controllable one. Default Date.now. */
  now?: () => number;
  /** Calls a minute per app per division (Exact: 60). */
  minutelyLimit?: number;
  /** Calls a day per app per division (Exact: 5000). */
  dailyLimit?: number;
  /** Exact: 600. Tests shorten it. */
  accessTokenTtlSeconds?: number;
  /** Exact: 30 days (2,592,000). Tests shorten it, e.g. to prove that keep-alive refreshes an idle connection in time. */
  refreshTokenTtlSeconds?: number;
  /** Exact blocks a key after more than 10 errors (400/401/403/404) an hour per endpoint per user; default 10, Infinity disables. */
  errorBlockThreshold?: number;
  /** Extra latency per REST call in ms (default 0), for rate-limit/concurrency realism in tests. */
  latencyMs?: number;
  /**
   * Send `Cross-Origin-Opener-Policy: same-origin` on the consent page, as identity providers often do:
   * a cross-origin opener then loses its popup (`popup.closed` reads true, `window.opener` is null).
   * Default false.
   */
  crossOriginOpenerPolicy?: boolean;
}

export const SANDBOX_DEFAULTS = {
  clientId: "sandbox-client-id",
  clientSecret: "sandbox-client-secret",
  webhookSecret: "sandbox-webhook-secret",
} as const satisfies { clientId: string; clientSecret: string; webhookSecret: string };

export function resolveOptions(options: SandboxOptions): Required<SandboxOptions> {
  return {
    publicUrl: options.publicUrl.replace(/\/+$/, ""),
    clientId: options.clientId ?? SANDBOX_DEFAULTS.clientId,
    clientSecret: options.clientSecret ?? SANDBOX_DEFAULTS.clientSecret,
    webhookSecret: options.webhookSecret ?? SANDBOX_DEFAULTS.webhookSecret,
    now: options.now ?? Date.now,
    minutelyLimit: options.minutelyLimit ?? 60,
    dailyLimit: options.dailyLimit ?? 5000,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 86_400,
    errorBlockThreshold: options.errorBlockThreshold ?? 10,
    latencyMs: options.latencyMs ?? 0,
    crossOriginOpenerPolicy: options.crossOriginOpenerPolicy ?? false,
  };
}
