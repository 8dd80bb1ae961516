import type { Clock } from "../../../clock";
import type { Db } from "../../../storage/database";
import type { WebhookHub } from "../../../webhooks/events";
import type { ExactApiClient } from "../api-client";
import type { ModelRegistry } from "../model-registry";

/** What Exact's events need of the server: no routes, no secrets beyond the Exact client's own. */
export interface ExactEventsDeps {
  db: Db;
  clock: Clock;
  exact: ExactApiClient;
  models: ModelRegistry;
  /**
   * The outbox, built before this and handed in: where changes are emitted, which models endpoints listen to,
   * and the endpoint changes that Exact's subscriptions follow. Nothing else of it: the outbox is someone else's.
   */
  hub: Pick<WebhookHub, "emit" | "listenedModels" | "onEndpointsChanged">;
  /** `<MORPH_PUBLIC_URL>/v1/exact/webhooks` */
  callbackUrl: string;
  /** Exact demands an HTTPS callback; plain HTTP is allowed only against the sandbox. */
  allowHttpCallback: boolean;
  /** Without a webhook secret nothing could be verified: no subscriptions are made. */
  webhookSecret: string | undefined;
  /** MORPH_POLL_INTERVAL_SECONDS, in ms. */
  pollIntervalMs: number;
}

/** One line for the log: the reason, never a token (Exact's messages carry none; ours neither). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : "unexpected error";
}
