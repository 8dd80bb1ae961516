/**
 * Exact's side of the events: webhook subscriptions, the inbox processor and the poller, started together
 * by main.ts (and by tests, explicitly) and stopped on SIGTERM.
 */
import type { Connection } from "../../../storage/connections-repo";
import { forgetConnectionState, forgetDivisionState } from "./cursors-repo";
import { deleteProcessedInboxEvents } from "./inbox-repo";
import { reasonOf } from "./deps";
import type { ExactEventsDeps } from "./deps";
import { InboxProcessor } from "./inbox-processor";
import { Poller } from "./poller";
import { knownTopics, SubscriptionManager } from "./subscriptions";
import { logger } from "../../../observability/logger";

/** Failed subscriptions are retried, and processed inbox rows swept, this often. */
const MAINTENANCE_MS = 60_000;
const KEEP_DONE_INBOX_MS = 24 * 3_600_000;

export class ExactEvents {
  readonly processor: InboxProcessor;
  readonly poller: Poller;
  readonly subscriptions: SubscriptionManager;
  /** The topics the receiver accepts: those of the models this server has. */
  readonly topics: ReadonlySet<string>;
  private maintenance: NodeJS.Timeout | undefined;

  constructor(readonly deps: ExactEventsDeps) {
    this.processor = new InboxProcessor(deps);
    this.poller = new Poller(deps);
    this.subscriptions = new SubscriptionManager(deps);
    this.topics = knownTopics(deps.models.all());
    // An endpoint created, changed or deleted may change the models listened to: Exact's subscriptions follow.
    deps.hub.onEndpointsChanged(() => this.subscriptions.requestSync());
  }

  start(): void {
    this.processor.start();
    this.poller.start();
    this.subscriptions.requestSync();
    this.maintenance = setInterval(() => {
      this.subscriptions.requestSync();
      void deleteProcessedInboxEvents(this.deps.db, this.deps.clock.now() - KEEP_DONE_INBOX_MS).catch(() => undefined);
    }, MAINTENANCE_MS);
    this.maintenance.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.maintenance);
    await Promise.all([this.processor.stop(), this.poller.stop(), this.subscriptions.settled()]);
  }

  /** A connection was made (or re-made): its division may need subscriptions. Never throws. */
  connectionMade(): void {
    this.subscriptions.requestSync();
  }

  /** Before a connection is deleted: the last one on a division takes its subscriptions with it. */
  beforeDisconnect(connection: Connection): Promise<void> {
    return this.subscriptions.beforeDisconnect(connection);
  }

  /**
   * Before divisions leave a connection (PATCH): the last connection on a division takes its subscriptions with
   * it, as a disconnect does. Best effort; never throws.
   */
  beforeDivisionsRemoved(connection: Connection, codes: readonly number[]): Promise<void> {
    return this.subscriptions.releaseDivisions(connection, codes);
  }

  /**
   * After a connection's divisions changed: the removed ones' poll state and record versions go (a division added
   * back later starts with a silent baseline), and subscriptions follow the new set. Never throws.
   */
  async afterDivisionsChanged(connectionId: string, removed: readonly number[]): Promise<void> {
    await forgetDivisionState(this.deps.db, connectionId, removed).catch((error: unknown) => logger.error(`forgetting Exact poll state: ${reasonOf(error)}`));
    this.subscriptions.requestSync();
  }

  /** After a connection was deleted: its poll state goes, and the division's subscriptions are re-checked. Never throws. */
  afterDisconnect(connectionId: string | undefined): void {
    if (connectionId) {
      void forgetConnectionState(this.deps.db, connectionId).catch((error: unknown) => logger.error(`forgetting Exact poll state: ${reasonOf(error)}`));
    }
    this.subscriptions.requestSync();
  }
}

export type { ExactEventsDeps } from "./deps";
