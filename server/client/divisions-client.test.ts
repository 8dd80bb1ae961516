/** The typed client names a division on every call that reaches Exact, lists and changes a connection's divisions (issue 18). */
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION } from "../sandbox/seed-data";
import { connectWithDivisions } from "../test-support/granted-divisions";
import { startTestServer, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { createMorphClient, MorphApiError } from ".";

describe("the typed client and divisions", () => {
  let server: TestServer;
  let http: ServerType;
  let client: ReturnType<typeof createMorphClient>;
  const owner = "org_client_divisions";
  const names = (rows: ReadonlyArray<object>) => rows.map((row) => String((row as { name?: unknown }).name)).sort();

  beforeAll(async () => {
    server = await startTestServer();
    await connectWithDivisions(server, owner, ["genericCompany::list", "genericCompany::create", "proxy::read"], [MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION], [MAIN_DIVISION]);
    http = await new Promise((resolve) => {
      const s = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    client = createMorphClient({ serverUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, secretKey: TEST_SECRET_KEY });
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await server.close();
  });

  it("lists the divisions the token reaches and adds one with update()", async () => {
    const choices = await client.connections.listDivisions(owner);
    expect(choices.filter((d) => d.connected).map((d) => d.code)).toEqual([MAIN_DIVISION]);
    expect(choices.map((d) => d.code).sort()).toEqual([MAIN_DIVISION, SECOND_DIVISION, THIRD_DIVISION]);
    const updated = await client.connections.update(owner, { divisions: [MAIN_DIVISION, THIRD_DIVISION], defaultDivision: THIRD_DIVISION });
    expect(updated).toMatchObject({ defaultDivision: THIRD_DIVISION, division: THIRD_DIVISION });
    expect(updated.divisions.map((d) => d.code)).toEqual([MAIN_DIVISION, THIRD_DIVISION]);
  });

  it("sends { division } as x-division on resources, permissions and the proxy; another division is a 403 naming it", async () => {
    const companies = client.resources("genericCompany");
    const third = await companies.list(owner, { limit: 50 });
    const main = await companies.list(owner, { limit: 50, division: MAIN_DIVISION });
    expect(names(third.data)).toContain("Kookstudio Het Deeg");
    expect(names(main.data)).not.toContain("Kookstudio Het Deeg");
    expect((await client.connections.permissions(owner, { division: MAIN_DIVISION })).missing).toEqual([]);
    const proxied = await client.proxy(owner, "GET", "/api/v1/{division}/crm/Accounts?$select=Name&$filter=Name ne null", undefined, { division: MAIN_DIVISION });
    expect((proxied.body as { d: { results: Array<{ Name: string }> } }).d.results.map((r) => r.Name).sort()).toEqual(names(main.data));
    const refused = await companies.list(owner, { division: SECOND_DIVISION }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MorphApiError);
    expect(refused).toMatchObject({ status: 403, code: "INSUFFICIENT_PERMISSIONS", details: { division: SECOND_DIVISION } });
  });
});
