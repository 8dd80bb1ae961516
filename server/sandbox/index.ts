/**
 * The Exact Online sandbox: a local emulator of Exact's OAuth and REST API for the demo and the tests.
 * Mount `app` anywhere (its routes are relative to its root) and tell it where with `publicUrl`.
 */
import { Hono } from "hono";
import type { SandboxChanges } from "./changes";
import { createChanges } from "./changes";
import { createControlRoutes } from "./control-routes";
import { createOAuthRoutes, revokeTokenChain } from "./oauth";
import type { SandboxOptions } from "./options";
import { resolveOptions } from "./options";
import { createRestRoutes } from "./rest";
import { createSeededState, fillContacts } from "./seed";
import { fillItems } from "./seed-items";
import type { SandboxStats } from "./state";
import { emptyStats } from "./state";

export { SANDBOX_DEFAULTS } from "./options";
export type { SandboxOptions } from "./options";
export type { SandboxStats } from "./state";
export type { SandboxChanges } from "./changes";
export { eventCreatedOn, webhookHashCode } from "./webhooks";

/** Exact's webhooks switched off and on, so that a test can make changes "while webhooks were off" (those events are lost). */
export interface SandboxWebhooks {
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

export interface SandboxControl {
  /** Switch a user right on/off: endpoint like "crm/Accounts", action "GET"|"POST"|"PUT"|"DELETE". Affects UserHasRights and real calls (403). */
  setUserRight(endpoint: string, action: "GET" | "POST" | "PUT" | "DELETE", allowed: boolean): void;
  setMinutelyLimit(limit: number): void;
  stats(): SandboxStats;
  resetStats(): void;
  /** Invalidate every refresh token (simulates 30-day expiry / revoked consent). */
  expireRefreshTokens(): void;
  /** The user revokes the app: every token of the chain `token` (a current access or refresh token) stops working. */
  revokeTokenChain(token: string): boolean;
  divisions(): Array<{ code: number; name: string }>;
}

export interface ExactSandbox {
  app: Hono;
  control: SandboxControl;
  options: Required<SandboxOptions>;
  /** Create, update and delete records as a user in Exact's screens would: webhooks fire, no rate limit. */
  changes: SandboxChanges;
  webhooks: SandboxWebhooks;
  seed: {
    /** Fills a division's crm/Contacts up to `total` (e.g. 10,000), quickly and without webhooks; returns how many were added. */
    fillContacts(division: number, total: number): number;
    /** The same for logistics/Items (the accountingProduct bench). */
    fillItems(division: number, total: number): number;
  };
}

export function createExactSandbox(sandboxOptions: SandboxOptions): ExactSandbox {
  const options = resolveOptions(sandboxOptions);
  const state = createSeededState(options.minutelyLimit);
  const app = new Hono();
  app.route("/", createOAuthRoutes({ state, options }));
  app.route("/", createRestRoutes({ state, options }));
  const changes = createChanges(state, options);
  app.route("/", createControlRoutes(state, changes));

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
    revokeTokenChain: (token) => revokeTokenChain(state, token),
    divisions: () => [...state.divisions.values()].map((d) => ({ code: Number(d.Code), name: String(d.Description) })),
  };

  const webhooks: SandboxWebhooks = {
    pause: () => void (state.webhooksPaused = true),
    resume: () => void (state.webhooksPaused = false),
    get paused() {
      return state.webhooksPaused;
    },
  };
  const seed = {
    fillContacts: (division: number, total: number) => fillContacts(state, division, total),
    fillItems: (division: number, total: number) => fillItems(state, division, total),
  };

  return { app, control, options, changes, webhooks, seed };
}
