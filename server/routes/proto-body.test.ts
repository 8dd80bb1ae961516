import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_proto_body";

// Found by the adversarial suite: a body key "__proto__" became the prototype of the object the model's
// schema checked, so its fields were read through it: `{"__proto__":{"firstName":"x",…}}` created and
// updated contacts at Exact instead of being refused as an unknown key.
describe("a body key __proto__ is an unknown key", () => {
  let server: TestServer;
  let companyId: string;
  let contactId: string;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect(OWNER, ["genericContact::list", "genericContact::create", "genericContact::update", "genericCompany::list"]);
    const first = async (model: string) => ((await (await server.backend(`/v1/resources/${model}?limit=1`, { ownerId: OWNER })).json()) as { data: Array<{ id: string }> }).data[0]!.id;
    companyId = await first("genericCompany");
    contactId = await first("genericContact");
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ["POST", "/v1/resources/genericContact", () => `{"__proto__":{"firstName":"Proto","company":{"id":"${companyId}"}}}`],
    ["PATCH", "", () => '{"__proto__":{"firstName":"Proto"}}'],
    ["POST", "/v1/resources/genericContact", () => `{"firstName":"X","company":{"id":"${companyId}"},"__proto__":{"jobTitle":"Admin"}}`],
  ])("%s is refused with 400 VALIDATION_ERROR before any call to Exact", async (method, path, body) => {
    const before = server.sandbox.control.stats().restCalls;
    const response = await server.backend(path || `/v1/resources/genericContact/${contactId}`, { method, ownerId: OWNER, body: body() });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR" } });
    expect(server.sandbox.control.stats().restCalls).toBe(before);
  });

  it("ordinary bodies still work", async () => {
    const response = await server.backend(`/v1/resources/genericContact/${contactId}`, { method: "PATCH", ownerId: OWNER, body: '{"jobTitle":"Baker"}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { jobTitle: "Baker" } });
  });
});
