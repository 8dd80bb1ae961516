import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sandboxFaults, type Fault } from "../sandbox/faults";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_proxy_faults";

// Found by the adversarial suite: the proxy passed Exact's 5xx on as its own, so a 500 from Exact read
// as this server's INTERNAL_ERROR status (and a maintenance page came back as HTML with a 503).
describe("the proxy when Exact fails", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 1000 } });
    await server.connect(OWNER, ["proxy::read"]);
  });
  afterEach(() => sandboxFaults(server.sandbox).clear());
  afterAll(async () => {
    await server.close();
  });

  const cases: Array<[string, Fault, number]> = [
    ["a 500", { kind: "status", status: 500 }, 500],
    ["a 502", { kind: "status", status: 502 }, 502],
    ["a 503", { kind: "status", status: 503 }, 503],
    ["a maintenance page with a 503", { kind: "html", status: 503 }, 503],
  ];

  it.each(cases)("%s from Exact is 502 PROVIDER_ERROR with Exact's status in details", async (_name, fault, status) => {
    sandboxFaults(server.sandbox).inject({ target: "crm/Accounts", fault });
    const response = await server.backend("/v1/proxy/api/v1/{division}/crm/Accounts?$select=ID", { ownerId: OWNER });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "PROVIDER_ERROR", details: { status } } });
  });

  it("Exact's 4xx answers are still passed on as they are", async () => {
    const response = await server.backend("/v1/proxy/api/v1/{division}/crm/Nothing", { ownerId: OWNER });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: { value: expect.any(String) } } });
  });
});
