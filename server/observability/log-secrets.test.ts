import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptTokens } from "../security/token-cipher";
import { findConnection } from "../storage/connections-repo";
import { answerConsent } from "../test-support/consent";
import { startTestServer, TEST_ORIGIN, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../webhooks/delivery-worker";
import { captureLogs } from "./log-capture";

/**
 * Issue 21: the log never carries a token, secret, authorization code, session or link token, webhook
 * secret or webhook body. The whole server is driven (connect, reads, writes, proxy, refresh, webhooks,
 * links, failures) with every log line captured at debug, then every line is searched for every secret seen.
 */
describe("no secret in any log line", () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  let logs: ReturnType<typeof captureLogs>;
  /** Every secret value the run saw, by what it is. */
  const secrets = new Map<string, string>();
  const remember = (what: string, value: string | null | undefined) => {
    expect(value, what).toBeTruthy();
    secrets.set(`${what} #${secrets.size}`, value!);
  };

  beforeAll(async () => {
    logs = captureLogs("debug");
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    receiver = await startWebhookReceiver();
    worker = deliveryWorkerFor(server.ctx, { retryDelaysMs: [20, 20] }).start();
  });
  afterAll(async () => {
    await worker.stop();
    await receiver.close();
    await server.close();
    logs.restore();
  });

  /** The OAuth dance step by step, keeping the session token, the state and the code. */
  async function connect(ownerId: string) {
    const sessionToken = await server.mintSession(ownerId, ["genericContact::list", "genericCompany::list", "genericCompany::create", "genericCompany::retrieve", "genericCompany::update", "proxy::read"]);
    remember("session token", sessionToken);
    const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: `nonce-${ownerId}-0123456789abcdef` });
    const authorize = await server.app.request(`/v1/connect/authorize?${query}`);
    expect(authorize.status).toBe(302);
    const consent = new URL(authorize.headers.get("location")!);
    remember("OAuth state", consent.searchParams.get("state"));
    const callback = await answerConsent(consent.toString(), "approve");
    remember("authorization code", callback.searchParams.get("code"));
    const page = await server.app.request(`${callback.pathname}${callback.search}`);
    expect(page.status).toBe(200);
    await rememberTokens(ownerId);
  }

  async function rememberTokens(ownerId: string) {
    const row = await findConnection(server.ctx.db, "exact-online", ownerId);
    const tokens = await decryptTokens(server.ctx.config.encryptionKey, row!.encryptedTokens!);
    remember("access token", tokens.accessToken);
    remember("refresh token", tokens.refreshToken);
    remember("encrypted tokens", row!.encryptedTokens);
  }

  it("drives the server", async () => {
    remember("secret key", TEST_SECRET_KEY);
    remember("signing key", Buffer.from(server.ctx.config.signingKey).toString("base64"));
    remember("encryption key", Buffer.from(server.ctx.config.encryptionKey).toString("base64"));
    remember("Exact client secret", server.ctx.config.exact.clientSecret);
    remember("Exact webhook secret", server.ctx.config.exact.webhookSecret);

    // Webhook endpoints first, so that the connection's events are delivered (one endpoint fails: retries).
    const endpoint = async (url: string) => {
      const response = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url, events: ["connection.created", "connection.deleted"] }) });
      const { data } = (await response.json()) as { data: { id: string; secret: string } };
      remember("webhook secret", data.secret);
      return data.id;
    };
    const healthy = await endpoint(receiver.url);
    await endpoint(`${receiver.url}/failing`);
    receiver.answer((_, request) => (request.headers["webhook-id"] && receiver.received.length % 2 === 0 ? 500 : 200));
    const rotated = await server.backend(`/v1/webhooks/endpoints/${healthy}/rotate-secret`, { method: "POST" });
    remember("rotated webhook secret", ((await rotated.json()) as { data: { secret: string } }).data.secret);

    await connect("org_logs");
    const delivered = await receiver.waitFor(2, 10_000);
    for (const request of delivered) remember("webhook body", request.body);

    // Reads, a write, the proxy.
    const owner = { ownerId: "org_logs" };
    expect((await server.backend("/v1/resources/genericContact?limit=2&search=a", owner)).status).toBe(200);
    const created = await server.backend("/v1/resources/genericCompany", { ...owner, method: "POST", body: JSON.stringify({ name: "Logcheck Marker" }) });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string } };
    expect((await server.backend(`/v1/resources/genericCompany/${data.id}`, owner)).status).toBe(200);
    expect((await server.backend(`/v1/resources/genericCompany/${data.id}`, { ...owner, method: "PATCH", body: JSON.stringify({ name: "Logcheck Marker2" }) })).status).toBe(200);
    const proxied = await server.backend("/v1/proxy/api/v1/%7Bdivision%7D/crm/Accounts?$top=1&$select=ID,Name&$filter=Name%20ne%20''", { ...owner, headers: { accept: "application/json" } });
    expect(proxied.status, await proxied.clone().text()).toBe(200);

    // A refresh: the access token in its last 30 s.
    server.clock.advance(575_000);
    expect((await server.backend("/v1/resources/genericContact?limit=1", owner)).status).toBe(200);
    expect(server.sandbox.control.stats().refreshes).toBeGreaterThanOrEqual(1);
    await rememberTokens("org_logs");

    // A connect link (the hosted page's token is in its path).
    const pending = await server.backend("/v1/connections", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: "org_link", operations: ["genericContact::list"] }) });
    expect(pending.status).toBe(201);
    const link = await server.backend("/v1/connections/exact-online/org_link/authorize", { method: "POST", body: JSON.stringify({}) });
    expect(link.status).toBe(201);
    {
      const { authorizationUrl } = ((await link.json()) as { data: { authorizationUrl: string } }).data;
      remember("link token", authorizationUrl.split("/").pop());
      const path = new URL(authorizationUrl).pathname;
      await server.app.request(path);
      await server.app.request(`${path}?region=nl`, { method: "POST" });
    }

    // Failures: wrong keys and tokens, a forged callback, a refused consent, an unsigned Exact webhook, a lost refresh token.
    await server.app.request("/v1/resources/genericContact", { headers: { authorization: "Bearer sk_wrong_0123456789abcdefghijkl", "x-owner-id": "org_logs" } });
    await server.app.request("/v1/connect/session", { headers: { authorization: "Bearer not.a.token" } });
    await server.app.request("/v1/connect/authorize?sessionToken=forged-session-token-value&region=nl");
    remember("forged session token", "forged-session-token-value");
    await server.app.request("/v1/oauth/callback?code=forged-code-value-123&state=forged-state-value-456");
    remember("forged code", "forged-code-value-123");
    remember("forged state", "forged-state-value-456");
    await server.app.request("/v1/oauth/callback?error=access_denied&state=forged-state-value-789");
    remember("forged state", "forged-state-value-789");
    const exactBody = JSON.stringify({ Content: { Topic: "Accounts", Division: 1234567, Key: "ExactBodyMarker-1" }, HashCode: "00" });
    remember("Exact webhook body", "ExactBodyMarker-1");
    await server.app.request("/v1/exact/webhooks", { method: "POST", headers: { "content-type": "application/json" }, body: exactBody });
    await connect("org_lost");
    server.sandbox.control.expireRefreshTokens();
    server.clock.advance(575_000);
    expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_lost" })).status).toBe(409);
    expect((await server.backend("/v1/connections/exact-online/org_logs", { method: "DELETE" })).status).toBeLessThan(300);
    await receiver.waitFor(3, 10_000);
    for (const request of receiver.received) remember("webhook body", request.body);
  });

  it("logged every request, Exact call and refresh, and none of the secrets", () => {
    const text = logs.raw.join("");
    // The run was logged (a test that captured nothing would prove nothing).
    expect(logs.lines.filter((line) => line.msg === "request").length).toBeGreaterThan(20);
    expect(logs.lines.some((line) => line.msg === "exact call" && (line.exact as { endpoint: string }).endpoint === "oauth2/token")).toBe(true);
    expect(logs.lines.some((line) => String(line.msg).includes("needs re-authorization"))).toBe(true);
    // The link page's lines name its route pattern: the token is in the path.
    expect(logs.lines.some((line) => line.msg === "request" && String(line.route).startsWith("/connect/:"))).toBe(true);
    expect(secrets.size).toBeGreaterThan(20);
    for (const [what, value] of secrets) {
      expect(text.includes(value), `${what} in the log`).toBe(false);
      // A part of one, cut or encoded: its last 16 characters.
      if (value.length > 24) expect(text.includes(value.slice(-16)), `the end of ${what} in the log`).toBe(false);
      expect(text.includes(encodeURIComponent(value)), `${what} (URL-encoded) in the log`).toBe(false);
    }
    for (const marker of ["Logcheck", "Marker2", "whsec_", "sessionToken=", "code=", "state="]) expect(text.includes(marker), marker).toBe(false);
  });
});
