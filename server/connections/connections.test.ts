import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionResource, Operation } from "../../src/protocol";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, type TestServer } from "../test-support/harness";

// Issue 16, sections 1 and 2: the connection created by the backend, labelled, listed; on both databases,
// since the listing filters tags and search in SQL.
const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

const OPS: Operation[] = ["genericContact::list", "genericContact::retrieve"];

interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

describe.each(DATABASES)("connections as a resource on $name", ({ postgres }) => {
  let pg: TempPostgres | undefined;
  let server: TestServer;

  beforeAll(async () => {
    pg = postgres ? startTempPostgres(await freePort()) : undefined;
    server = await startTestServer({ env: pg ? { DATABASE_URL: pg.url } : {} });
    // An endpoint for the connection's events, so that the outbox stores them (delivery to port 9 fails, harmlessly).
    const endpoint = await server.backend("/v1/webhooks/endpoints", {
      method: "POST",
      body: JSON.stringify({ url: "http://127.0.0.1:9/hooks", events: ["connection.created", "connection.updated", "connection.deleted"] }),
    });
    expect(endpoint.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  const post = (body: unknown) => server.backend("/v1/connections", { method: "POST", body: JSON.stringify(body) });
  const patch = (ownerId: string, body: unknown) => server.backend(`/v1/connections/exact-online/${encodeURIComponent(ownerId)}`, { method: "PATCH", body: JSON.stringify(body) });
  const create = async (ownerId: string, extra: Record<string, unknown> = {}) => {
    const answer = await post({ connectorId: "exact-online", ownerId, operations: OPS, ...extra });
    expect([200, 201]).toContain(answer.status);
    return ((await answer.json()) as { data: ConnectionResource }).data;
  };
  const events = async (ownerId: string) => {
    const rows = await server.ctx.db.selectFrom("webhook_events").select(["type", "data"]).where("owner_id", "=", ownerId).orderBy("created_at").orderBy("id").execute();
    return rows.map((row) => ({ type: row.type, data: JSON.parse(row.data) as ConnectionResource }));
  };
  const list = async (query: string) => {
    const answer = await server.backend(`/v1/connections${query}`);
    expect(answer.status).toBe(200);
    return (await answer.json()) as { data: ConnectionResource[]; next: string | null };
  };
  // Sorted: rows made in the same millisecond are ordered by their random id (the paging test checks the order).
  const owners = async (query: string) => (await list(query)).data.map((connection) => connection.ownerId).sort();

  describe("POST /v1/connections", () => {
    it("creates a pending connection for a new owner, with no event", async () => {
      const answer = await post({
        connectorId: "exact-online",
        ownerId: "org_pending",
        operations: OPS,
        optionalOperations: ["genericCompany::list", "genericContact::list"],
        metadata: { plan: "trial", "crm.id": "C-1" },
        tags: ["trial", "eu:nl", "trial"],
      });
      expect(answer.status).toBe(201);
      const { data } = (await answer.json()) as { data: ConnectionResource };
      expect(data).toEqual({
        connectionId: expect.any(String),
        connectorId: "exact-online",
        ownerId: "org_pending",
        region: null,
        division: null,
        divisionName: null,
        divisions: [],
        defaultDivision: null,
        status: "pending",
        grantedOperations: [],
        missingOperations: [],
        permissions: "unknown",
        metadata: { plan: "trial", "crm.id": "C-1" },
        tags: ["trial", "eu:nl"],
        lastUsedAt: null,
        lastRefreshedAt: null,
        lastError: null,
        requestedOperations: OPS,
        requestedOptionalOperations: ["genericCompany::list"],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await events("org_pending")).toEqual([]);
      const read = (await (await server.backend("/v1/connections/exact-online/org_pending")).json()) as { data: Record<string, unknown> };
      expect(read.data).toMatchObject({ status: "pending", accessTokenExpiresAt: null, refreshTokenExpiresAt: null, tags: ["trial", "eu:nl"] });
    });

    it("an existing owner: 200, the request replaced; metadata and tags when given, with connection.updated only if they change", async () => {
      const first = await create("org_again", { metadata: { plan: "trial" }, tags: ["a"] });
      const again = await post({ connectorId: "exact-online", ownerId: "org_again", operations: ["genericCompany::list"], metadata: { plan: "paid" } });
      expect(again.status).toBe(200);
      const { data } = (await again.json()) as { data: ConnectionResource };
      expect(data).toMatchObject({ connectionId: first.connectionId, createdAt: first.createdAt, requestedOperations: ["genericCompany::list"], metadata: { plan: "paid" }, tags: ["a"] });
      expect((await events("org_again")).map((event) => [event.type, event.data.metadata])).toEqual([["connection.updated", { plan: "paid" }]]);

      // Only the operations change: no event; metadata omitted is kept.
      const third = await create("org_again", { operations: OPS, tags: ["a"] });
      expect(third).toMatchObject({ requestedOperations: OPS, metadata: { plan: "paid" }, tags: ["a"] });
      expect(await events("org_again")).toHaveLength(1);
    });

    it("keeps a key named like an Object built-in as data", async () => {
      const answer = await post({ connectorId: "exact-online", ownerId: "org_proto", operations: OPS, metadata: JSON.parse('{"__proto__":"x","constructor":"y"}') as unknown });
      expect(answer.status).toBe(201);
      expect(((await answer.json()) as { data: ConnectionResource }).data.metadata).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
    });

    it.each([
      [{ metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])) }, "metadata"],
      [{ metadata: ["plan"] }, "metadata"],
      [{ metadata: { "bad key": "v" } }, "metadata.bad key"],
      [{ metadata: { ["k".repeat(41)]: "v" } }, `metadata.${"k".repeat(41)}`],
      [{ metadata: { plan: 3 } }, "metadata.plan"],
      [{ metadata: { plan: "v".repeat(501) } }, "metadata.plan"],
      [{ metadata: { plan: "two\nlines" } }, "metadata.plan"],
      [{ tags: "trial" }, "tags"],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags"],
      [{ tags: ["a", "b", "c", "no spaces"] }, "tags.3"],
      [{ tags: ["t".repeat(65)] }, "tags.0"],
      [{ tags: [7] }, "tags.0"],
      [{ ownerId: " padded" }, "ownerId"],
      [{ operations: ["genericContact::explode"] }, "operations"],
      [{ operations: [] }, "operations"],
      [{ connectorId: "other" }, "connectorId"],
    ])("refuses %j naming %s", async (change, field) => {
      const answer = await post({ connectorId: "exact-online", ownerId: "org_invalid", operations: OPS, ...change });
      expect(answer.status).toBe(400);
      const body = (await answer.json()) as ErrorAnswer;
      expect(body.error.code).toBe("VALIDATION_ERROR");
      expect(body.error.details?.field).toBe(field);
      expect(body.error.message.startsWith(`${field}:`)).toBe(true);
    });

    it("refuses unknown fields and nothing is stored", async () => {
      const answer = await post({ connectorId: "exact-online", ownerId: "org_invalid", operations: OPS, labels: {} });
      expect(answer.status).toBe(400);
      expect((await server.backend("/v1/connections/exact-online/org_invalid")).status).toBe(404);
    });
  });

  describe("a pending connection", () => {
    const OWNER = "org_waiting";
    beforeAll(async () => {
      await create(OWNER, { metadata: { plan: "trial" }, tags: ["trial"] });
    });

    it("resources, fields and the proxy answer 409 NEEDS_REAUTH with details.status pending", async () => {
      for (const path of ["/v1/resources/genericContact", "/v1/resources/genericContact/fields", "/v1/proxy/api/v1/{division}/crm/Contacts", `/v1/connections/exact-online/${OWNER}/permissions`]) {
        const answer = await server.backend(path, { ownerId: OWNER });
        expect(answer.status, path).toBe(409);
        const body = (await answer.json()) as ErrorAnswer;
        expect(body.error).toMatchObject({ code: "NEEDS_REAUTH", details: { status: "pending" } });
      }
    });

    it("the widget's session routes show no connection, and its disconnect finds none", async () => {
      const token = await server.mintSession(OWNER, OPS);
      const headers = { authorization: `Bearer ${token}` };
      const session = (await (await server.app.request("/v1/connect/session", { headers })).json()) as { connection: unknown };
      expect(session.connection).toBeNull();
      const connection = (await (await server.app.request("/v1/connect/connection", { headers })).json()) as { connection: unknown };
      expect(connection.connection).toBeNull();
      expect((await server.app.request("/v1/connect/connection", { method: "DELETE", headers })).status).toBe(404);
      expect((await server.backend(`/v1/connections/exact-online/${OWNER}`)).status).toBe(200);
    });

    it("is authorized by a session minted for its owner: connected, same id and labels, connection.created once", async () => {
      const before = ((await (await server.backend(`/v1/connections/exact-online/${OWNER}`)).json()) as { data: ConnectionResource }).data;
      const { page } = await server.connect(OWNER, OPS);
      expect(page.status).toBe(200);
      const after = ((await (await server.backend(`/v1/connections/exact-online/${OWNER}`)).json()) as { data: ConnectionResource & { accessTokenExpiresAt: string } }).data;
      expect(after).toMatchObject({
        connectionId: before.connectionId,
        createdAt: before.createdAt,
        status: "connected",
        region: "nl",
        division: 1234567,
        grantedOperations: OPS,
        metadata: { plan: "trial" },
        tags: ["trial"],
        requestedOperations: OPS,
      });
      expect(after.accessTokenExpiresAt).toEqual(expect.any(String));
      expect(after.lastRefreshedAt).toEqual(expect.any(String));
      const created = (await events(OWNER)).filter((event) => event.type === "connection.created");
      expect(created).toHaveLength(1);
      expect(created[0]!.data).toMatchObject({ status: "connected", metadata: { plan: "trial" }, tags: ["trial"] });
      expect(JSON.stringify(after)).not.toMatch(/accessToken"|refreshToken"/);
      expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: OWNER })).status).toBe(200);
    });
  });

  it("lastUsedAt: set by a customer request, at most once a minute", async () => {
    const owner = "org_used";
    await server.connect(owner, [...OPS, "proxy::read"]);
    const lastUsed = async () => ((await (await server.backend(`/v1/connections/exact-online/${owner}`)).json()) as { data: ConnectionResource }).data.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await server.backend("/v1/resources/genericContact?limit=1", { ownerId: owner })).status).toBe(200);
    const first = await lastUsed();
    expect(first).toEqual(expect.any(String));
    expect((await server.backend("/v1/proxy/api/v1/{division}/crm/Contacts?$top=1", { ownerId: owner })).status).toBe(200);
    expect(await lastUsed()).toBe(first);
    server.clock.advance(61_000);
    expect((await server.backend("/v1/proxy/api/v1/{division}/crm/Contacts?$top=1", { ownerId: owner })).status).toBe(200);
    const second = await lastUsed();
    expect(Date.parse(second!) - Date.parse(first!)).toBeGreaterThanOrEqual(60_000);
    // A request refused before Exact is not a use.
    server.clock.advance(61_000);
    expect((await server.backend("/v1/resources/genericUser", { ownerId: owner })).status).toBe(403);
    expect(await lastUsed()).toBe(second);
  });

  describe("PATCH /v1/connections/:connectorId/:ownerId", () => {
    it("replaces metadata and tags, emitting connection.updated in the connection's state", async () => {
      const owner = "org_patch";
      await server.connect(owner, OPS);
      const answer = await patch(owner, { metadata: { region: "North", plan: "gold" }, tags: ["vip", "eu:nl"] });
      expect(answer.status).toBe(200);
      const { data } = (await answer.json()) as { data: ConnectionResource };
      expect(data).toMatchObject({ status: "connected", metadata: { region: "North", plan: "gold" }, tags: ["vip", "eu:nl"] });
      const updated = (await events(owner)).filter((event) => event.type === "connection.updated");
      expect(updated.map((event) => event.data)).toEqual([expect.objectContaining({ status: "connected", metadata: { region: "North", plan: "gold" }, tags: ["vip", "eu:nl"] })]);

      // The same values (in another order), or nothing: no event. Tags alone: metadata kept.
      expect((await patch(owner, { metadata: { plan: "gold", region: "North" }, tags: ["eu:nl", "vip"] })).status).toBe(200);
      expect((await patch(owner, {})).status).toBe(200);
      const tagsOnly = ((await (await patch(owner, { tags: [] })).json()) as { data: ConnectionResource }).data;
      expect(tagsOnly).toMatchObject({ metadata: { region: "North", plan: "gold" }, tags: [] });
      expect((await events(owner)).filter((event) => event.type === "connection.updated")).toHaveLength(2);
    });

    it("a pending connection's labels too; 404 for no connection, 400 naming the field", async () => {
      await create("org_patch_pending");
      const { data } = (await (await patch("org_patch_pending", { metadata: { a: "b" } })).json()) as { data: ConnectionResource };
      expect(data).toMatchObject({ status: "pending", metadata: { a: "b" } });
      expect((await events("org_patch_pending")).map((event) => [event.type, event.data.status])).toEqual([["connection.updated", "pending"]]);
      expect((await patch("org_nobody", { tags: ["x"] })).status).toBe(404);
      const invalid = await patch("org_patch_pending", { tags: ["ok", "not ok"] });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as ErrorAnswer).error.details?.field).toBe("tags.1");
      expect((await patch("org_patch_pending", { divisions: [] })).status).toBe(400);
    });
  });

  it("the backend deletes a pending connection, without connection.deleted", async () => {
    await create("org_delete_pending");
    expect((await server.backend("/v1/connections/exact-online/org_delete_pending", { method: "DELETE" })).status).toBe(204);
    expect((await server.backend("/v1/connections/exact-online/org_delete_pending")).status).toBe(404);
    expect(await events("org_delete_pending")).toEqual([]);
  });

  describe("GET /v1/connections", () => {
    // Their own owner-id prefix, so the other tests' connections do not get in the way.
    beforeAll(async () => {
      await create("lst_alpha", { metadata: { company: "Bakkerij De Gouden Korenschoof", plan: "trial" }, tags: ["trial", "eu:nl"] });
      await create("lst_beta", { metadata: { company: "100% Kaas_Handel" }, tags: ["paid", "eu:nl", "a_b"] });
      await create("lst_gamma", { metadata: { note: 'quote " and \\ back' }, tags: ["paid", "VIP"] });
      await server.connect("lst_delta", OPS);
      await patch("lst_delta", { metadata: { company: "Delta Accountants" }, tags: ["paid", "eu:be", "axb"] });
      await server.connect("lst_epsilon", OPS);
      await server.ctx.db.updateTable("connections").set({ status: "needs_reauth" }).where("owner_id", "=", "lst_epsilon").execute();
    });

    it("filters by status, owner, tags (all of them, exactly) and connector", async () => {
      expect(await owners("?search=lst_&status=pending")).toEqual(["lst_alpha", "lst_beta", "lst_gamma"]);
      expect(await owners("?search=lst_&status=connected")).toEqual(["lst_delta"]);
      expect(await owners("?search=lst_&status=needs_reauth")).toEqual(["lst_epsilon"]);
      expect(await owners("?ownerId=lst_beta")).toEqual(["lst_beta"]);
      expect(await owners("?tag=paid")).toEqual(["lst_beta", "lst_delta", "lst_gamma"]);
      expect(await owners("?tag=paid&tag=eu:nl")).toEqual(["lst_beta"]);
      expect(await owners("?tag=paid&tag=eu:nl&tag=trial")).toEqual([]);
      // A tag is matched whole and case-sensitively: "_" is no wildcard, "vip" is not "VIP", "eu" not "eu:nl".
      expect(await owners("?tag=a_b")).toEqual(["lst_beta"]);
      expect(await owners("?tag=vip")).toEqual([]);
      expect(await owners("?tag=VIP")).toEqual(["lst_gamma"]);
      expect(await owners("?tag=eu")).toEqual([]);
      expect(await owners("?connectorId=exact-online&ownerId=lst_alpha&status=pending&tag=trial&search=gouden")).toEqual(["lst_alpha"]);
    });

    it("searches the owner id and the metadata values, case-insensitively, and nothing else", async () => {
      expect(await owners("?search=LST_ALPHA")).toEqual(["lst_alpha"]);
      expect(await owners("?search=korenSCHOOF")).toEqual(["lst_alpha"]);
      expect(await owners(`?search=${encodeURIComponent("100%")}`)).toEqual(["lst_beta"]);
      expect(await owners(`?search=${encodeURIComponent("0%")}`)).toEqual(["lst_beta"]);
      expect(await owners(`?search=${encodeURIComponent("ka_s")}`)).toEqual([]); // "_" is no wildcard: it would match "kaas"
      expect(await owners(`?search=${encodeURIComponent("kaas_")}`)).toEqual(["lst_beta"]);
      expect(await owners(`?search=${encodeURIComponent('quote " and \\')}`)).toEqual(["lst_gamma"]);
      // Keys, tags and the JSON around the values are not searched.
      expect(await owners("?search=company")).toEqual([]);
      expect(await owners("?search=eu:nl")).toEqual([]);
      expect(await owners(`?search=${encodeURIComponent('":"')}`)).toEqual([]);
      // Nor across two values: a line break (the values' separator) cannot be searched for.
      expect((await server.backend(`/v1/connections?search=${encodeURIComponent("trial\nlst")}`)).status).toBe(400);
    });

    it.each([
      ["?status=gone", "status"],
      ["?connectorId=other", "connectorId"],
      ["?limit=0", "limit"],
      ["?limit=201", "limit"],
      ["?limit=1e2", "limit"],
      ["?tag=no%20spaces", "tag"],
      [`?search=${"x".repeat(201)}`, "search"],
      ["?search=a%00b", "search"],
      ["?cursor=nonsense", "cursor"],
      ["?cursor=eyJjIjoiMSJ9", "cursor"],
      ["?tags=paid", "tags"],
      ["?ownerId=a%00b", "ownerId"],
    ])("refuses %s naming %s", async (query, field) => {
      const answer = await server.backend(`/v1/connections${query}`);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as ErrorAnswer).error).toMatchObject({ code: "VALIDATION_ERROR", details: { field } });
    });

    it("pages newest first, each row exactly once while rows are inserted and change status between pages", async () => {
      const tag = "paging";
      const original: string[] = [];
      for (let i = 0; i < 12; i++) original.push((await create(`pg_${String(i).padStart(2, "0")}`, { tags: [tag] })).ownerId);
      // Ties on created_at (a busy millisecond) are ordered by id: five rows share one.
      const tied = original.slice(3, 8);
      await server.ctx.db.updateTable("connections").set({ created_at: server.clock.now() - 5 }).where("owner_id", "in", tied).execute();
      const all = (await list(`?tag=${tag}&limit=200`)).data;
      const expected = all.map((connection) => connection.ownerId);
      expect([...expected].sort()).toEqual([...original].sort());
      // Newest first; in one millisecond, the greater id first.
      for (let i = 1; i < all.length; i++) {
        const [newer, older] = [all[i - 1]!, all[i]!];
        const order = Date.parse(newer.createdAt) - Date.parse(older.createdAt) || (newer.connectionId > older.connectionId ? 1 : -1);
        expect(order).toBeGreaterThan(0);
      }

      const seen: string[] = [];
      let cursor: string | null = null;
      let inserted = 0;
      do {
        const page: { data: ConnectionResource[]; next: string | null } = await list(`?tag=${tag}&limit=4${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.data.length).toBeLessThanOrEqual(4);
        seen.push(...page.data.map((connection) => connection.ownerId));
        cursor = page.next;
        // Between pages: a new connection (newer than all), and a row not yet seen changes status.
        await create(`pg_new_${inserted++}`, { tags: [tag] });
        const unseen = expected.find((owner) => !seen.includes(owner));
        // With a region, as an authorized connection has: the answers are checked against the OpenAPI document.
        if (unseen) await server.ctx.db.updateTable("connections").set({ status: "needs_reauth", region: "nl" }).where("owner_id", "=", unseen).execute();
      } while (cursor);
      expect(seen).toEqual(expected);
      // The rows inserted meanwhile are there for the next listing.
      expect((await list(`?tag=${tag}&limit=200`)).data).toHaveLength(12 + inserted);
    });

    it("defaults to 50 a page, newest first", async () => {
      for (let i = 0; i < 45; i++) await create(`many_${i}`);
      const page = await list("");
      expect(page.data).toHaveLength(50);
      expect(page.next).toEqual(expect.any(String));
      const created = page.data.map((connection) => Date.parse(connection.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));
    });
  });
});
