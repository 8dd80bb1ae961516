import { randomBytes } from "node:crypto";
import type { Clock } from "../clock";
import type { ServerContext } from "../context";
import type { Db } from "../storage/database";
import { disableEndpoint, findEndpoint, findEndpoints, recordEndpointSuccess, type WebhookEndpoint } from "./endpoints-repo";
import { eventBody } from "./event-body";
import { FairSlots } from "./fair-slots";
import {
  claimDeliveries,
  findEvents,
  finishAttempt,
  insertAttempts,
  releaseClaims,
  releaseWorkerClaims,
  renewClaims,
  type AttemptOutcome,
  type ClaimedDelivery,
  type ClaimFairness,
  type EventRow,
} from "./outbox-repo";
import { nextRetryDelayMs, RETRY_DELAYS_MS } from "./retry-schedule";
import { decryptSecret } from "./secrets";
import { DELIVERY_TIMEOUT_MS, sendWebhook, type SendResult } from "./send-webhook";
import { signatureHeaders } from "./signing";
import type { Wakeup } from "./wakeup";
import { logger } from "../observability/logger";
import { countWebhookDelivery } from "../observability/metrics";
import { endSpan, startChildSpan } from "../observability/tracing";

/** An endpoint without a single 2xx for this long is disabled at its next delivery that fails for good. */
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

/** What the worker needs of the server, and nothing more. */
export interface DeliveryWorkerDeps {
  db: Db;
  clock: Clock;
  encryptionKey: Uint8Array;
  allowPrivateUrls: boolean;
  wakeup: Wakeup;
}

export interface DeliveryWorkerOptions {
  /** Names this worker's claims; random by default (a restarted process is a new worker). */
  workerId?: string;
  /** Rows per claim. */
  batchSize?: number;
  /** Requests in flight at once, over all endpoints. */
  maxConcurrentRequests?: number;
  /**
   * Requests in flight at once to one endpoint: well below the total, so that endpoints whose receivers
   * hang hold a few slots each and the others keep theirs. An endpoint also has at most twice this many
   * rows claimed, so one backlog cannot take up the whole claim either.
   */
  maxRequestsPerEndpoint?: number;
  /** Rows claimed and not yet finished, at most. */
  maxClaimedRows?: number;
  /** How often the table is read when nothing wakes the worker (other processes' events, retries coming due). */
  pollIntervalMs?: number;
  /** How long a claim lasts: a killed worker's rows are taken up by another after this. Must exceed the request timeout. */
  claimLeaseMs?: number;
  requestTimeoutMs?: number;
  retryDelaysMs?: readonly number[];
  disableAfterMs?: number;
  random?: () => number;
}

/**
 * Delivers the outbox: claims due rows in batches, groups them by (endpoint, order key), sends each
 * group's rows one after the other and the groups concurrently (bounded), and records every attempt.
 * At least once: a row is marked delivered only after a 2xx, so a crash between the two sends it again
 * (with the same `webhook-id`, for the receiver to dedupe).
 */
export class DeliveryWorker {
  readonly workerId: string;
  private readonly options: Required<Omit<DeliveryWorkerOptions, "workerId">>;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly groups = new Set<Promise<void>>();
  private claimedRows = 0;
  private readonly claimedRowsByEndpoint = new Map<string, number>();
  private abort = new AbortController();
  private readonly requestSlots: FairSlots;
  /** Outcomes waiting for the next write (see record). */
  private readonly unwritten: Array<{
    row: ClaimedDelivery;
    endpointId: string;
    startedAt: number;
    result: SendResult;
    outcome: AttemptOutcome;
    resolve: () => void;
    reject: (error: unknown) => void;
  }> = [];
  private writing: Promise<void> | undefined;
  /** Decrypted secrets by ciphertext: a row that did not change is not decrypted again. */
  private readonly secrets = new Map<string, string>();

  constructor(
    private readonly deps: DeliveryWorkerDeps,
    options: DeliveryWorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `worker_${randomBytes(9).toString("base64url")}`;
    this.options = {
      batchSize: options.batchSize ?? 200,
      maxConcurrentRequests: options.maxConcurrentRequests ?? 64,
      maxRequestsPerEndpoint: Math.min(options.maxRequestsPerEndpoint ?? 16, options.maxConcurrentRequests ?? 64),
      maxClaimedRows: options.maxClaimedRows ?? 2_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      claimLeaseMs: options.claimLeaseMs ?? 60_000,
      requestTimeoutMs: options.requestTimeoutMs ?? DELIVERY_TIMEOUT_MS,
      retryDelaysMs: options.retryDelaysMs ?? RETRY_DELAYS_MS,
      disableAfterMs: options.disableAfterMs ?? DISABLE_AFTER_MS,
      random: options.random ?? Math.random,
    };
    this.requestSlots = new FairSlots(this.options.maxConcurrentRequests, this.options.maxRequestsPerEndpoint);
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
    return this;
  }

  /** Looks at the table now instead of at the next poll. */
  wake(): void {
    this.deps.wakeup.notify();
  }

  /**
   * Stops claiming, lets requests in flight finish for up to `graceMs`, then cancels the rest: their rows
   * are given back unattempted (or, if this process dies first, come back when their claims expire).
   */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const settled = Promise.allSettled([...this.groups]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.abort.abort();
    await settled;
    // A group that failed unexpectedly left its rows claimed: given back now rather than when the claims expire.
    await releaseWorkerClaims(this.deps.db, this.workerId).catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { db, clock, wakeup } = this.deps;
    while (this.running) {
      const room = Math.min(this.options.batchSize, this.options.maxClaimedRows - this.claimedRows);
      if (room <= 0) {
        await wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      let claimed: ClaimedDelivery[];
      try {
        claimed = await claimDeliveries(db, this.workerId, clock.now(), this.options.claimLeaseMs, room, this.claimFairness());
      } catch (error) {
        if (!this.running) break;
        logger.error(`webhook delivery: claiming failed: ${error instanceof Error ? error.message : String(error)}`);
        await wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      if (claimed.length === 0) {
        await wakeup.wait(this.options.pollIntervalMs);
        continue;
      }
      const leaseUntil = clock.now() + this.options.claimLeaseMs;
      try {
        const [endpoints, events] = await Promise.all([findEndpoints(db, [...new Set(claimed.map((row) => row.endpointId))]), findEvents(db, claimed.map((row) => row.eventId))]);
        const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
        for (const group of groupByKey(claimed)) {
          const endpoint = endpointById.get(group[0]!.endpointId);
          this.track(group, endpoint ? this.deliverGroup(group, endpoint, events, leaseUntil) : releaseClaims(db, this.workerId, group.map((row) => row.seq)));
        }
      } catch (error) {
        logger.error(`webhook delivery: reading a claimed batch failed: ${error instanceof Error ? error.message : String(error)}`);
        await releaseClaims(db, this.workerId, claimed.map((row) => row.seq)).catch(() => undefined);
      }
    }
  }

  /**
   * Twice an endpoint's request slots keeps them busy from one claim to the next, and is sent well
   * within a lease even by a receiver that makes every request time out.
   */
  private claimFairness(): ClaimFairness {
    const perEndpoint = 2 * this.options.maxRequestsPerEndpoint;
    const skipEndpoints = [...this.claimedRowsByEndpoint].filter(([, rows]) => rows >= perEndpoint).map(([endpointId]) => endpointId);
    return { perEndpoint, skipEndpoints };
  }

  private countClaimed(endpointId: string, change: number): void {
    this.claimedRows += change;
    const rows = (this.claimedRowsByEndpoint.get(endpointId) ?? 0) + change;
    if (rows > 0) this.claimedRowsByEndpoint.set(endpointId, rows);
    else this.claimedRowsByEndpoint.delete(endpointId);
  }

  private track(group: ClaimedDelivery[], work: Promise<void>): void {
    const endpointId = group[0]!.endpointId;
    this.countClaimed(endpointId, group.length);
    const tracked: Promise<void> = work
      .catch((error: unknown) => {
        // The rows' claims expire and another attempt follows: at least once still holds.
        logger.error(`webhook delivery failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.countClaimed(endpointId, -group.length);
        this.groups.delete(tracked);
        this.wake();
      });
    this.groups.add(tracked);
  }

  /** One key's rows, in order; a row that will be retried holds back the rest, which are given back. */
  private async deliverGroup(group: ClaimedDelivery[], endpoint: WebhookEndpoint, events: Map<string, EventRow>, leaseUntil: number): Promise<void> {
    const { db } = this.deps;
    const secrets = await this.secretsOf(endpoint);
    const lease = { until: leaseUntil };
    for (let index = 0; index < group.length; index++) {
      const row = group[index]!;
      const rest = group.slice(index).map((r) => r.seq);
      if (this.abort.signal.aborted) return releaseClaims(db, this.workerId, rest);
      const event = events.get(row.eventId);
      let attempt: { startedAt: number; result: SendResult };
      if (event) {
        const sent = await this.requestSlots.run(endpoint.id, () => this.send(event, endpoint, secrets, rest, lease));
        // Another worker holds the rows now (our lease ran out while they waited): theirs to send.
        if (sent === "taken over") return releaseClaims(db, this.workerId, rest);
        attempt = sent;
        // Stopped mid-request: not the receiver's fault, so no attempt is recorded; the row goes back.
        if (this.abort.signal.aborted && !attempt.result.ok) return releaseClaims(db, this.workerId, rest);
      } else {
        attempt = { startedAt: this.deps.clock.now(), result: { ok: false, statusCode: null, error: "the event is missing from the outbox", responseExcerpt: null, durationMs: 0 } };
      }
      const outcome = this.outcomeOf(row, attempt.result, event !== undefined);
      await this.record(row, endpoint, attempt.startedAt, attempt.result, outcome);
      countWebhookDelivery(outcome.status);
      if (outcome.status === "retrying") {
        this.wakeAt(outcome.nextAttemptAt);
        return releaseClaims(db, this.workerId, rest.slice(1));
      }
    }
  }

  /** One request, once it has a slot: the lease, the signature's timestamp and the deadline all start now. */
  private async send(event: EventRow, endpoint: WebhookEndpoint, secrets: string[], rows: number[], lease: { until: number }): Promise<{ startedAt: number; result: SendResult } | "taken over"> {
    const { db, clock } = this.deps;
    // Rows wait for a slot, and a long run of one key outlives the first lease: extend it before a request could run past it.
    if (clock.now() + this.options.requestTimeoutMs + 5_000 > lease.until) {
      lease.until = clock.now() + this.options.claimLeaseMs;
      if ((await renewClaims(db, this.workerId, rows, lease.until)) < rows.length) return "taken over";
    }
    const startedAt = clock.now();
    const body = eventBody(event, endpoint.includeRaw);
    // Signed as it leaves: receivers refuse a webhook-timestamp that is minutes old.
    const headers = signatureHeaders(event.id, startedAt, body, secrets);
    // A span of its own (its parent is whatever started the worker: none in production); never the URL's query or the body.
    const span = startChildSpan("webhook delivery", "client", { "webhook.endpoint_id": endpoint.id, "webhook.event_id": event.id, "webhook.event_type": event.type });
    const result = await sendWebhook(endpoint.url, { ...headers }, body, { allowPrivate: this.deps.allowPrivateUrls, timeoutMs: this.options.requestTimeoutMs, signal: this.abort.signal });
    endSpan(span, { "http.response.status_code": result.statusCode ?? 0, "webhook.delivered": result.ok }, result.ok ? undefined : "not delivered");
    return { startedAt, result };
  }

  /** A retry due before the next poll wakes the worker itself (the first retries are seconds apart). */
  private wakeAt(at: number): void {
    const delay = at - this.deps.clock.now();
    if (delay >= this.options.pollIntervalMs) return;
    setTimeout(() => this.wake(), Math.max(0, delay) + 5).unref?.();
  }

  private outcomeOf(row: ClaimedDelivery, result: SendResult, retriable: boolean): AttemptOutcome {
    if (result.ok) return { status: "delivered" };
    const failedInSchedule = row.attempts + 1 - row.retryBase;
    const delay = retriable ? nextRetryDelayMs(failedInSchedule, this.options.random, this.options.retryDelaysMs) : undefined;
    return delay === undefined ? { status: "failed" } : { status: "retrying", nextAttemptAt: this.deps.clock.now() + delay };
  }

  /**
   * Queues an attempt's outcome for the next write. Outcomes that arrive together are written in one
   * transaction: one commit (an fsync on SQLite) per batch instead of per delivery is what makes hundreds
   * of deliveries a second possible. The caller waits for the commit, so a key's next row is never
   * released before its predecessor's outcome is stored.
   */
  private record(row: ClaimedDelivery, endpoint: WebhookEndpoint, startedAt: number, result: SendResult, outcome: AttemptOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.unwritten.push({ row, endpointId: endpoint.id, startedAt, result, outcome, resolve, reject });
      this.startWriting();
    });
  }

  private startWriting(): void {
    if (this.writing) return;
    this.writing = this.writeOutcomes().finally(() => {
      this.writing = undefined;
      // an outcome queued after the last batch was taken, before this ran
      if (this.unwritten.length > 0) this.startWriting();
    });
  }

  private async writeOutcomes(): Promise<void> {
    // One turn of the event loop lets the outcomes of other requests that finished meanwhile join in.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.unwritten.length > 0) {
      const batch = this.unwritten.splice(0, 500);
      const now = this.deps.clock.now();
      try {
        await this.deps.db.transaction().execute(async (trx) => {
          const attempts = [];
          const succeeded = new Set<string>();
          const failedForGood = new Map<string, SendResult>();
          for (const item of batch) {
            const { result } = item;
            const attempt = await finishAttempt(
              trx,
              item.row,
              this.workerId,
              { startedAt: item.startedAt, durationMs: result.durationMs, statusCode: result.statusCode, error: result.error, responseExcerpt: result.responseExcerpt },
              item.outcome,
              now,
            );
            if (!attempt) continue;
            attempts.push(attempt);
            if (item.outcome.status === "delivered") succeeded.add(item.endpointId);
            if (item.outcome.status === "failed") failedForGood.set(item.endpointId, result);
          }
          await insertAttempts(trx, attempts);
          for (const endpointId of succeeded) await recordEndpointSuccess(trx, endpointId, now);
          for (const [endpointId, result] of failedForGood) if (!succeeded.has(endpointId)) await this.disableIfDead(trx, endpointId, result, now);
        });
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
  }

  /**
   * The disabling rule: a delivery failed for good (all retries spent, about three days) and the endpoint
   * has had no 2xx for `disableAfterMs` (five days) since it was created or last re-enabled. One dead
   * delivery among healthy ones disables nothing; an endpoint that is simply gone stops being tried.
   */
  private async disableIfDead(trx: Db, endpointId: string, result: SendResult, now: number): Promise<void> {
    const endpoint = await findEndpoint(trx, endpointId);
    if (!endpoint || endpoint.disabledAt !== null) return;
    const healthySince = Math.max(endpoint.lastSuccessAt ?? 0, endpoint.enabledAt);
    if (now - healthySince < this.options.disableAfterMs) return;
    const days = Math.floor((now - healthySince) / 86_400_000);
    const reason = `No successful delivery for ${days} days (since ${new Date(healthySince).toISOString()}); the last failure: ${result.error ?? "unknown"}`;
    if (await disableEndpoint(trx, endpointId, reason, now)) logger.warn(`webhook endpoint ${endpointId} disabled: ${reason}`);
  }

  private async secretsOf(endpoint: WebhookEndpoint): Promise<string[]> {
    const encrypted = [endpoint.encryptedSecret];
    // During a rotation both secrets sign, so a receiver configured with either verifies.
    if (endpoint.encryptedPreviousSecret && (endpoint.previousSecretExpiresAt ?? 0) > this.deps.clock.now()) encrypted.push(endpoint.encryptedPreviousSecret);
    return Promise.all(
      encrypted.map(async (jwe) => {
        let secret = this.secrets.get(jwe);
        if (!secret) {
          secret = await decryptSecret(this.deps.encryptionKey, jwe);
          if (this.secrets.size >= 1_000) this.secrets.delete(this.secrets.keys().next().value!);
          this.secrets.set(jwe, secret);
        }
        return secret;
      }),
    );
  }
}

/** Claimed rows by (endpoint, order key), each group in `seq` order (the claim returns them sorted). */
function groupByKey(rows: ClaimedDelivery[]): ClaimedDelivery[][] {
  const groups = new Map<string, ClaimedDelivery[]>();
  for (const row of rows) {
    const key = `${row.endpointId}\u0000${row.orderKey}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

/** The worker of a server process, configured from its context. */
export function deliveryWorkerFor(ctx: ServerContext, options: DeliveryWorkerOptions = {}): DeliveryWorker {
  return new DeliveryWorker({ db: ctx.db, clock: ctx.clock, encryptionKey: ctx.config.encryptionKey, allowPrivateUrls: ctx.config.webhookAllowPrivateUrls, wakeup: ctx.outbox.wakeup }, options);
}
