/** Exact's webhook subscriptions follow what endpoints listen to: once per division and topic, removed when unneeded. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operation } from "../../../../src/protocol";
import { findConnection } from "../../../storage/connections-repo";
import { startTestServer, type TestServer } from "../../../test-support/harness";
import { allSubscriptions } from "./subscriptions-repo";
import { captureEvents, json, waitForInbox } from "./test-helpers";

const DIV = 1234567;
const OPERATIONS: Operation[] = ["genericContact::list", "genericCompany::list", "proxy::read"];

describe("Exact webhook subscriptions", () => {
  let server: TestServer;
  const captured = captureEvents(["genericContact"]);
  const events = captured.events;
  /** The subscriptions Exact (the sandbox) has for this app on the division, read with one connection's token. */
  const atExact = async (ownerId: string) =>
    (await json<{ d: { results: Array<{ Topic: string; CallbackURL: string }> } }>(server.backend("/v1/proxy/api/v1/{division}/webhooks/WebhookSubscriptions", { ownerId }))).d.results;
  const sync = () => server.ctx.exactEvents.subscriptions.sync();

  beforeAll(async () => {
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 }, webhooks: captured.hub });
  });
  afterAll(() => server.close());

  it("subscribes once per division and topic however many connections share it, and fans events out to each", async () => {
    await server.connect("org_sub_a", OPERATIONS);
    await server.connect("org_sub_b", OPERATIONS);
    await sync();
    await sync();
    const subscriptions = await atExact("org_sub_a");
    expect(subscriptions.map((s) => s.Topic)).toEqual(["Contacts"]);
    expect(subscriptions[0]!.CallbackURL).toBe(`${server.publicUrl}/v1/exact/webhooks`);
    expect((await allSubscriptions(server.ctx.db)).map((r) => [r.division, r.topic, r.status])).toEqual([[DIV, "Contacts", "active"]]);

    const account = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Fan-out B.V." })).ID);
    const contact = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: account, LastName: "Fan-out" })).ID);
    await waitForInbox(server, 1);
    const before = server.sandbox.control.stats().restCalls;
    await server.ctx.exactEvents.processor.drain();
    expect(server.sandbox.control.stats().restCalls - before).toBe(1); // one read serves both connections
    const a = (await findConnection(server.ctx.db, "exact-online", "org_sub_a"))!.id;
    const b = (await findConnection(server.ctx.db, "exact-online", "org_sub_b"))!.id;
    expect(events.map((e) => [e.type, e.connectionId, (e.data as { id: string }).id]).sort()).toEqual(
      [["genericContact.created", a, contact], ["genericContact.created", b, contact]].sort(),
    );
  });

  it("follows the listened models: a new one subscribes its topic, one no longer listened to is removed", async () => {
    captured.listened = ["genericContact", "genericCompany"];
    server.ctx.webhooks.endpointsChanged();
    await sync();
    expect((await atExact("org_sub_a")).map((s) => s.Topic).sort()).toEqual(["Accounts", "Contacts"]);
    captured.listened = ["genericCompany"];
    await sync();
    expect((await atExact("org_sub_a")).map((s) => s.Topic)).toEqual(["Accounts"]);
    expect((await allSubscriptions(server.ctx.db)).map((r) => r.topic)).toEqual(["Accounts"]);
  });

  it("is removed when the last connection on the division goes", async () => {
    expect((await server.backend("/v1/connections/exact-online/org_sub_b", { method: "DELETE" })).status).toBe(204);
    await sync();
    expect((await atExact("org_sub_a")).map((s) => s.Topic)).toEqual(["Accounts"]);
    // The last one: its own token removes the subscription before the connection is gone.
    expect((await server.backend("/v1/connections/exact-online/org_sub_a", { method: "DELETE" })).status).toBe(204);
    expect(await allSubscriptions(server.ctx.db)).toEqual([]);
    await server.connect("org_sub_c", OPERATIONS);
    captured.listened = [];
    await sync();
    expect(await atExact("org_sub_c")).toEqual([]);
  });

  it("logs and retries later a subscription Exact refuses, without failing the connect flow", async () => {
    server.sandbox.control.setUserRight("webhooks/WebhookSubscriptions", "POST", false);
    try {
      captured.listened = ["genericContact"];
      const { page } = await server.connect("org_sub_d", OPERATIONS);
      expect(page.status).toBe(200);
      await sync();
      const [row] = await allSubscriptions(server.ctx.db);
      expect(row).toMatchObject({ topic: "Contacts", status: "failed" });
      expect(row!.last_error).toMatch(/refused|Forbidden|permission/i);
      expect(row!.last_error).not.toMatch(/Bearer|access_token/);
    } finally {
      server.sandbox.control.setUserRight("webhooks/WebhookSubscriptions", "POST", true);
    }
    // Not retried before its time (Exact counts errors against the key)…
    await sync();
    expect((await allSubscriptions(server.ctx.db))[0]).toMatchObject({ status: "failed" });
    // …and made once it is due.
    server.clock.advance(11 * 60_000);
    await sync();
    expect((await allSubscriptions(server.ctx.db))[0]).toMatchObject({ status: "active" });
    expect((await atExact("org_sub_d")).map((s) => s.Topic)).toEqual(["Contacts"]);
  });
});

describe("Exact webhook subscriptions in production mode", () => {
  const production = { EXACT_CLIENT_ID: "sandbox-client-id", EXACT_CLIENT_SECRET: "sandbox-client-secret", EXACT_WEBHOOK_SECRET: "sandbox-webhook-secret" };

  it("refuses a plain-HTTP callback itself, without calling Exact, and logs why", async () => {
    const server = await startTestServer({ env: { ...production, MORPH_PUBLIC_URL: "http://connect.example.test" }, webhooks: captureEvents(["genericContact"]).hub });
    try {
      await server.connect("org_prod", OPERATIONS);
      await server.ctx.exactEvents.subscriptions.sync();
      const before = server.sandbox.control.stats().restCalls;
      const [row] = await allSubscriptions(server.ctx.db);
      expect(row).toMatchObject({ topic: "Contacts", status: "failed" });
      expect(row!.last_error).toMatch(/HTTPS/);
      await server.ctx.exactEvents.subscriptions.sync();
      expect(server.sandbox.control.stats().restCalls).toBe(before);
    } finally {
      await server.close();
    }
  });

  // Only a local emulator can reach a loopback URL; the sandbox takes loopback http as a developer's tunnel.
  it("subscribes with a plain-HTTP callback on a loopback public URL (a local Exact emulator)", async () => {
    const server = await startTestServer({ listen: true, env: production, webhooks: captureEvents(["genericContact"]).hub });
    try {
      await server.connect("org_prod_loopback", OPERATIONS);
      await server.ctx.exactEvents.subscriptions.sync();
      expect(await allSubscriptions(server.ctx.db)).toMatchObject([{ topic: "Contacts", status: "active" }]);
    } finally {
      await server.close();
    }
  });
});
