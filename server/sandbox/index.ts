/**
 * The Exact Online sandbox: a local emulator of Exact's OAuth and REST API for the demo and the tests.
 * Mount `app` anywhere (its routes are relative to its root) and tell it where with `publicUrl`.
 */
import { Hono } from "hono";
import { createOAuthRoutes } from "./oauth";
import type { SandboxOptions } from "./options";
import { resolveOptions } from "./options";
import { createRestRoutes } from "./rest";
import { createSeededState } from "./seed";
import type { SandboxStats } from "./state";
import { emptyStats } from "./state";

export { SANDBOX_DEFAULTS } from "./options";
export type { SandboxOptions } from "./options";
export type { SandboxStats } from "./state";

export interface SandboxControl {
  /** Switch a user right on/off: endpoint like "crm/Accounts", action "GET"|"POST"|"PUT"|"DELETE". Affects UserHasRights and real calls (403). */
  setUserRight(endpoint: string, action: "GET" | "POST" | "PUT" | "DELETE", allowed: boolean): void;
  setMinutelyLimit(limit: number): void;
  stats(): SandboxStats;
  resetStats(): void;
  /** Invalidate every refresh token (simulates 30-day expiry / revoked consent). */
  expireRefreshTokens(): void;
  divisions(): Array<{ code: number; name: string }>;
}

export interface ExactSandbox {
  app: Hono;
  control: SandboxControl;
  options: Required<SandboxOptions>;
}

export function createExactSandbox(sandboxOptions: SandboxOptions): ExactSandbox {
  const options = resolveOptions(sandboxOptions);
  const state = createSeededState(options.minutelyLimit);
  const app = new Hono();
  app.route("/", createOAuthRoutes({ state, options }));
  app.route("/", createRestRoutes({ state, options }));

  const control: SandboxControl = {
    setUserRight(endpoint, action, allowed) {
      const key = `${endpoint.toLowerCase()}|${action}`;
      if (allowed) state.rights.delete(key);
      else state.rights.set(key, false);
    },
    setMinutelyLimit(limit) {
      state.minutelyLimit = limit;
    },
    stats: () => structuredClone(state.stats),
    resetStats() {
      state.stats = emptyStats();
    },
    expireRefreshTokens() {
      const now = options.now();
      for (const grant of state.grantsByRefreshToken.values()) grant.refreshExpiresAt = Math.min(grant.refreshExpiresAt, now - 1);
    },
    divisions: () => [...state.divisions.values()].map((d) => ({ code: Number(d.Code), name: String(d.Description) })),
  };

  return { app, control, options };
}
