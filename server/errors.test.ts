import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS, MorphError } from "./errors";
import { startTestServer, type TestServer } from "./test-support/harness";

describe("the error table", () => {
  it("gives each code the status of DESIGN.md's table", () => {
    expect(ERROR_STATUS).toMatchObject({
      VALIDATION_ERROR: 400,
      INVALID_SESSION: 401,
      SESSION_EXPIRED: 401,
      INSUFFICIENT_PERMISSIONS: 403,
      CONNECTION_NOT_FOUND: 404,
      NOT_FOUND: 404,
      OPERATION_NOT_SUPPORTED: 405,
      NEEDS_REAUTH: 409,
      IDEMPOTENCY_CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      RATE_LIMITED: 429,
      PROVIDER_ERROR: 502,
      UNAVAILABLE: 503,
      PROVIDER_TIMEOUT: 504,
    });
  });

  it("decides a MorphError's status, also where a caller still names another one", () => {
    expect(new MorphError("PROVIDER_TIMEOUT", "Exact Online did not answer within 30 s.").status).toBe(504);
    // token-manager.ts still says 503 for "Timed out waiting for a token refresh by another server".
    const legacy = new MorphError("PROVIDER_ERROR", "Timed out waiting for a token refresh by another server.", { a: 1 }, { "retry-after": "1" });
    expect(legacy.status).toBe(502);
    expect(legacy.message).toBe("Timed out waiting for a token refresh by another server.");
    expect(legacy.details).toEqual({ a: 1 });
    expect(legacy.headers).toEqual({ "retry-after": "1" });
    expect(legacy.toBody()).toEqual({ error: { code: "PROVIDER_ERROR", message: "Timed out waiting for a token refresh by another server.", details: { a: 1 } } });
  });
});

describe("error answers", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a body over 1 MB is 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await server.backend("/v1/resources/genericContact", {
      method: "POST",
      ownerId: "org_big",
      body: JSON.stringify({ firstName: "x".repeat(1024 * 1024 + 1) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("an unknown route is 404 NOT_FOUND in the common envelope", async () => {
    const response = await server.backend("/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
