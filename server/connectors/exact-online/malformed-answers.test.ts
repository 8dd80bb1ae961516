import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sandboxFaults, type Fault } from "../../sandbox/faults";
import { startTestServer, type TestServer } from "../../test-support/harness";
import { exactListPage, parseExactList, parseExactRecord } from "./exact-schemas";

// Issue 8, defect 5: a 200 from Exact that is not what Exact sends is a provider error, never data.
describe("malformed answers from Exact", () => {
  let server: TestServer;
  const owner = "org_malformed";
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect(owner, ["genericContact::list", "genericContact::retrieve"]);
  });
  afterEach(() => sandboxFaults(server.sandbox).clear());
  afterAll(async () => {
    await server.close();
  });

  const cases: Array<[string, Fault]> = [
    ["an HTML page", { kind: "html" }],
    ["truncated JSON", { kind: "truncated-json" }],
    ["d: null", { kind: "null-d" }],
    ["results as a string", { kind: "results", as: "string" }],
    ["results as an object", { kind: "results", as: "object" }],
  ];

  for (const [name, fault] of cases) {
    it(`a list answered with ${name} is 502 PROVIDER_ERROR`, async () => {
      sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault });
      const response = await server.backend("/v1/resources/genericContact?limit=2", { ownerId: owner });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: "PROVIDER_ERROR" } });
    });
  }

  it("a retrieve answered with HTML is 502 PROVIDER_ERROR, not 404", async () => {
    const list = (await (await server.backend("/v1/resources/genericContact?limit=1", { ownerId: owner })).json()) as { data: Array<{ id: string }> };
    sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "html" } });
    const response = await server.backend(`/v1/resources/genericContact/${list.data[0]!.id}`, { ownerId: owner });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "PROVIDER_ERROR" } });
  });

  it("an HTML page with an error status keeps its status mapping", async () => {
    sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "html", status: 503 } });
    const response = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: owner });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "PROVIDER_ERROR", details: { status: 503 } } });
  });

  it("a well-formed answer still works after the faults", async () => {
    const response = await server.backend("/v1/resources/genericContact?limit=2", { ownerId: owner });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(2);
  });
});

describe("the schemas for Exact's list pages and records", () => {
  it("accept Exact's shapes and refuse the rest with PROVIDER_ERROR", () => {
    expect(parseExactList({ d: { results: [{ ID: "a" }], __next: "https://start.exactonline.nl/api/v1/1/crm/Contacts?$skiptoken=x" } })).toEqual({
      results: [{ ID: "a" }],
      next: "https://start.exactonline.nl/api/v1/1/crm/Contacts?$skiptoken=x",
    });
    expect(parseExactRecord({ d: { ID: "a" } })).toEqual({ ID: "a" });
    expect(parseExactRecord({ d: { results: [{ ID: "b" }] } })).toEqual({ ID: "b" });
    for (const bad of [undefined, null, { d: null }, { d: { results: "x" } }, { d: { results: { ID: "a" } } }, { d: { results: [1] } }]) {
      expect(() => parseExactList(bad)).toThrow(expect.objectContaining({ code: "PROVIDER_ERROR", status: 502 }));
    }
    expect(() => parseExactRecord({ d: [] })).toThrow(expect.objectContaining({ code: "PROVIDER_ERROR" }));
    expect(exactListPage.safeParse({ d: { results: [] } }).success).toBe(true);
  });
});
