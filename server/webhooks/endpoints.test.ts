import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelRegistry } from "../connectors/exact-online/model-registry";
import { startTestServer, type TestServer } from "../test-support/harness";
import { EventCatalogue } from "./catalogue";
import { PRODUCTION_ENV } from "../test-support/production-env";

interface EndpointBody {
  data: { id: string; url: string; events: string[] | null; ownerId: string | null; secret?: string; disabled: boolean; createdAt: string };
}
interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

describe("webhook endpoints API", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const create = (body: unknown) => server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify(body) });

  it("creates an endpoint and shows its secret once", async () => {
    const created = await create({ url: "http://127.0.0.1:9/hooks", events: ["genericContact.created", "connection.deleted"], ownerId: "org_1", description: "CRM sync" });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as EndpointBody;
    expect(data).toMatchObject({ url: "http://127.0.0.1:9/hooks", events: ["genericContact.created", "connection.deleted"], ownerId: "org_1", disabled: false });
    expect(data.id).toMatch(/^ep_/);
    expect(data.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(data.secret!.slice(6), "base64").length).toBeGreaterThanOrEqual(24);

    const read = (await (await server.backend(`/v1/webhooks/endpoints/${data.id}`)).json()) as EndpointBody;
    expect(read.data.id).toBe(data.id);
    expect(JSON.stringify(read)).not.toContain(data.secret!.slice(6));
    const listed = await (await server.backend("/v1/webhooks/endpoints")).text();
    expect(listed).toContain(data.id);
    expect(listed).not.toContain(data.secret!.slice(6));
    // and at rest: the database holds a JWE, not the secret
    const row = await server.ctx.db.selectFrom("webhook_endpoints").select("secret").where("id", "=", data.id).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(data.secret!.slice(6));
    expect(row.secret.split(".")).toHaveLength(5);
  });

  it("omitted events mean every event (null)", async () => {
    const { data } = (await (await create({ url: "https://example.com/hooks" })).json()) as EndpointBody;
    expect(data.events).toBeNull();
    expect(data.ownerId).toBeNull();
  });

  it("refuses an unknown event type, naming it", async () => {
    const answer = await create({ url: "https://example.com/hooks", events: ["genericContact.created", "genericContact.exploded", "genericWorkspace.created"] });
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as ErrorAnswer;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toContain('"genericContact.exploded"');
    expect(error.details?.unknown).toEqual(["genericContact.exploded", "genericWorkspace.created"]);
  });

  it.each([
    ["not a URL", "hooks.example.com/x"],
    ["another scheme", "ftp://example.com/hooks"],
    ["credentials in the URL", "https://user:pw@example.com/hooks"],
    ["a URL that is too long", `https://example.com/${"a".repeat(2100)}`],
  ])("refuses %s", async (_what, url) => {
    const answer = await create({ url });
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as ErrorAnswer;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toMatch(/^url: /);
  });

  it("refuses a misspelt field instead of subscribing to everything", async () => {
    const answer = await create({ url: "https://example.com/hooks", event: ["genericContact.created"] });
    expect(answer.status).toBe(400);
  });

  it("updates, disables, re-enables and deletes an endpoint", async () => {
    const { data } = (await (await create({ url: "https://example.com/a" })).json()) as EndpointBody;
    const path = `/v1/webhooks/endpoints/${data.id}`;
    const patched = await server.backend(path, { method: "PATCH", body: JSON.stringify({ url: "https://example.com/b", events: ["connection.created"], disabled: true }) });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ data: { url: "https://example.com/b", events: ["connection.created"], disabled: true, disabledReason: "Disabled through the API." } });
    const enabled = await server.backend(path, { method: "PATCH", body: JSON.stringify({ disabled: false, events: null }) });
    expect(await enabled.json()).toMatchObject({ data: { disabled: false, disabledAt: null, disabledReason: null, events: null } });
    const badPatch = await server.backend(path, { method: "PATCH", body: JSON.stringify({ events: ["nope.created"] }) });
    expect(badPatch.status).toBe(400);
    expect((await server.backend(path, { method: "DELETE" })).status).toBe(204);
    expect((await server.backend(path)).status).toBe(404);
    expect((await server.backend(path, { method: "DELETE" })).status).toBe(404);
  });

  it("rotates the secret: a new one, returned once, and the old one valid for 24 h", async () => {
    const { data } = (await (await create({ url: "https://example.com/rotate" })).json()) as EndpointBody;
    const rotated = await server.backend(`/v1/webhooks/endpoints/${data.id}/rotate-secret`, { method: "POST" });
    expect(rotated.status).toBe(200);
    const body = (await rotated.json()) as { data: { secret: string; previousSecretExpiresAt: string } };
    expect(body.data.secret).toMatch(/^whsec_/);
    expect(body.data.secret).not.toBe(data.secret);
    const validFor = Date.parse(body.data.previousSecretExpiresAt) - server.clock.now();
    expect(validFor).toBeGreaterThan(23.9 * 3600_000);
    expect(validFor).toBeLessThanOrEqual(24 * 3600_000);
  });

  it("needs the secret key", async () => {
    const answer = await server.app.request("/v1/webhooks/endpoints");
    expect(answer.status).toBe(401);
    const deliveries = await server.app.request("/v1/webhooks/deliveries");
    expect(deliveries.status).toBe(401);
  });

  it("answers 404 for unknown ids and 400 for a bad cursor or status", async () => {
    expect((await server.backend("/v1/webhooks/endpoints/ep_nope")).status).toBe(404);
    expect((await server.backend("/v1/webhooks/endpoints/%00")).status).toBe(404);
    expect((await server.backend("/v1/webhooks/deliveries/del_nope/retry", { method: "POST" })).status).toBe(404);
    expect((await server.backend("/v1/webhooks/deliveries?cursor=garbage")).status).toBe(400);
    expect((await server.backend("/v1/webhooks/deliveries?status=lost")).status).toBe(400);
  });

  it("tells Exact's side when endpoints change", async () => {
    let calls = 0;
    const unsubscribe = server.ctx.webhooks.onEndpointsChanged(() => void (calls += 1));
    try {
      const { data } = (await (await create({ url: "https://example.com/changes" })).json()) as EndpointBody;
      await server.backend(`/v1/webhooks/endpoints/${data.id}`, { method: "PATCH", body: JSON.stringify({ description: "x" }) });
      await server.backend(`/v1/webhooks/endpoints/${data.id}`, { method: "DELETE" });
      expect(calls).toBe(3);
    } finally {
      unsubscribe();
    }
  });

  it("listenedModels follows the enabled endpoints' events", async () => {
    const scratch = await startTestServer();
    try {
      expect(await scratch.ctx.webhooks.listenedModels()).toEqual(new Set());
      await scratch.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: "https://example.com/x", events: ["genericCompany.updated", "connection.created"] }) });
      expect(await scratch.ctx.webhooks.listenedModels()).toEqual(new Set(["genericCompany"]));
      await scratch.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: "https://example.com/y" }) });
      // An endpoint without `events` listens to every record model of the catalogue (all built-in ones but genericWorkspace).
      const everyModel = new EventCatalogue(new ModelRegistry()).models;
      expect(everyModel).toEqual(expect.arrayContaining(["genericContact", "accountingInvoice", "accountingProduct", "accountingBill"]));
      expect(everyModel).not.toContain("genericWorkspace");
      expect(await scratch.ctx.webhooks.listenedModels()).toEqual(new Set(everyModel));
    } finally {
      await scratch.close();
    }
  });
});

describe("webhook endpoints in production mode", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { EXACT_CLIENT_ID: PRODUCTION_ENV.EXACT_CLIENT_ID, EXACT_CLIENT_SECRET: PRODUCTION_ENV.EXACT_CLIENT_SECRET } });
  });
  afterAll(() => server.close());

  it.each(["http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://192.168.1.10/x"])(
    "refuses the private address %s",
    async (url) => {
      const answer = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url }) });
      expect(answer.status).toBe(400);
      const { error } = (await answer.json()) as ErrorAnswer;
      expect(error.message).toContain("MORPH_WEBHOOK_ALLOW_PRIVATE_URLS");
    },
  );

  it("accepts a public address", async () => {
    const answer = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: "https://hooks.example.com/x" }) });
    expect(answer.status).toBe(201);
  });
});

describe("webhook endpoints in production mode with MORPH_WEBHOOK_ALLOW_PRIVATE_URLS=1", () => {
  it("accepts a private address", async () => {
    const server = await startTestServer({ env: { EXACT_CLIENT_ID: "client", EXACT_CLIENT_SECRET: "secret", MORPH_WEBHOOK_ALLOW_PRIVATE_URLS: "1" } });
    try {
      const answer = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: "http://10.0.0.5/hooks" }) });
      expect(answer.status).toBe(201);
    } finally {
      await server.close();
    }
  });
});
