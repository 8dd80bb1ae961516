import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { MorphError } from "../errors";
import { mintSessionToken, verifySessionToken } from "./session-token";

const key = new TextEncoder().encode("k".repeat(32));
const otherKey = new TextEncoder().encode("o".repeat(32));
const input = { connectorId: "exact-online" as const, ownerId: "org_1", operations: ["genericContact::list" as const], optionalOperations: [] };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return error instanceof MorphError ? error.code : String(error);
  }
}

describe("session tokens", () => {
  it("round-trips the claims", async () => {
    const { sessionToken, claims } = await mintSessionToken(key, input, 600);
    const verified = await verifySessionToken(key, sessionToken);
    expect(verified).toMatchObject({ ownerId: "org_1", connectorId: "exact-online", operations: ["genericContact::list"], jti: claims.jti });
  });

  it("carries divisionSelection (issue 18): multiple unless single was asked; another claim value is invalid", async () => {
    const multiple = await mintSessionToken(key, input, 600);
    expect((await verifySessionToken(key, multiple.sessionToken)).divisionSelection).toBe("multiple");
    const single = await mintSessionToken(key, { ...input, divisionSelection: "single" }, 600);
    expect((await verifySessionToken(key, single.sessionToken)).divisionSelection).toBe("single");
    const now = Math.floor(Date.now() / 1000);
    const odd = await new SignJWT({ cid: "exact-online", ops: [], opt: [], dsel: "all" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("morph-connect")
      .setAudience("morph-connect:widget")
      .setSubject("org_1")
      .setJti("j-odd")
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(key);
    expect(await codeOf(verifySessionToken(key, odd))).toBe("INVALID_SESSION");
  });

  it("never lives longer than 30 minutes", async () => {
    const now = Date.now();
    const { claims } = await mintSessionToken(key, input, 24 * 3600, now);
    expect(claims.expiresAt.getTime() - now).toBeLessThanOrEqual(30 * 60 * 1000);
  });

  it("rejects an expired token with SESSION_EXPIRED", async () => {
    const past = Date.now() - 3600_000;
    const { sessionToken } = await mintSessionToken(key, input, 60, past);
    expect(await codeOf(verifySessionToken(key, sessionToken))).toBe("SESSION_EXPIRED");
  });

  it("rejects a token signed with another key", async () => {
    const { sessionToken } = await mintSessionToken(otherKey, input, 600);
    expect(await codeOf(verifySessionToken(key, sessionToken))).toBe("INVALID_SESSION");
  });

  it("rejects alg: none", async () => {
    const unsigned = new UnsecuredJWT({ cid: "exact-online", ops: [], opt: [] })
      .setIssuer("morph-connect")
      .setAudience("morph-connect:widget")
      .setSubject("org_1")
      .setJti("j")
      .setIssuedAt()
      .setExpirationTime("10m")
      .encode();
    expect(await codeOf(verifySessionToken(key, unsigned))).toBe("INVALID_SESSION");
  });

  it("rejects a wrong audience", async () => {
    const token = await new SignJWT({ cid: "exact-online", ops: [], opt: [] })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("morph-connect")
      .setAudience("someone-else")
      .setSubject("org_1")
      .setJti("j")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(key);
    expect(await codeOf(verifySessionToken(key, token))).toBe("INVALID_SESSION");
  });

  it("rejects a tampered payload", async () => {
    const { sessionToken } = await mintSessionToken(key, input, 600);
    const [header, payload, signature] = sessionToken.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    claims.sub = "org_2";
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    expect(await codeOf(verifySessionToken(key, forged))).toBe("INVALID_SESSION");
  });

  it("rejects garbage", async () => {
    expect(await codeOf(verifySessionToken(key, "not-a-jwt"))).toBe("INVALID_SESSION");
  });
});
