/**
 * Issue 18: every call names its division, and the backend changes a connection's divisions. Real server, real
 * SQLite, the sandbox as Exact: a user who granted three divisions at consent, a connection holding some of them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConnectionResource, Operation } from "../../src/protocol";
import { MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION } from "../sandbox/seed-data";
import { findConnection } from "../storage/connections-repo";
import { connectWithDivisions } from "../test-support/granted-divisions";
import { startTestServer, type TestServer } from "../test-support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../webhooks/delivery-worker";
import type { NewEvent, WebhookHub } from "../webhooks/events";

const OPERATIONS: Operation[] = [
  "genericCompany::list",
  "genericCompany::retrieve",
  "genericCompany::create",
  "genericContact::list",
  "genericWorkspace::list",
  "genericWorkspace::retrieve",
  "proxy::read",
];

type Body<T = unknown> = { data: T; error?: { code: string; message: string; details?: Record<string, unknown> } };
const json = async <T = unknown>(response: Response | Promise<Response>) => (await (await response).json()) as Body<T>;
const names = (body: Body<Array<{ name: string }>>) => body.data.map((row) => row.name).sort();

/** Every event the server emits, `connection.*` included. */
function capturingHub(events: NewEvent[]): WebhookHub {
  return {
    emit: async (_trx, emitted) => void events.push(...emitted),
    listenedModels: async () => new Set<string>(),
    endpointsChanged: () => undefined,
    onEndpointsChanged: () => () => undefined,
  };
}

describe("x-division on every call that reaches Exact", () => {
  let server: TestServer;
  const owner = "org_div_calls";
  const get = (path: string, division?: number | string) =>
    server.backend(path, { ownerId: owner, headers: division === undefined ? {} : { "x-division": String(division) } });
  /** Exact's REST calls made by `run` (the sandbox counts every one). */
  const callsDuring = async (run: () => Promise<unknown>) => {
    const before = server.sandbox.control.stats().restCalls;
    await run();
    return server.sandbox.control.stats().restCalls - before;
  };

  beforeAll(async () => {
    server = await startTestServer();
    await connectWithDivisions(server, owner, OPERATIONS, [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION], [MAIN_DIVISION, SECOND_DIVISION]);
  });
  afterAll(() => server.close());

  it("reads the default division without the header and the named one with it, each with its own data", async () => {
    const main = await json<Array<{ name: string }>>(get("/v1/resources/genericCompany?limit=50"));
    const second = await json<Array<{ name: string }>>(get("/v1/resources/genericCompany?limit=50", SECOND_DIVISION));
    const mainAgain = await json<Array<{ name: string }>>(get("/v1/resources/genericCompany?limit=50", MAIN_DIVISION));
    expect(main.data.length).toBeGreaterThan(0);
    expect(second.data.length).toBeGreaterThan(0);
    expect(names(mainAgain)).toEqual(names(main));
    expect(names(second).filter((name) => names(main).includes(name))).toEqual([]);
  });

  it("refuses a division outside the connection with 403 and details.division, before any call to Exact", async () => {
    const paths = [
      "/v1/resources/genericCompany?limit=5",
      "/v1/resources/genericCompany/fields",
      `/v1/connections/exact-online/${owner}/permissions`,
      "/v1/proxy/api/v1/{division}/crm/Accounts?$select=ID&$filter=ID ne null",
    ];
    for (const path of paths) {
      let response: Response | undefined;
      expect(await callsDuring(async () => (response = await get(path, THIRD_DIVISION)))).toBe(0);
      expect(response!.status, path).toBe(403);
      const body = await json(response!);
      expect(body.error).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS", details: { division: THIRD_DIVISION } });
    }
  });

  it("refuses an x-division that is no division code with 400", async () => {
    for (const bad of ["abc", "0", "-1", "01234567", "1.5"]) {
      const response = await get("/v1/resources/genericCompany?limit=1", bad);
      expect(response.status, bad).toBe(400);
      expect((await json(response)).error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "x-division" } });
    }
  });

  it("asks Exact's rights and field list in the named division", async () => {
    const permissions = await get(`/v1/connections/exact-online/${owner}/permissions`, SECOND_DIVISION);
    expect(permissions.status).toBe(200);
    expect((await json<{ missing: string[] }>(permissions)).data.missing).toEqual([]);
    const fields = await get("/v1/resources/genericCompany/fields", SECOND_DIVISION);
    expect(fields.status).toBe(200);
    expect((await json<{ exact: string[] }>(fields)).data.exact).toContain("Name");
  });

  it("genericWorkspace lists the connection's divisions, not every one the token reaches", async () => {
    const listed = await json<Array<{ id: string; code: number }>>(get("/v1/resources/genericWorkspace"));
    expect(listed.data.map((d) => d.code).sort()).toEqual([MAIN_DIVISION, SECOND_DIVISION]);
    expect((await get(`/v1/resources/genericWorkspace/${SECOND_DIVISION}`)).status).toBe(200);
    expect((await get(`/v1/resources/genericWorkspace/${THIRD_DIVISION}`)).status).toBe(404);
  });

  it("the proxy fills {division} with the named division, takes a literal one of the connection's, refuses another", async () => {
    const accounts = (path: string, division?: number) =>
      json(get(`/v1/proxy/api/v1/${path}/crm/Accounts?$select=Name&$filter=Name ne null`, division)) as unknown as Promise<{ d: { results: Array<{ Name: string }> } }>;
    const namesOf = (body: { d: { results: Array<{ Name: string }> } }) => body.d.results.map((r) => r.Name).sort();
    const second = namesOf(await accounts("{division}", SECOND_DIVISION));
    const main = namesOf(await accounts("{division}"));
    expect(second).not.toEqual(main);
    expect(namesOf(await accounts(String(SECOND_DIVISION)))).toEqual(second);
    expect(namesOf(await accounts(String(MAIN_DIVISION)))).toEqual(main);

    let refused: Response | undefined;
    expect(await callsDuring(async () => (refused = await get(`/v1/proxy/api/v1/${THIRD_DIVISION}/crm/Accounts?$select=Name&$filter=Name ne null`)))).toBe(0);
    expect(refused!.status).toBe(403);
    expect((await json(refused!)).error).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS", details: { division: THIRD_DIVISION } });
    // The path and the header naming two divisions contradict each other.
    const contradicting = await get(`/v1/proxy/api/v1/${SECOND_DIVISION}/crm/Accounts?$select=Name&$filter=Name ne null`, MAIN_DIVISION);
    expect(contradicting.status).toBe(400);
  });

  it("creates in the named division; an Idempotency-Key reused for another division is a conflict, not a replay", async () => {
    const create = (division: number) =>
      server.backend("/v1/resources/genericCompany", {
        method: "POST",
        ownerId: owner,
        headers: { "x-division": String(division), "idempotency-key": "div-key-1" },
        body: JSON.stringify({ name: "Tweede Vestiging B.V." }),
      });
    const created = await create(SECOND_DIVISION);
    expect(created.status).toBe(201);
    const id = (await json<{ id: string }>(created)).data.id;
    expect((await get(`/v1/resources/genericCompany/${id}`, SECOND_DIVISION)).status).toBe(200);
    expect((await get(`/v1/resources/genericCompany/${id}`)).status).toBe(404);
    expect((await create(SECOND_DIVISION)).headers.get("idempotent-replayed")).toBe("true");
    const other = await create(MAIN_DIVISION);
    expect(other.status).toBe(409);
    expect((await json(other)).error?.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("GET …/divisions lists every division the token reaches, asked of Exact, and which ones the connection holds", async () => {
    let response: Response | undefined;
    expect(await callsDuring(async () => (response = await server.backend(`/v1/connections/exact-online/${owner}/divisions`)))).toBeGreaterThan(0);
    expect(response!.status).toBe(200);
    const { data } = await json<Array<{ code: number; name: string; connected: boolean }>>(response!);
    expect(data.map(({ code, connected }) => ({ code, connected })).sort((a, b) => a.code - b.code)).toEqual([
      { code: MAIN_DIVISION, connected: true },
      { code: SECOND_DIVISION, connected: true },
      { code: THIRD_DIVISION, connected: false },
    ]);
    expect(data.find((d) => d.code === THIRD_DIVISION)?.name).toBe("Korenschoof Academie B.V.");
    expect((await server.backend("/v1/connections/exact-online/org_nobody/divisions")).status).toBe(404);
  });
});

describe("PATCH changes a connection's divisions", () => {
  let server: TestServer;
  const events: NewEvent[] = [];
  const patch = (owner: string, body: unknown) => server.backend(`/v1/connections/exact-online/${owner}`, { method: "PATCH", body: JSON.stringify(body) });

  beforeAll(async () => {
    server = await startTestServer({ webhooks: capturingHub(events) });
    await connectWithDivisions(server, "org_div_patch", OPERATIONS, [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION], [MAIN_DIVISION]);
    await connectWithDivisions(server, "org_div_two", OPERATIONS, [MAIN_DIVISION, SECOND_DIVISION], [MAIN_DIVISION]);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it("adds divisions the token reaches, checked with Exact (rights included), and emits connection.updated", async () => {
    const before = server.sandbox.control.stats().restCalls;
    const response = await patch("org_div_patch", { divisions: [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION] });
    expect(response.status).toBe(200);
    // system/Divisions once, then UserHasRights in each added division.
    expect(server.sandbox.control.stats().restCalls - before).toBeGreaterThanOrEqual(3);
    const { data } = await json<ConnectionResource & { divisions: Array<{ code: number; name: string; permissions: string }> }>(response);
    expect(data.divisions.map((d) => d.code)).toEqual([MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION]);
    expect(data.divisions.find((d) => d.code === THIRD_DIVISION)).toMatchObject({ name: "Korenschoof Academie B.V.", missingOperations: [], permissions: "checked" });
    expect(data).toMatchObject({ division: MAIN_DIVISION, defaultDivision: MAIN_DIVISION });
    expect(events.map((e) => e.type)).toEqual(["connection.updated"]);
    expect(events[0]).toMatchObject({ division: MAIN_DIVISION, data: { divisions: [{ code: MAIN_DIVISION }, { code: SECOND_DIVISION }, { code: THIRD_DIVISION }] } });

    // The third division's own data is now one header away.
    const third = await json<Array<{ name: string }>>(server.backend("/v1/resources/genericCompany?limit=50", { ownerId: "org_div_patch", headers: { "x-division": String(THIRD_DIVISION) } }));
    expect(third.data.map((c) => c.name)).toContain("Kookstudio Het Deeg");
  });

  it("records the rights Exact refuses in an added division", async () => {
    await patch("org_div_patch", { divisions: [MAIN_DIVISION] });
    server.sandbox.control.setUserRight("crm/Contacts", "GET", false);
    try {
      const { data } = await json<{ divisions: Array<{ code: number; missingOperations: string[] }> }>(patch("org_div_patch", { divisions: [MAIN_DIVISION, SECOND_DIVISION] }));
      expect(data.divisions.find((d) => d.code === SECOND_DIVISION)?.missingOperations).toEqual(["genericContact::list"]);
      expect(data.divisions.find((d) => d.code === MAIN_DIVISION)?.missingOperations).toEqual([]);
      // Refused in that division before any call; the default division still reads.
      const refused = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: "org_div_patch", headers: { "x-division": String(SECOND_DIVISION) } });
      expect(refused.status).toBe(403);
    } finally {
      server.sandbox.control.setUserRight("crm/Contacts", "GET", true);
    }
  });

  it("changes the default division: the top-level fields and calls without a header follow it", async () => {
    await patch("org_div_patch", { divisions: [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION] });
    events.length = 0;
    const { data } = await json<ConnectionResource>(patch("org_div_patch", { defaultDivision: SECOND_DIVISION }));
    expect(data).toMatchObject({ division: SECOND_DIVISION, defaultDivision: SECOND_DIVISION, divisionName: "Korenschoof Vastgoed B.V." });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "connection.updated", division: SECOND_DIVISION });
    expect((await findConnection(server.ctx.db, "exact-online", "org_div_patch"))?.division).toBe(SECOND_DIVISION);
    const workspaces = await json<Array<{ code: number }>>(server.backend("/v1/resources/genericWorkspace", { ownerId: "org_div_patch" }));
    expect(workspaces.data).toHaveLength(3);
    const byProxy = (await json(server.backend("/v1/proxy/api/v1/current/Me", { ownerId: "org_div_patch" }))) as unknown as { d: { results: unknown[] } };
    expect(byProxy.d.results).toHaveLength(1);
  });

  it("removes a division and changes the default in one request; the same set again changes nothing", async () => {
    const { data } = await json<ConnectionResource>(patch("org_div_patch", { divisions: [THIRD_DIVISION, MAIN_DIVISION], defaultDivision: MAIN_DIVISION }));
    expect(data.divisions.map((d) => d.code)).toEqual([THIRD_DIVISION, MAIN_DIVISION]);
    expect(data.defaultDivision).toBe(MAIN_DIVISION);
    events.length = 0;
    expect((await patch("org_div_patch", { divisions: [THIRD_DIVISION, MAIN_DIVISION] })).status).toBe(200);
    expect(events).toEqual([]);
    const refused = await server.backend("/v1/resources/genericCompany?limit=1", { ownerId: "org_div_patch", headers: { "x-division": String(SECOND_DIVISION) } });
    expect(refused.status).toBe(403);
  });

  it("names a division the token cannot reach (asked of Exact), and stores nothing", async () => {
    const response = await patch("org_div_two", { divisions: [MAIN_DIVISION, THIRD_DIVISION] });
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "divisions", divisions: [THIRD_DIVISION] } });
    expect(error?.message).toContain(String(THIRD_DIVISION));
    expect((await findConnection(server.ctx.db, "exact-online", "org_div_two"))?.divisions.map((d) => d.code)).toEqual([MAIN_DIVISION]);
    expect(events).toEqual([]);
  });

  it("refuses, before any call to Exact: removing the default without a new one, an empty set, a default outside the set, bad codes", async () => {
    await patch("org_div_two", { divisions: [MAIN_DIVISION, SECOND_DIVISION] });
    events.length = 0;
    const cases: Array<[unknown, string]> = [
      [{ divisions: [SECOND_DIVISION] }, "defaultDivision"],
      [{ divisions: [] }, "divisions"],
      [{ defaultDivision: THIRD_DIVISION }, "defaultDivision"],
      [{ divisions: [MAIN_DIVISION], defaultDivision: SECOND_DIVISION }, "defaultDivision"],
      [{ divisions: ["1234567"] }, "divisions.0"],
      [{ divisions: [1.5] }, "divisions.0"],
      [{ defaultDivision: -3 }, "defaultDivision"],
      [{ division: MAIN_DIVISION }, ""],
    ];
    for (const [body, field] of cases) {
      const before = server.sandbox.control.stats().restCalls;
      const response = await patch("org_div_two", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await json(response);
      expect(error?.code).toBe("VALIDATION_ERROR");
      if (field) expect(String(error?.details?.field ?? ""), JSON.stringify(body)).toBe(field);
      expect(server.sandbox.control.stats().restCalls).toBe(before);
    }
    expect(events).toEqual([]);
    expect((await findConnection(server.ctx.db, "exact-online", "org_div_two"))?.divisions.map((d) => d.code)).toEqual([MAIN_DIVISION, SECOND_DIVISION]);
  });

  it("answers a pending connection as the other division-needing calls do, and an unknown owner 404", async () => {
    const created = await server.backend("/v1/connections", {
      method: "POST",
      body: JSON.stringify({ connectorId: "exact-online", ownerId: "org_div_pending", operations: ["genericCompany::list"] }),
    });
    expect(created.status).toBe(201);
    const pending = await patch("org_div_pending", { divisions: [MAIN_DIVISION] });
    expect(pending.status).toBe(409);
    expect((await json(pending)).error).toMatchObject({ code: "NEEDS_REAUTH", details: { status: "pending" } });
    expect((await server.backend("/v1/connections/exact-online/org_div_pending/divisions")).status).toBe(409);
    // Labels alone still change on a pending connection.
    expect((await patch("org_div_pending", { tags: ["trial"] })).status).toBe(200);
    expect((await patch("org_div_nobody", { defaultDivision: MAIN_DIVISION })).status).toBe(404);
  });
});

describe("the delivered envelope names the division", () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startWebhookReceiver();
    worker = deliveryWorkerFor(server.ctx, {}).start();
    await connectWithDivisions(server, "org_div_envelope", OPERATIONS, [MAIN_DIVISION, SECOND_DIVISION], [MAIN_DIVISION, SECOND_DIVISION]);
  });
  afterAll(async () => {
    await worker.stop(100);
    await receiver.close();
    await server.close();
  });

  it("connection.updated carries the new default division at the top; webhook.test carries null", async () => {
    const created = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url, events: ["connection.updated"] }) });
    expect(created.status).toBe(201);
    const endpoint = (await json<{ id: string }>(created)).data;
    const patched = await server.backend("/v1/connections/exact-online/org_div_envelope", { method: "PATCH", body: JSON.stringify({ defaultDivision: SECOND_DIVISION }) });
    expect(patched.status).toBe(200);
    const [delivered] = await receiver.waitFor(1);
    const event = JSON.parse(delivered!.body) as { type: string; division: number | null; data: { defaultDivision: number; division: number } };
    expect(event).toMatchObject({ type: "connection.updated", division: SECOND_DIVISION, data: { defaultDivision: SECOND_DIVISION, division: SECOND_DIVISION } });
    expect((await server.backend(`/v1/webhooks/endpoints/${endpoint.id}/test`, { method: "POST" })).status).toBe(202);
    const [, test] = await receiver.waitFor(2);
    expect(JSON.parse(test!.body)).toMatchObject({ type: "webhook.test", division: null });
  });
});
