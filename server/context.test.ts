/**
 * The events wiring, built in one direction: the outbox first, handed to Exact's events, which subscribe to
 * its endpoint changes. Nothing here syncs subscriptions or swaps a hub by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allSubscriptions } from "./connectors/exact-online/changes/subscriptions-repo";
import { json, waitForInbox } from "./connectors/exact-online/changes/test-helpers";
import { startTestServer, type TestServer } from "./test-support/harness";

const DIV = 1234567;

describe("createContext: the events wiring", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ listen: true, sandbox: { minutelyLimit: 10_000 } });
    await server.connect("org_wiring", ["genericContact::list", "genericContact::retrieve"]);
    await server.ctx.exactEvents.subscriptions.settled();
  });
  afterAll(() => server.close());

  it("hands Exact's events the context's outbox itself, not a way back through the context", () => {
    expect(server.ctx.exactEvents.deps.hub).toBe(server.ctx.webhooks);
  });

  it("an endpoint created through the API subscribes Exact to the models it listens to", async () => {
    expect(await allSubscriptions(server.ctx.db)).toEqual([]);
    const created = await server.backend("/v1/webhooks/endpoints", {
      method: "POST",
      body: JSON.stringify({ url: "https://example.com/wiring", events: ["genericContact.created"] }),
    });
    expect(created.status).toBe(201);
    await server.ctx.exactEvents.subscriptions.settled();
    expect((await allSubscriptions(server.ctx.db)).map((row) => [row.topic, row.status])).toEqual([["Contacts", "active"]]);
  });

  it("a change at Exact reaches the outbox as a delivery for that endpoint", async () => {
    const account = String((await server.sandbox.changes.create(DIV, "crm/Accounts", { Name: "Wiring B.V." })).ID);
    const contact = String((await server.sandbox.changes.create(DIV, "crm/Contacts", { Account: account, LastName: "Wired" })).ID);
    await waitForInbox(server, 1);
    await server.ctx.exactEvents.processor.drain();
    const { data } = await json<{ data: Array<{ eventType: string }> }>(server.backend("/v1/webhooks/deliveries"));
    expect(data.map((delivery) => delivery.eventType)).toEqual(["genericContact.created"]);
    const event = await server.ctx.db.selectFrom("webhook_events").select("data").executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ id: contact, lastName: "Wired" });
  });
});
