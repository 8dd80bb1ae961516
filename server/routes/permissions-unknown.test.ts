/**
 * Exact's UserHasRights failing at connect time for another reason than a missing right (5xx, a scope
 * 403) does not fail the connection: it is stored with its permissions unknown and asked again later.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AttemptOutcome } from "../../src/protocol";
import { sandboxFaults } from "../sandbox/faults";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_rights_unknown";

describe("permissions unknown at connect time", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it.each([
    ["a 503", { kind: "status", status: 503 }],
    ["a scope 403", { kind: "status", status: 403, message: "Forbidden - Application Scope Violated" }],
  ] as const)("connects despite %s from UserHasRights, then asks again on the next call", async (_what, fault) => {
    const rule = sandboxFaults(server.sandbox).inject({ target: "users/UserHasRights", fault });
    const { page, nonce, sessionToken } = await server.connect(OWNER, ["genericContact::list", "genericCompany::create"]);
    expect(page.status).toBe(200);
    expect(rule.hits).toBeGreaterThan(0);
    const attempt = (await (await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${sessionToken}` } })).json()) as AttemptOutcome;
    expect(attempt).toMatchObject({ status: "succeeded", connection: { permissions: "unknown", missingOperations: [] } });

    rule.remove();
    server.sandbox.control.setUserRight("crm/Accounts", "POST", false);
    const list = await server.backend("/v1/resources/genericContact?limit=1", { ownerId: OWNER });
    expect(list.status).toBe(200);
    const connection = (await (await server.backend(`/v1/connections/exact-online/${OWNER}`)).json()) as { data: Record<string, unknown> };
    expect(connection.data).toMatchObject({ permissions: "checked", missingOperations: ["genericCompany::create"] });
    const refused = await server.backend("/v1/resources/genericCompany", { method: "POST", ownerId: OWNER, body: JSON.stringify({ name: "X" }) });
    expect(refused.status).toBe(403);
  });

  it("a missing right is not an error: it is recorded at connect time", async () => {
    server.sandbox.control.setUserRight("crm/Contacts", "GET", false);
    const { nonce, sessionToken } = await server.connect(OWNER, ["genericContact::list"]);
    const attempt = (await (await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${sessionToken}` } })).json()) as AttemptOutcome;
    expect(attempt).toMatchObject({ status: "succeeded", connection: { permissions: "checked", missingOperations: ["genericContact::list"] } });
  });
});
