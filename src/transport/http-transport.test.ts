import { afterEach, describe, expect, it, vi } from "vitest";
import { createHttpTransport } from "./http-transport";

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

describe("createHttpTransport", () => {
  it("turns an error body's details.missing into the error's missing operations", async () => {
    vi.stubGlobal(
      "fetch",
      answer(403, { error: { code: "INSUFFICIENT_PERMISSIONS", message: "no", details: { operation: "genericContact::list", missing: ["genericContact::list"] } } }),
    );
    const result = await createHttpTransport("https://connect.example.test").getPreview("token", "genericContact");
    expect(result).toEqual({
      ok: false,
      httpStatus: 403,
      error: { code: "INSUFFICIENT_PERMISSIONS", message: "no", missing: ["genericContact::list"] },
    });
  });

  it("keeps other errors as { code, message }", async () => {
    vi.stubGlobal("fetch", answer(502, { error: { code: "PROVIDER_ERROR", message: "down", details: { missing: "not a list" } } }));
    const result = await createHttpTransport("https://connect.example.test").getSession("token");
    expect(result).toEqual({ ok: false, httpStatus: 502, error: { code: "PROVIDER_ERROR", message: "down" } });
  });
});
