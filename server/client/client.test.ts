import { serve, type ServerType } from "@hono/node-server";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { createMorphClient, MorphApiError } from ".";

describe("createMorphClient against a real server", () => {
  let server: TestServer;
  let http: ServerType;
  let client: ReturnType<typeof createMorphClient>;
  const dir = mkdtempSync(join(tmpdir(), "morph-client-"));

  beforeAll(async () => {
    // An operator's custom model, to show the typed client reads it like a built-in one.
    const models = join(dir, "models.json");
    const journal = { name: "exactJournal", endpoint: "financial/Journals", key: "ID", keyType: "guid", operations: ["list"] };
    writeFileSync(models, JSON.stringify([{ ...journal, fields: [{ name: "code", exact: "Code", type: "string", filter: true }] }]));
    server = await startTestServer({ env: { MORPH_CUSTOM_MODELS: models } });
    await server.connect("org_client", ["genericContact::list", "genericContact::retrieve", "genericCompany::list", "exactJournal::list"]);
    http = await new Promise((resolve) => {
      const s = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    client = createMorphClient({ serverUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, secretKey: TEST_SECRET_KEY });
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a custom model like a built-in one", async () => {
    const page = await client.resources<{ id: string; createdAt: string | null; updatedAt: string | null; code: string }>("exactJournal").list("org_client", { filter: { code: "70" } });
    expect(page.data.map((journal) => journal.code)).toEqual(["70"]);
  });

  it("mints sessions and reads the connection", async () => {
    const session = await client.sessions.create({ ownerId: "org_client", operations: ["genericContact::list"] });
    expect(session.sessionToken.split(".")).toHaveLength(3);
    const connection = await client.connections.get("org_client");
    expect(connection).toMatchObject({ division: 1234567, status: "connected" });
  });

  it("iterates every page and retrieves one record", async () => {
    const contacts = client.resources("genericContact");
    let count = 0;
    let firstId: string | undefined;
    for await (const contact of contacts.all("org_client", { limit: 100 })) {
      firstId ??= contact.id;
      count += 1;
    }
    expect(count).toBe(225);
    expect((await contacts.retrieve("org_client", firstId!)).id).toBe(firstId);
  });

  it("makes and revokes a connect link (authorize)", async () => {
    await client.connections.create({ ownerId: "org_client_link", operations: ["genericContact::list"] });
    const link = await client.connections.authorize("org_client_link", { redirectUrl: "http://app.test:3000/done?x=1", region: "be", expiresIn: 3600 });
    expect(link).toMatchObject({ id: expect.stringMatching(/^cl_/), authorizationUrl: expect.stringMatching(/\/connect\/mcl_[A-Za-z0-9_-]{43}$/) });
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    await client.connections.revokeAuthorization("org_client_link", link.id);
    const unknown = await client.connections.revokeAuthorization("org_client_link", link.id.replace(/.$/, "_")).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const elsewhere = await client.connections.authorize("org_client_link", { redirectUrl: "https://evil.example/" }).catch((e: unknown) => e);
    expect(elsewhere).toMatchObject({ status: 400, code: "VALIDATION_ERROR" });
  });

  it("throws typed errors", async () => {
    const error = await client.resources("genericUser").list("org_client").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MorphApiError);
    expect(error).toMatchObject({ status: 403, code: "INSUFFICIENT_PERMISSIONS" });
  });

  it("creates, updates and lists connections", async () => {
    const created = await client.connections.create({ ownerId: "org_client_new", operations: ["genericContact::list"], metadata: { plan: "trial" }, tags: ["trial"] });
    expect(created).toMatchObject({ created: true, status: "pending", region: null, metadata: { plan: "trial" }, tags: ["trial"] });
    const again = await client.connections.create({ ownerId: "org_client_new", operations: ["genericContact::list", "genericCompany::list"] });
    expect(again).toMatchObject({ created: false, connectionId: created.connectionId, requestedOperations: ["genericContact::list", "genericCompany::list"] });
    const updated = await client.connections.update("org_client_new", { tags: ["trial", "eu:nl"] });
    expect(updated).toMatchObject({ metadata: { plan: "trial" }, tags: ["trial", "eu:nl"] });
    for (let i = 0; i < 5; i++) await client.connections.create({ ownerId: `org_client_many_${i}`, operations: ["genericContact::list"], tags: ["many"] });

    const page = await client.connections.list({ status: "pending", tag: ["trial", "eu:nl"] });
    expect(page).toEqual({ data: [expect.objectContaining({ ownerId: "org_client_new" })], next: null });
    expect((await client.connections.list({ search: "ORG_CLIENT", status: "connected" })).data.map((c) => c.ownerId)).toEqual(["org_client"]);
    const first = await client.connections.list({ tag: "many", limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const owners: string[] = [];
    for await (const connection of client.connections.all({ tag: "many", limit: 2 })) owners.push(connection.ownerId);
    expect(owners.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `org_client_many_${i}`));
    expect(await client.connections.get("org_client_new")).toMatchObject({ status: "pending", accessTokenExpiresAt: null });
    const invalid = await client.connections.update("org_client_new", { tags: ["no spaces"] }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 400, code: "VALIDATION_ERROR", details: { field: "tags.0" } });
  });

  it("proxies raw calls", async () => {
    const { status, body } = await client.proxy("org_client", "GET", "/api/v1/{division}/crm/Contacts?$top=1&$select=FullName");
    expect(status).toBe(200);
    expect(body).toHaveProperty("d.results");
  });
});
