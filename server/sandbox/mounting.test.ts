import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createExactSandbox } from "./index";

describe("mounting", () => {
  it("works under a base path, building links from publicUrl", async () => {
    const sandbox = createExactSandbox({ publicUrl: "http://localhost:8787/sandbox/" });
    const server = new Hono();
    server.route("/sandbox", sandbox.app);
    const redirectUri = "http://localhost:8787/v1/oauth/callback";
    const page = await server.request(
      `/sandbox/api/oauth2/auth?client_id=sandbox-client-id&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&state=s`,
    );
    const html = await page.text();
    expect(html).toContain('action="http://localhost:8787/sandbox/api/oauth2/auth"');
    const ticket = /name="ticket" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const consent = await server.request("/sandbox/api/oauth2/auth", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "sandbox-client-id", redirect_uri: redirectUri, state: "s", ticket, decision: "approve", division: "1234567" }).toString(),
    });
    const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const token = await server.request("/sandbox/api/oauth2/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: "sandbox-client-id", client_secret: "sandbox-client-secret" }).toString(),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const list = await server.request("/sandbox/api/v1/1234567/crm/Contacts", {
      headers: { Authorization: `Bearer ${access_token}`, Accept: "application/json" },
    });
    const body = (await list.json()) as { d: { __next: string } };
    expect(body.d.__next.startsWith("http://localhost:8787/sandbox/api/v1/1234567/crm/Contacts?$skiptoken=guid'")).toBe(true);
    const next = await server.request(body.d.__next, { headers: { Authorization: `Bearer ${access_token}`, Accept: "application/json" } });
    expect(next.status).toBe(200);
    expect(sandbox.control.divisions()).toEqual([
      { code: 1234567, name: "Bakkerij De Gouden Korenschoof B.V." },
      { code: 2345678, name: "Korenschoof Vastgoed B.V." },
      { code: 3456789, name: "Korenschoof Academie B.V." },
    ]);
  });
});
