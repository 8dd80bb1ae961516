/** The proxy and /fields honour the connection's grants (issue: grants enforced everywhere). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/harness";

describe("grants on the proxy and on /fields", () => {
  let server: TestServer;
  const call = async (owner: string, path: string, method = "GET", body?: unknown) => {
    const before = server.sandbox.control.stats().restCalls;
    const response = await server.backend(path, { ownerId: owner, method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json().catch(() => null)) as { error?: { code: string; details?: Record<string, unknown> } } | null, exactCalls: server.sandbox.control.stats().restCalls - before };
  };

  beforeAll(async () => {
    server = await startTestServer();
    await server.connect("org_contacts_reader", ["genericContact::list"]);
    await server.connect("org_contacts_writer", ["genericContact::create"]);
    await server.connect("org_raw", ["genericUser::list", "proxy::read", "proxy::write"]);
  });
  afterAll(async () => {
    await server.close();
  });

  it("a read needs a granted read of a model on that endpoint, or proxy::read", async () => {
    expect((await call("org_contacts_reader", "/v1/proxy/api/v1/{division}/crm/Contacts?$top=1")).status).toBe(200);
    expect((await call("org_contacts_reader", "/v1/proxy/api/v1/{division}/CRM/contacts?$top=1")).status).toBe(200);
    const other = await call("org_contacts_reader", "/v1/proxy/api/v1/{division}/salesinvoice/SalesInvoices?$top=1");
    expect(other).toMatchObject({ status: 403, exactCalls: 0, body: { error: { code: "INSUFFICIENT_PERMISSIONS", details: { missing: ["proxy::read"] } } } });
    expect((await call("org_contacts_writer", "/v1/proxy/api/v1/{division}/crm/Contacts?$top=1")).status).toBe(403);
    expect((await call("org_raw", "/v1/proxy/api/v1/{division}/salesinvoice/SalesInvoices?$top=1")).status).toBe(200);
  });

  it("a write needs the granted action of a model on that endpoint, or proxy::write", async () => {
    const filter = encodeURIComponent("ID ne guid'00000000-0000-0000-0000-000000000000'");
    const accounts = await server.backend(`/v1/proxy/api/v1/{division}/crm/Accounts?$filter=${filter}&$select=ID&$top=1`, { ownerId: "org_raw" });
    const Account = ((await accounts.json()) as { d: { results: Array<{ ID: string }> } }).d.results[0]?.ID;
    const refused = await call("org_contacts_reader", "/v1/proxy/api/v1/{division}/crm/Contacts", "POST", { LastName: "Jansen", Account });
    expect(refused).toMatchObject({ status: 403, exactCalls: 0, body: { error: { details: { missing: ["proxy::write"] } } } });
    expect((await call("org_contacts_writer", "/v1/proxy/api/v1/{division}/crm/Contacts", "POST", { LastName: "Jansen", Account })).status).toBe(201);
    expect((await call("org_contacts_writer", "/v1/proxy/api/v1/{division}/crm/Contacts(guid'00000000-0000-4000-8000-000000000000')", "DELETE")).status).toBe(403);
    expect((await call("org_raw", "/v1/proxy/api/v1/{division}/crm/Contacts", "POST", { LastName: "de Vries", Account })).status).toBe(201);
  });

  it("reaches the connection's own division only: another is 403 with details.division, and Exact never sees it", async () => {
    const foreign = await call("org_raw", "/v1/proxy/api/v1/2345678/crm/Contacts?$top=1");
    expect(foreign).toMatchObject({ status: 403, exactCalls: 0, body: { error: { code: "INSUFFICIENT_PERMISSIONS", details: { division: 2345678 } } } });
    expect((await call("org_raw", "/v1/proxy/api/v1/1234567/crm/Contacts?$top=1")).status).toBe(200);
    expect((await call("org_raw", "/v1/proxy/api/v1/current/Me")).status).toBe(200);
  });

  it("/fields needs any granted operation of its model", async () => {
    expect((await call("org_contacts_writer", "/v1/resources/genericContact/fields")).status).toBe(200);
    const refused = await call("org_contacts_writer", "/v1/resources/genericCompany/fields");
    expect(refused).toMatchObject({ status: 403, exactCalls: 0, body: { error: { code: "INSUFFICIENT_PERMISSIONS" } } });
  });

  it("proxy::read and proxy::write can be asked for in a session, and the dialog gets them as Direct API access", async () => {
    const token = await server.mintSession("org_x", ["genericContact::list"], ["proxy::read"]);
    const info = (await (await server.app.request("/v1/connect/session", { headers: { authorization: `Bearer ${token}` } })).json()) as { models: unknown[] };
    expect(info.models).toContainEqual({ name: "proxy", label: "Direct API access", operations: ["read", "write"] });
    expect((await server.backend("/v1/sessions", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId: "o", operations: ["proxy::delete"] }) })).status).toBe(400);
  });
});
