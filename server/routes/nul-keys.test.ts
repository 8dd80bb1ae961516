import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";


// Found by the adversarial suite: PostgreSQL refuses a NUL in text, so a NUL in an owner id, a
// connector id or a nonce was a 500 there. Such keys are refused where they come in (minting) and
// answered without the database where they are looked up.
const databases = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

describe.each(databases)("NUL and control characters in keys, on $name", ({ postgres }) => {
  let pg: TempPostgres | undefined;
  let server: TestServer;
  let sessionToken: string;
  const secret = { authorization: `Bearer ${TEST_SECRET_KEY}` };

  beforeAll(async () => {
    pg = postgres ? startTempPostgres(await freePort()) : undefined;
    server = await startTestServer(pg ? { env: { DATABASE_URL: pg.url } } : {});
    sessionToken = await server.mintSession("org_nul", ["genericContact::list"]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  // An owner id that minting refuses is a 400 (issue 14, finding 6); an unknown connector stays a 404.
  it.each([
    ["GET", "/v1/connections/exact-online/%00", 400, "VALIDATION_ERROR"],
    ["GET", "/v1/connections/exact-online/org%00nul/permissions", 400, "VALIDATION_ERROR"],
    ["GET", "/v1/connections/exact-online/%00/field-mapping", 400, "VALIDATION_ERROR"],
    ["DELETE", "/v1/connections/exact-online/a%00b", 400, "VALIDATION_ERROR"],
    ["GET", "/v1/connections/%00/org_nul", 404, "CONNECTION_NOT_FOUND"],
  ])("%s %s answers %i, not a 500", async (method, path, status, code) => {
    const response = await server.app.request(path, { method, headers: secret });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code } });
  });

  it("an attempt nonce with a NUL is no attempt: 404 to read, 204 to cancel", async () => {
    const headers = { authorization: `Bearer ${sessionToken}` };
    expect((await server.app.request("/v1/connect/attempts/nonce%00nonce-0000000", { headers })).status).toBe(404);
    expect((await server.app.request("/v1/connect/attempts/nonce%00nonce-0000000", { method: "DELETE", headers })).status).toBe(204);
  });

  it.each([
    ["a NUL", "org\u0000nul"],
    ["a newline", "org\nnul"],
    ["DEL", "\u007f"],
  ])("minting refuses an owner id with %s", async (_name, ownerId) => {
    const response = await server.app.request("/v1/sessions", {
      method: "POST",
      headers: { ...secret, "content-type": "application/json" },
      body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list"] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "ownerId" } } });
  });
});
