/**
 * The poller: for models without a webhook topic, and for whatever webhooks missed (a subscription that
 * failed, a notification lost, a server that was down). Per connection (each of its divisions in turn, with
 * their own cursors and record versions), one poll at a time across every
 * instance (a lease in the database), every MORPH_POLL_INTERVAL_SECONDS; a model whose webhooks are known
 * healthy is read only every reconciliation interval (poll-schedule.ts). A read is:
 * - entities with a sync endpoint: `Timestamp gt <cursor>L`, 1000 records a call, and `sync/Deleted`;
 * - entities without one (users/Users, system/Divisions): the regular endpoint read whole and compared with
 *   the ids and versions last seen. An id-set comparison for deletions needs every page anyway, and a full
 *   read costs the same pages, so a `Modified` filter would only add calls.
 * The first poll of a connection and model is a silent baseline: it records what exists and emits nothing
 * (a `created` for every existing record would flood customers). From then on a record seen for the first
 * time is `created`, a known one with a new version `updated`. Versions are shared with the webhook path,
 * so a change seen by both is emitted once.
 */
import { MorphError } from "../../../errors";
import { findConnectionById, type Connection } from "../../../storage/connections-repo";
import type { NewEvent } from "../../../webhooks/events";
import { readPages } from "../exact-reader";
import { ModelView } from "../model-view";
import type { ExactRecord, ModelMapping } from "../models/types";
import { duePollConnectionIds, type PollScope, readCursor, releasePollLease, takePollLease, writeCursor, writePolledTime } from "./cursors-repo";
import { reasonOf, type ExactEventsDeps } from "./deps";
import { invoiceLinesChanged, invoiceLinesRemoved, lineMappingOf } from "./invoice-lines";
import { loadCoverage, nextReadAt, RECONCILE_INTERVAL_MS } from "./poll-schedule";
import { fetchByKeys } from "./record-fetcher";
import { recordChanged, recordRemoved, type ChangeScope } from "./record-changes";
import { hasSeen, liveVersions } from "./record-versions-repo";
import { FIRST_TIMESTAMP, readSyncPages } from "./sync-reader";
import { divisionViews, mayRead } from "./watched-connections";
import { logger } from "../../../observability/logger";

/** Longer than a poll takes, Exact's minute queue included. */
const POLL_LEASE_MS = 10 * 60_000;
/** Below this many calls left today, polling waits for the daily reset: customers' own calls come first. */
export const DAILY_RESERVE = 500;
/** A model read whole stops here (3,000 records); deletions are then not inferred. */
const MAX_SCAN_PAGES = 50;
const DELETED_CURSOR = "sync/Deleted";
const SCANNED = "scan";
/** Connections polled at once; a round waits for its slowest. */
const CONNECTIONS_PER_ROUND = 8;
const MAX_ROUNDS_PER_TICK = 100;

/** Where a connection seen from one of its divisions keeps its cursors and record versions. */
const scopeOf = (view: Connection): PollScope => ({ connectionId: view.id, division: view.division });

export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** Set by stop(): a tick ends after its current round (each poll releases its lease as it ends). */
  private stopping = false;
  /** A model last read before this process started may have missed notifications sent while it was down. */
  private readonly startedAt: number;
  /** How often what webhooks cover is read anyway; never more often than the poll interval itself. */
  reconcileIntervalMs: number;

  constructor(private readonly deps: ExactEventsDeps) {
    this.startedAt = deps.clock.now();
    this.reconcileIntervalMs = Math.max(RECONCILE_INTERVAL_MS, deps.pollIntervalMs);
  }

  start(tickMs = Math.min(this.deps.pollIntervalMs, 15_000)): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => {
      if (!this.ticking) this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, tickMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopping = true;
    await this.ticking;
  }

  /**
   * Polls the connections that are due, a few at a time (different divisions have their own rate budgets),
   * until none is left; errors are logged per connection. Each poll moves its connection's next poll on, and
   * one held by another instance is not due, so the rounds end.
   */
  async tick(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS_PER_TICK && !this.stopping; round++) {
      const due = await duePollConnectionIds(this.deps.db, this.deps.clock.now(), CONNECTIONS_PER_ROUND);
      if (due.length === 0) return;
      await Promise.all(due.map((id) => this.pollConnection(id)));
    }
  }

  /**
   * Polls one connection if nobody else is (`force`: even if its next poll is not due yet, and every model,
   * covered or not): each of its divisions in turn, each with its own cursors and its own daily budget.
   */
  async pollConnection(connectionId: string, options: { force?: boolean } = {}): Promise<void> {
    const { db, clock } = this.deps;
    if (!(await takePollLease(db, connectionId, clock.now(), POLL_LEASE_MS, options.force === true))) return;
    let nextPollAt = clock.now() + this.deps.pollIntervalMs;
    try {
      const connection = await findConnectionById(db, connectionId);
      if (!connection || connection.status !== "connected") return;
      for (const view of divisionViews(connection)) {
        if (this.stopping) break;
        nextPollAt = Math.min(nextPollAt, await this.pollDivision(view, options.force === true));
      }
    } catch (error) {
      logger.error(`polling Exact for connection ${connectionId} failed, retried at the next interval: ${reasonOf(error)}`);
    } finally {
      await releasePollLease(db, connectionId, nextPollAt);
    }
  }

  /**
   * One division of a connection; returns when it wants its next poll at the latest. A failure is logged and
   * leaves the connection's other divisions polled.
   */
  private async pollDivision(view: Connection, force: boolean): Promise<number> {
    const { clock } = this.deps;
    let nextPollAt = clock.now() + this.deps.pollIntervalMs;
    try {
      const budget = this.deps.exact.dailyBudget(view);
      if (budget && budget.remaining < DAILY_RESERVE) return Math.max(nextPollAt, budget.resetAt);
      // Not later than the next reconciliation of a model that waited for it.
      return Math.min(nextPollAt, await this.poll(view, force));
    } catch (error) {
      if (error instanceof MorphError && error.code === "RATE_LIMITED") {
        const retryAfter = Number(error.details?.retryAfter);
        if (Number.isFinite(retryAfter)) nextPollAt = Math.max(nextPollAt, clock.now() + retryAfter * 1000);
      }
      logger.error(`polling Exact for connection ${view.id} (division ${view.division}) failed, retried at the next interval: ${reasonOf(error)}`);
      return nextPollAt;
    }
  }

  /** Reads the models that are due (`all`: every one); returns when the first one that waited is due. */
  private async poll(connection: Connection, all: boolean): Promise<number> {
    const { db, models } = this.deps;
    const startedAt = this.deps.clock.now();
    const listened = await this.deps.hub.listenedModels();
    const readable = new Set(models.all().filter((m) => listened.has(m.model) && mayRead(connection, m)).map((m) => m.model));
    if (readable.size === 0) return Infinity;
    // A line model is read through its invoice (lines have no sync endpoint and no Modified of their own).
    const parentOfLines = new Map<string, ModelMapping>();
    for (const mapping of models.all()) {
      const lines = lineMappingOf(models, mapping);
      if (lines) parentOfLines.set(lines.model, mapping);
    }
    const polled = new Map<string, ModelMapping>();
    for (const model of readable) {
      const mapping = parentOfLines.get(model) ?? models.get(model);
      if (mapping) polled.set(mapping.model, mapping);
    }
    const pollable = [...polled.values()].filter((m) => m.reference?.sync || m.actions.includes("list"));
    const { due, nextRead } = all ? { due: pollable, nextRead: Infinity } : await this.dueModels(connection, pollable, startedAt);
    const readThrough: ModelMapping[] = [];
    for (const mapping of due) {
      const complete = mapping.reference?.sync ? await this.pollSync(connection, mapping, readable) : await this.pollWhole(connection, mapping, readable);
      if (complete) readThrough.push(mapping);
    }
    // sync/Deleted has one cursor for every entity: a read of it takes the deletions of the models that waited too.
    const synced = pollable.filter((m) => m.reference?.sync);
    if (due.some((m) => m.reference?.sync)) await this.pollDeleted(connection, synced, readable);
    // A model counts as read through (for its schedule) only once its deletions are read too.
    if (readThrough.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (const mapping of readThrough) await writePolledTime(trx, scopeOf(connection), mapping.model, startedAt);
      });
    }
    return nextRead;
  }

  /** The models this poll reads (poll-schedule.ts), and when the first of the others is due. */
  private async dueModels(connection: Connection, pollable: ModelMapping[], now: number): Promise<{ due: ModelMapping[]; nextRead: number }> {
    const coverage = await loadCoverage(this.deps, connection, pollable);
    const due: ModelMapping[] = [];
    let nextRead = Infinity;
    for (const mapping of pollable) {
      const at = nextReadAt(coverage.get(mapping.model)!, this.startedAt, this.reconcileIntervalMs, now);
      if (at <= now) due.push(mapping);
      else nextRead = Math.min(nextRead, at);
    }
    return { due, nextRead };
  }

  private scope(trx: ChangeScope["trx"], connection: Connection, readable: ReadonlySet<string>, silent: boolean): ChangeScope {
    return { trx, connection, now: this.deps.clock.now(), listened: readable, silent };
  }

  /** Reads a model's changes since its cursor; false when it stopped at its page cap (the rest comes next time). */
  private async pollSync(connection: Connection, mapping: ModelMapping, readable: ReadonlySet<string>): Promise<boolean> {
    const { db, exact, models } = this.deps;
    const cursor = await readCursor(db, scopeOf(connection), mapping.model);
    const silent = cursor === undefined;
    const lines = lineMappingOf(models, mapping);
    // With lines, the sync rows only say which invoices changed; the invoices are read with their lines.
    const select = lines ? [mapping.keyField] : ModelView.of(connection, mapping).syncSelect();
    let complete = true;
    for await (const page of readSyncPages(exact, connection, mapping.reference!.sync!, select, cursor ?? FIRST_TIMESTAMP)) {
      complete = !page.more;
      const records = lines ? await this.readInvoices(connection, mapping, page.records) : page.records;
      await db.transaction().execute(async (trx) => {
        const scope = this.scope(trx, connection, readable, silent);
        const events: NewEvent[] = [];
        for (const raw of records) {
          const id = String(raw[mapping.keyField] ?? "").toLowerCase();
          if (!id) continue;
          const seenBefore = await hasSeen(trx, { ...scopeOf(connection), model: mapping.model, recordId: id });
          events.push(...(await recordChanged(scope, mapping, raw, { unseen: "created" })));
          if (lines) events.push(...(await invoiceLinesChanged(scope, { mapping, raw, id, seenBefore, created: !seenBefore }, lines)));
        }
        if (events.length > 0) await this.deps.hub.emit(trx, events);
        await writeCursor(trx, scopeOf(connection), mapping.model, page.cursor, scope.now);
      });
    }
    if (silent && (await readCursor(db, scopeOf(connection), mapping.model)) === undefined) {
      await writeCursor(db, scopeOf(connection), mapping.model, FIRST_TIMESTAMP, this.deps.clock.now()); // an empty entity: the baseline is done
    }
    return complete;
  }

  private async readInvoices(connection: Connection, mapping: ModelMapping, rows: ExactRecord[]): Promise<ExactRecord[]> {
    const ids = [...new Set(rows.map((row) => String(row[mapping.keyField] ?? "").toLowerCase()).filter(Boolean))];
    return [...(await fetchByKeys(this.deps.exact, connection, mapping, ids)).values()];
  }

  private async pollDeleted(connection: Connection, synced: ModelMapping[], readable: ReadonlySet<string>): Promise<void> {
    const { db, exact, models } = this.deps;
    const byType = new Map<number, ModelMapping[]>();
    for (const mapping of synced) {
      const type = mapping.reference?.deletedEntityType;
      if (type !== undefined) byType.set(type, [...(byType.get(type) ?? []), mapping]);
    }
    if (byType.size === 0) return;
    const cursor = await readCursor(db, scopeOf(connection), DELETED_CURSOR);
    for await (const page of readSyncPages(exact, connection, "sync/Deleted", ["EntityKey", "EntityType"], cursor ?? FIRST_TIMESTAMP)) {
      await db.transaction().execute(async (trx) => {
        const scope = this.scope(trx, connection, readable, cursor === undefined);
        const events: NewEvent[] = [];
        for (const row of page.records) {
          const id = String(row.EntityKey ?? "").toLowerCase();
          for (const mapping of byType.get(Number(row.EntityType)) ?? []) {
            // Never seen: created and deleted between two polls, or before the baseline; nobody was told it existed.
            if (!id || !(await hasSeen(trx, { ...scopeOf(connection), model: mapping.model, recordId: id }))) continue;
            events.push(...(await recordRemoved(scope, mapping.model, id)));
            const lines = lineMappingOf(models, mapping);
            if (lines) events.push(...(await invoiceLinesRemoved(scope, id, lines)));
          }
        }
        if (events.length > 0) await this.deps.hub.emit(trx, events);
        await writeCursor(trx, scopeOf(connection), DELETED_CURSOR, page.cursor, scope.now);
      });
    }
    if (cursor === undefined && (await readCursor(db, scopeOf(connection), DELETED_CURSOR)) === undefined) {
      await writeCursor(db, scopeOf(connection), DELETED_CURSOR, FIRST_TIMESTAMP, this.deps.clock.now());
    }
  }

  /** A model without a sync endpoint: read whole, compared with what was last seen; false when too big to read whole. */
  private async pollWhole(connection: Connection, mapping: ModelMapping, readable: ReadonlySet<string>): Promise<boolean> {
    const { db, exact } = this.deps;
    const records: ExactRecord[] = [];
    const request = {
      url: `/api/v1/{division}/${mapping.endpoint}`,
      query: { $select: ModelView.of(connection, mapping).select.join(","), $filter: mapping.alwaysFilter },
    };
    let more = false;
    for await (const { results, next } of readPages(exact, connection, request, { operation: `${mapping.model}::list`, background: true, maxPages: MAX_SCAN_PAGES })) {
      records.push(...results);
      more = next !== undefined;
    }
    if (more) {
      logger.warn(`${mapping.model} of connection ${connection.id} has more than ${MAX_SCAN_PAGES} pages: not polled`);
      return false;
    }
    const silent = (await readCursor(db, scopeOf(connection), mapping.model)) === undefined;
    await db.transaction().execute(async (trx) => {
      const scope = this.scope(trx, connection, readable, silent);
      const known = await liveVersions(trx, scopeOf(connection), mapping.model);
      const events: NewEvent[] = [];
      const present = new Set<string>();
      for (const raw of records) {
        const id = String(raw[mapping.keyField] ?? "").toLowerCase();
        if (!id) continue;
        present.add(id);
        events.push(...(await recordChanged(scope, mapping, raw, { unseen: "created" })));
      }
      for (const id of known.keys()) if (!present.has(id)) events.push(...(await recordRemoved(scope, mapping.model, id)));
      if (events.length > 0) await this.deps.hub.emit(trx, events);
      await writeCursor(trx, scopeOf(connection), mapping.model, SCANNED, scope.now);
    });
    return true;
  }
}
