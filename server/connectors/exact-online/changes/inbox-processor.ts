/**
 * Works the inbox: claims a batch of notifications, reads the records they name from Exact (many keys per
 * call), and in one transaction records what each connection on the division now knows, emits the events
 * and marks the rows done. A crash before the commit leaves the rows claimed; the claim expires and the
 * batch is done again, and the record versions make the second run emit nothing twice.
 */
import { MorphError } from "../../../errors";
import type { Connection } from "../../../storage/connections-repo";
import type { EventAction, NewEvent } from "../../../webhooks/events";
import type { ExactRecord, ModelMapping } from "../models/types";
import { reasonOf, type ExactEventsDeps } from "./deps";
import { claimInboxEvents, markInboxDone, releaseInboxEvents, returnInboxEvents, type InboxEvent } from "./inbox-repo";
import { invoiceLinesChanged, invoiceLinesRemoved, lineMappingOf } from "./invoice-lines";
import { fetchByKeys } from "./record-fetcher";
import { recordChanged, recordRemoved, recordsChanged, type ChangeScope } from "./record-changes";
import { hasSeen } from "./record-versions-repo";
import { connectionsOnDivision, mayRead, modelsOfTopic } from "./watched-connections";
import { logger } from "../../../observability/logger";

const BATCH_SIZE = 500;
/** Longer than a batch takes (Exact's minute queue included): an expired claim means its holder is gone. */
export const CLAIM_MS = 5 * 60_000;
const MAX_ATTEMPTS = 10;
const IDLE_MS = 2_000;

interface KeyChange {
  action: "Create" | "Update" | "Delete";
  /** Exact said Create for this key within the batch: a record never seen is `created`, not `updated`. */
  created: boolean;
}

export class InboxProcessor {
  private running = false;
  /** Set by stop(): the groups of the batch not started yet go back to the inbox for another instance. */
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  claimMs = CLAIM_MS;

  constructor(private readonly deps: ExactEventsDeps) {}

  /** A notification arrived in this process: no need to wait for the next idle tick. */
  wake(): void {
    this.wakeUp?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = (async () => {
      while (this.running) {
        const done = await this.processOnce().catch((error: unknown) => {
          logger.error(`Exact inbox: ${reasonOf(error)}`);
          return 0;
        });
        if (done === 0 && this.running) await this.idle();
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  /** Processes until nothing is due (tests, and a graceful catch-up). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.processOnce();
      if (done === 0) return total;
      total += done;
    }
  }

  /** One batch; returns how many rows it claimed. */
  async processOnce(): Promise<number> {
    const { db, clock } = this.deps;
    const claim = await claimInboxEvents(db, clock.now(), BATCH_SIZE, this.claimMs);
    if (claim.events.length === 0) return 0;
    const listened = await this.deps.hub.listenedModels();
    const groups = new Map<string, InboxEvent[]>();
    for (const event of claim.events) {
      const key = `${event.division}|${event.topic}`;
      const group = groups.get(key);
      if (group) group.push(event);
      else groups.set(key, [event]);
    }
    for (const events of groups.values()) {
      if (this.stopping) {
        await returnInboxEvents(db, claim.token, events.map((e) => e.id));
        continue;
      }
      try {
        await this.processGroup(claim.token, events, listened);
      } catch (error) {
        const ids = events.map((e) => e.id);
        const attempts = Math.max(...events.map((e) => e.attempts));
        const retryAt = clock.now() + retryDelayMs(error, attempts);
        logger.error(`Exact events for division ${events[0]!.division} (${events[0]!.topic}) failed, retried later: ${reasonOf(error)}`);
        await releaseInboxEvents(db, claim.token, ids, reasonOf(error), retryAt, MAX_ATTEMPTS);
      }
    }
    return claim.events.length;
  }

  private async processGroup(token: string, events: InboxEvent[], listened: ReadonlySet<string>): Promise<void> {
    const { db, clock, models } = this.deps;
    const first = events[0]!;
    const ids = events.map((e) => e.id);
    const primaries = modelsOfTopic(models.all(), first.topic);
    const withLines = primaries.map((mapping) => ({ mapping, lines: lineMappingOf(models, mapping) }));
    const involved = withLines.flatMap(({ mapping, lines }) => [mapping, ...(lines ? [lines] : [])]).filter((m) => listened.has(m.model));
    const connections = involved.length === 0 ? [] : (await connectionsOnDivision(db, first.division)).filter((c) => involved.some((m) => mayRead(c, m)));
    if (connections.length === 0) {
      // Nobody here wants these: done, without a call to Exact.
      await markInboxDone(db, token, ids, clock.now());
      return;
    }

    const changes = latestChanges(events);
    const keysToRead = [...changes].filter(([, change]) => change.action !== "Delete").map(([key]) => key);
    // One read per endpoint serves every connection on the division; lines come with their invoice.
    const reader = withLines.find(({ mapping }) => mapping.expand)?.mapping ?? withLines[0]!.mapping;
    const records = keysToRead.length === 0 ? new Map<string, ExactRecord>() : await this.readWithAnyConnection(connections, reader, keysToRead);

    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const emitted: NewEvent[] = [];
      for (const connection of connections) {
        const readable = new Set(models.all().filter((m) => listened.has(m.model) && mayRead(connection, m)).map((m) => m.model));
        const scope: ChangeScope = { trx, connection, now, listened: readable };
        for (const { mapping, lines } of withLines) {
          if (lines) continue; // invoices: one by one below, their lines compared with what was told
          // Records without lines: their versions in one batch, not a round trip each.
          const present: Array<{ raw: ExactRecord; unseen: EventAction }> = [];
          for (const [key, change] of changes) {
            if (change.action === "Delete") emitted.push(...(await recordRemoved(scope, mapping.model, key)));
            else if (records.has(key)) present.push({ raw: records.get(key)!, unseen: change.created ? "created" : "updated" });
            // a record missing from the read was deleted meanwhile: its Delete notification follows
          }
          emitted.push(...(await recordsChanged(scope, mapping, present)));
        }
        for (const [key, change] of changes) {
          for (const { mapping, lines } of withLines) {
            if (!lines) continue;
            if (change.action === "Delete") {
              emitted.push(...(await recordRemoved(scope, mapping.model, key)));
              emitted.push(...(await invoiceLinesRemoved(scope, key, lines)));
              continue;
            }
            const raw = records.get(key);
            if (!raw) continue; // deleted meanwhile: its Delete notification follows
            const seenBefore = await hasSeen(trx, { connectionId: connection.id, division: connection.division, model: mapping.model, recordId: key });
            emitted.push(...(await recordChanged(scope, mapping, raw, { unseen: change.created ? "created" : "updated" })));
            emitted.push(...(await invoiceLinesChanged(scope, { mapping, raw, id: key, seenBefore, created: change.created }, lines)));
          }
        }
      }
      if (emitted.length > 0) await this.deps.hub.emit(trx, emitted);
      await markInboxDone(trx, token, ids, now);
    });
  }

  /** The first connection whose user may read the records reads them for all; a refusal tries the next. */
  private async readWithAnyConnection(connections: Connection[], mapping: ModelMapping, keys: string[]): Promise<Map<string, ExactRecord>> {
    const readers = connections.filter((c) => mayRead(c, mapping));
    let lastError: unknown = new MorphError("INSUFFICIENT_PERMISSIONS", `No connection on this division may read ${mapping.model}.`);
    for (const connection of readers) {
      try {
        return await fetchByKeys(this.deps.exact, connection, mapping, keys);
      } catch (error) {
        lastError = error;
        const tryNext = error instanceof MorphError && (error.code === "INSUFFICIENT_PERMISSIONS" || error.code === "NEEDS_REAUTH" || error.code === "CONNECTION_NOT_FOUND");
        if (!tryNext) throw error;
      }
    }
    throw lastError;
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, IDLE_MS);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}

/** The last action per key in arrival order, and whether Exact said Create for it in this batch. */
function latestChanges(events: InboxEvent[]): Map<string, KeyChange> {
  const changes = new Map<string, KeyChange>();
  for (const event of [...events].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const key = event.key.toLowerCase();
    const created = (changes.get(key)?.created ?? false) || event.action === "Create";
    changes.set(key, { action: event.action, created });
  }
  return changes;
}

/** Exact's rate limit says when; anything else backs off exponentially, up to an hour. */
function retryDelayMs(error: unknown, attempts: number): number {
  if (error instanceof MorphError && error.code === "RATE_LIMITED") {
    const retryAfter = Number((error.details as { retryAfter?: unknown } | undefined)?.retryAfter);
    if (Number.isFinite(retryAfter)) return retryAfter * 1000;
  }
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}
