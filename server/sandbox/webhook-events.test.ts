/**
 * The sandbox plays Exact's webhook part: the test POST before a subscription exists, one event per change made
 * through REST or "in Exact's screens" (sandbox.changes), invoice lines reported as their invoice, no zone on
 * EventCreatedOn, and a receiver that hangs never holds up the write. Real HTTP to a receiver on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectSandbox, type ConnectedSandbox } from "../test-support/sandbox-client";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/exact-callback-receiver";

const DIV = 1234567;
const SUBSCRIPTIONS = `/api/v1/${DIV}/webhooks/WebhookSubscriptions`;
type ErrorBody = { error: { code: string; message: { lang: string; value: string } } };
type Event = { Topic: string; Action: string; Key: string; Division: number; EventCreatedOn: string; ExactOnlineEndpoint: string };

let receiver: WebhookReceiver;
let exact: ConnectedSandbox;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  exact = await connectSandbox();
});
afterEach(() => receiver.close());

const subscribe = (topic: string, url = receiver.url) => exact.api(SUBSCRIPTIONS, { method: "POST", body: JSON.stringify({ CallbackURL: url, Topic: topic }) });
const contentOf = (body: string): Event => (JSON.parse(body) as { Content: Event }).Content;
const EVERY_ACCOUNT = `$filter=${encodeURIComponent("ID ne guid'00000000-0000-0000-0000-000000000000'")}`;
/** Deliveries run side by side, as Exact's do: their order of arrival is not the order of the changes. */
const sorted = (pairs: string[][]): string[][] => [...pairs].sort((a, b) => a.join().localeCompare(b.join()));
const firstId = async (path: string, key = "ID"): Promise<string> => {
  const body = (await (await exact.api(path)).json()) as { d: { results: Array<Record<string, string>> } };
  return body.d.results[0]![key]!;
};

describe("subscribing", () => {
  it("POSTs an empty request to the callback first; a 200 makes the subscription exist", async () => {
    const answer = await subscribe("Contacts");
    expect(answer.status).toBe(201);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body).toBe("");
    expect(receiver.received[0]!.headers["content-length"]).toBe("0");
    const id = ((await answer.json()) as { d: { ID: string } }).d.ID;
    const read = await exact.api(`${SUBSCRIPTIONS}(guid'${id}')`);
    expect(((await read.json()) as { d: { Topic: string; CallbackURL: string } }).d).toMatchObject({ Topic: "Contacts", CallbackURL: receiver.url });
  });

  it("refuses the subscription with Exact's 500 when the callback answers anything but 200, and keeps none", async () => {
    receiver.answer = 500;
    const answer = await subscribe("Contacts");
    expect(answer.status).toBe(500);
    expect(((await answer.json()) as ErrorBody).error.message.value).toBe("Invalid: Post to callback URL endpoint returns 500 Internal Server Error");
    const list = (await (await exact.api(SUBSCRIPTIONS)).json()) as { d: { results: unknown[] } };
    expect(list.d.results).toEqual([]);
  });

  it("refuses a callback nobody answers, plain HTTP outside loopback, and a second subscription on a topic", async () => {
    const nobody = await subscribe("Contacts", "http://127.0.0.1:1/nobody");
    expect(nobody.status).toBe(500);
    expect(((await nobody.json()) as ErrorBody).error.message.value).toBe("Invalid: Post to callback URL endpoint returns 500 An error occurred while sending the request.");
    expect((await subscribe("Contacts", "http://example.com/hook")).status).toBe(400);
    expect(receiver.received).toHaveLength(0);

    expect((await subscribe("Accounts")).status).toBe(201);
    const again = await subscribe("Accounts", `${receiver.url}/other`);
    expect(again.status).toBe(500);
    expect(((await again.json()) as ErrorBody).error.message.value).toBe("Data already exists.");
  });

  it("reads and deletes by key, and takes no update", async () => {
    const id = ((await (await subscribe("Items")).json()) as { d: { ID: string } }).d.ID;
    const put = await exact.api(`${SUBSCRIPTIONS}(guid'${id}')`, { method: "PUT", body: JSON.stringify({ Topic: "Accounts" }) });
    expect(put.status).toBe(405);
    expect((await exact.api(`${SUBSCRIPTIONS}(guid'${id}')`, { method: "DELETE" })).status).toBe(204);
    expect((await exact.api(`${SUBSCRIPTIONS}(guid'${id}')`)).status).toBe(404);
  });
});

describe("events", () => {
  it("carry EventCreatedOn without a zone and fire for create, update and delete through REST", async () => {
    await subscribe("Contacts");
    const account = await firstId(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$select=ID`);
    const created = await exact.api(`/api/v1/${DIV}/crm/Contacts`, { method: "POST", body: JSON.stringify({ LastName: "Event", Account: account }) });
    const id = ((await created.json()) as { d: { ID: string } }).d.ID;
    await exact.api(`/api/v1/${DIV}/crm/Contacts(guid'${id}')`, { method: "PUT", body: JSON.stringify({ FirstName: "Eva" }) });
    await exact.api(`/api/v1/${DIV}/crm/Contacts(guid'${id}')`, { method: "DELETE" });
    const events = (await receiver.events(3)).map((post) => contentOf(post.body));
    expect(sorted(events.map((e) => [e.Action, e.Key]))).toEqual(sorted([["Create", id], ["Update", id], ["Delete", id]]));
    for (const event of events) expect(event.EventCreatedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(events[0]!.EventCreatedOn).toBe(new Date(exact.clock.now()).toISOString().slice(0, 23)); // UTC, unconfirmed
  });

  it("report a sales invoice line created, changed or deleted as an Update of its invoice; a new invoice with lines is one Create", async () => {
    await subscribe("SalesInvoices");
    const invoiceId = await firstId(`/api/v1/${DIV}/salesinvoice/SalesInvoices?$filter=Status eq 20&$select=InvoiceID`, "InvoiceID");
    const item = await firstId(`/api/v1/${DIV}/logistics/Items?$filter=${encodeURIComponent("Code ne ''")}&$select=ID`);
    const line = await exact.api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines`, { method: "POST", body: JSON.stringify({ InvoiceID: invoiceId, Item: item, Quantity: 2 }) });
    expect(line.status).toBe(201);
    const lineId = ((await line.json()) as { d: { ID: string } }).d.ID;
    await exact.api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines(guid'${lineId}')`, { method: "PUT", body: JSON.stringify({ Quantity: 3 }) });
    await exact.api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines(guid'${lineId}')`, { method: "DELETE" });
    const events = (await receiver.events(3)).map((post) => contentOf(post.body));
    expect(events.map((e) => [e.Topic, e.Action, e.Key])).toEqual(Array(3).fill(["SalesInvoices", "Update", invoiceId]));
    expect(events[0]!.ExactOnlineEndpoint).toContain(`/salesinvoice/SalesInvoices(guid'${invoiceId}')`);

    const customer = await firstId(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$select=ID`);
    const invoice = await exact.api(`/api/v1/${DIV}/salesinvoice/SalesInvoices`, {
      method: "POST", body: JSON.stringify({ OrderedBy: customer, Journal: "70", SalesInvoiceLines: [{ Item: item, Quantity: 1 }, { Item: item, Quantity: 2 }] }),
    });
    expect(invoice.status).toBe(201);
    const newId = ((await invoice.json()) as { d: { InvoiceID: string } }).d.InvoiceID;
    await new Promise((resolve) => setTimeout(resolve, 100)); // room for a wrong extra event to arrive
    const after = (await receiver.events(4)).map((post) => contentOf(post.body));
    expect(after.slice(3).map((e) => [e.Action, e.Key])).toEqual([["Create", newId]]);
  });

  it("fire for changes made through sandbox.changes, and not while webhooks are paused", async () => {
    await subscribe("Contacts");
    const account = await firstId(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$select=ID`);
    const created = await exact.sandbox.changes.create(DIV, "crm/Contacts", { FirstName: "Femke", LastName: "Jansen", Account: account });
    const id = String(created.ID);
    exact.sandbox.webhooks.pause();
    await exact.sandbox.changes.update(DIV, "crm/Contacts", id, { LastName: "Unheard" });
    exact.sandbox.webhooks.resume();
    await exact.sandbox.changes.update(DIV, "crm/Contacts", id, { LastName: "de Jong" });
    await exact.sandbox.changes.delete(DIV, "crm/Contacts", id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const events = (await receiver.events(3)).map((post) => contentOf(post.body));
    expect(sorted(events.map((e) => [e.Action, e.Key]))).toEqual(sorted([["Create", id], ["Update", id], ["Delete", id]]));
    expect(exact.sandbox.control.stats().restCalls).toBe(2); // the subscription and the account lookup; changes count against no limit
  });

  it("never hold up the write that caused them, even when the receiver hangs", async () => {
    await subscribe("Accounts");
    receiver.answer = "hang";
    const started = Date.now();
    const created = await exact.api(`/api/v1/${DIV}/crm/Accounts`, { method: "POST", body: JSON.stringify({ Name: "Traag B.V." }) });
    expect(created.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1000);
    await receiver.events(1);
  });
});
