import { describe, expect, it } from "vitest";
import { connectSandbox } from "../test-support/sandbox-client";

// Exact's default representation is Atom XML: only a client that asks for JSON gets JSON.
describe("the sandbox's representation", () => {
  it.each([
    ["*/*", /^application\/atom\+xml/],
    ["text/html, */*;q=0.8", /^application\/atom\+xml/],
    ["application/atom+xml", /^application\/atom\+xml/],
    ["application/json", /^application\/json/],
  ])("Accept %s gets %s", async (accept, type) => {
    const { api } = await connectSandbox();
    const response = await api("/api/v1/current/Me", { headers: { Accept: accept } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(type);
  });

  it("no Accept header gets Atom", async () => {
    const { sandbox, accessToken } = await connectSandbox();
    const response = await sandbox.app.request("/api/v1/current/Me", { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(response.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
  });
});
