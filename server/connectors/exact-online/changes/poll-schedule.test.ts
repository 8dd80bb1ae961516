/**
 * Issue 15: what Exact's webhooks cover is polled only as a slow reconciliation; what they do not cover
 * (no topic, a failed subscription, a gap, a restart) keeps the poll interval.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { findConnection } from "../../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import type { ExactApiClient } from "../api-client";
import { coveredByWebhooks, RECONCILE_INTERVAL_MS } from "./poll-schedule";
import { Poller } from "./poller";
import { markSubscribed, markSubscriptionFailed } from "./subscriptions-repo";
import { captureEvents, summary } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = ["genericContact::list", "genericUser::list"];
const MINUTE = 60_000;

describe("coveredByWebhooks", () => {
  const started = 1_000;
  const healthy = { lastPolledAt: 5_000, subscribedSince: 4_000, lastFailedNotification: undefined };

  it("holds for a subscription active since before the last read, in this process, with no notification given up on", () => {
    expect(coveredByWebhooks(healthy, started)).toBe(true);
    expect(coveredByWebhooks({ ...healthy, lastFailedNotification: 4_500 }, started)).toBe(true);
  });

  it("fails for a model never read, without a healthy subscription, subscribed after its last read, read before a restart, or after a gap", () => {
    expect(coveredByWebhooks({ ...healthy, lastPolledAt: undefined }, started)).toBe(false);
    expect(coveredByWebhooks({ ...healthy, subscribedSince: undefined }, started)).toBe(false);
    expect(coveredByWebhooks({ ...healthy, subscribedSince: 6_000 }, started)).toBe(false);
    expect(coveredByWebhooks(healthy, 5_001)).toBe(false);
    expect(coveredByWebhooks({ ...healthy, lastFailedNotification: 5_001 }, started)).toBe(false);
  });
});

describe("the poll schedule", () => {
  let server: TestServer;
  let connectionId: string;
  let accountId: string;
  let call: MockInstance<ExactApiClient["call"]>;
  const captured = captureEvents(["genericContact", "genericUser"]);
  const events = captured.events;
  const subscription = { region: "nl", division: DIV, topic: "Contacts" };

  /** Moves the clock on, runs the poller's tick, and returns the Exact paths it read. */
  async function tickAfter(ms: number, poller = server.ctx.exactEvents.poller): Promise<string[]> {
    server.clock.advance(ms);
    call.mockClear();
    await poller.tick();
    return call.mock.calls.map(([, request]) => request.url.replace(/^.*\/api\/v1\/(\{division\}|\d+)\//, "").replace(/\?.*$/, ""));
  }

  /** A change whose notification Exact never delivers. */
  async function lostContact(lastName: string): Promise<string> {
    server.sandbox.webhooks.pause();
    try {
      return String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: accountId, LastName: lastName })).ID);
    } finally {
      server.sandbox.webhooks.resume();
    }
  }

  beforeAll(async () => {
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
    await server.connect("org_schedule", OPERATIONS);
    connectionId = (await findConnection(server.ctx.db, "exact-online", "org_schedule"))!.id;
    await server.ctx.exactEvents.subscriptions.sync();
    accountId = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Schedule B.V." })).ID);
    await server.ctx.exactEvents.poller.pollConnection(connectionId, { force: true }); // the baseline
    call = vi.spyOn(server.ctx.exact, "call");
  });
  afterEach(() => {
    events.length = 0;
  });
  afterAll(async () => {
    call.mockRestore();
    await server.close();
  });

  it("with a healthy subscription, reads contacts only at the reconciliation interval; users (no topic) at every poll", async () => {
    const { pollIntervalMs } = server.ctx.config;
    const reconcileMs = server.ctx.exactEvents.poller.reconcileIntervalMs;
    expect(reconcileMs).toBe(RECONCILE_INTERVAL_MS);
    const id = await lostContact("Missed");
    let elapsed = 0;
    for (; elapsed + pollIntervalMs < reconcileMs; elapsed += pollIntervalMs + 1) {
      expect(await tickAfter(pollIntervalMs + 1)).toEqual(["users/Users"]);
    }
    expect(events).toEqual([]);
    // The reconciliation: the change the lost notification missed arrives now.
    const read = await tickAfter(reconcileMs - elapsed);
    expect(read.sort()).toEqual(["sync/CRM/Contacts", "sync/Deleted", "users/Users"]);
    expect(summary(events)).toEqual([`genericContact.created ${id}`]);
  });

  it("with a failed subscription, reads contacts at every poll interval again", async () => {
    const { pollIntervalMs } = server.ctx.config;
    await markSubscriptionFailed(server.ctx.db, subscription, "refused", server.clock.now() + 10 * MINUTE, server.clock.now());
    const id = await lostContact("Caught quickly");
    expect((await tickAfter(pollIntervalMs + 1)).sort()).toEqual(["sync/CRM/Contacts", "sync/Deleted", "users/Users"]);
    expect(summary(events)).toEqual([`genericContact.created ${id}`]);
    expect(await tickAfter(pollIntervalMs + 1)).toContain("sync/CRM/Contacts");
  });

  it("once the subscription is healthy again, one more read, then reconciliation only", async () => {
    const { pollIntervalMs } = server.ctx.config;
    const row = (await server.ctx.db.selectFrom("exact_webhook_subscriptions").select("subscription_id").where("topic", "=", "Contacts").executeTakeFirstOrThrow()).subscription_id!;
    await markSubscribed(server.ctx.db, subscription, row, `${server.publicUrl}/v1/exact/webhooks`, server.clock.now() + 1);
    // Made after the last read: what changed before it came by no webhook.
    expect(await tickAfter(pollIntervalMs + 1)).toContain("sync/CRM/Contacts");
    expect(await tickAfter(pollIntervalMs + 1)).toEqual(["users/Users"]);
  });

  it("after a restart, reads contacts at the next poll: notifications sent while the server was down were lost", async () => {
    const { pollIntervalMs } = server.ctx.config;
    const restarted = new Poller(server.ctx.exactEvents.deps);
    expect(await tickAfter(pollIntervalMs + 1, restarted)).toContain("sync/CRM/Contacts");
    expect(await tickAfter(pollIntervalMs + 1, restarted)).toEqual(["users/Users"]);
  });
});
