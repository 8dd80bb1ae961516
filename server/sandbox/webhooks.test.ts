import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectSandbox } from "../test-support/sandbox-client";

const DIV = 1234567;

afterEach(() => vi.unstubAllGlobals());

describe("webhooks", () => {
  it("refuses a plain-HTTP callback outside localhost", async () => {
    const { api } = await connectSandbox();
    const answer = await api(`/api/v1/${DIV}/webhooks/WebhookSubscriptions`, {
      method: "POST", body: JSON.stringify({ CallbackURL: "http://example.com/hook", Topic: "Accounts" }),
    });
    expect(answer.status).toBe(400);
  });

  it("delivers a signed notification whose HashCode verifies against the raw Content text", async () => {
    const deliveries: Array<{ url: string; body: string }> = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      deliveries.push({ url, body: String(init.body) });
      return new Response(null, { status: 200 });
    });
    const { api, sandbox } = await connectSandbox();
    const subscribed = await api(`/api/v1/${DIV}/webhooks/WebhookSubscriptions`, {
      method: "POST", body: JSON.stringify({ CallbackURL: "http://127.0.0.1:8787/v1/webhooks/exact", Topic: "Accounts" }),
    });
    expect(subscribed.status).toBe(201);
    const list = (await (await api(`/api/v1/${DIV}/webhooks/WebhookSubscriptions`)).json()) as { d: { results: unknown[] } };
    expect(list.d.results).toHaveLength(1);

    const created = await api(`/api/v1/${DIV}/crm/Accounts`, { method: "POST", body: JSON.stringify({ Name: "Webhook Test B.V." }) });
    const id = ((await created.json()) as { d: { ID: string } }).d.ID;
    await api(`/api/v1/${DIV}/crm/Contacts`, { method: "POST", body: JSON.stringify({ LastName: "Geen Abonnement" }) });

    // First the empty test POST of the subscription, then the one event (Contacts has no subscription).
    expect(deliveries.map((d) => d.body === "")).toEqual([true, false]);
    const delivery = deliveries[1] as { url: string; body: string };
    expect(delivery.url).toBe("http://127.0.0.1:8787/v1/webhooks/exact");
    const raw = /^\{"Content":(\{.*\}),"HashCode":"([0-9A-F]{64})"\}$/.exec(delivery.body);
    expect(raw).not.toBeNull();
    const [, contentText, hashCode] = raw as unknown as [string, string, string];
    const expected = createHmac("sha256", sandbox.options.webhookSecret).update(contentText).digest("hex").toUpperCase();
    expect(timingSafeEqual(Buffer.from(expected), Buffer.from(hashCode))).toBe(true);
    const content = JSON.parse(contentText) as Record<string, unknown>;
    expect(content).toMatchObject({ Topic: "Accounts", Action: "Create", Division: DIV, Key: id, ClientId: "sandbox-client-id" });
    expect(String(content.ExactOnlineEndpoint)).toContain(`/api/v1/${DIV}/crm/Accounts(guid'${id}')`);
  });
});
