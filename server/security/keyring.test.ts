import { createHash, randomBytes } from "node:crypto";
import { CompactEncrypt, SignJWT } from "jose";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { MorphError } from "../errors";
import { requireSecretKey } from "./auth-middleware";
import { Keyring, keyIdOf } from "./keyring";
import { isCurrent, kidOf } from "./sealed";
import { mintSessionToken, verifySessionToken } from "./session-token";
import { decryptTokens, encryptTokens } from "./token-cipher";

const a = randomBytes(32);
const b = randomBytes(32);
const c = randomBytes(32);
const tokens = { accessToken: "access-value", refreshToken: "refresh-value" };
const session = { connectorId: "exact-online" as const, ownerId: "org_1", operations: ["genericContact::list" as const], optionalOperations: [] };

async function errorOf(promise: Promise<unknown>): Promise<MorphError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof MorphError) return error;
    throw error;
  }
}

describe("keyrings", () => {
  it("names a key by the first 8 bytes of its SHA-256 (base64url), whatever its place in the list", () => {
    expect(keyIdOf(a)).toBe(createHash("sha256").update(a).digest().subarray(0, 8).toString("base64url"));
    expect(new Keyring([a, b]).all.map((k) => k.kid)).toEqual([keyIdOf(a), keyIdOf(b)]);
    expect(new Keyring([b, a]).byKid(keyIdOf(a))?.key).toEqual(new Uint8Array(a));
  });

  it("is the bytes of its first key, for code that used the single key of before", () => {
    const ring = new Keyring([a, b]);
    expect(Buffer.from(ring).equals(a)).toBe(true);
    expect(ring).toHaveLength(32);
    expect(ring.slice(0, 4)).not.toBeInstanceOf(Keyring);
  });
});

describe("values at rest under several keys", () => {
  it("encrypt under the first key and name it; decrypt under whichever key the value names", async () => {
    const underA = await encryptTokens(new Keyring([a]), tokens);
    expect(kidOf(underA)).toBe(keyIdOf(a));
    expect(await decryptTokens(new Keyring([b, a]), underA)).toEqual(tokens);
    const underB = await encryptTokens(new Keyring([b, a]), tokens);
    expect(kidOf(underB)).toBe(keyIdOf(b));
    expect(isCurrent(new Keyring([b, a]), underB)).toBe(true);
    expect(isCurrent(new Keyring([b, a]), underA)).toBe(false);
  });

  it("open a value stored before key ids (no kid) under any configured key", async () => {
    const legacy = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(tokens))).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(a);
    expect(kidOf(legacy)).toBeUndefined();
    expect(await decryptTokens(new Keyring([c, b, a]), legacy)).toEqual(tokens);
    const missing = await errorOf(decryptTokens(new Keyring([c, b]), legacy));
    expect(missing?.code).toBe("UNAVAILABLE");
    expect(missing?.details).toEqual({ kid: null });
  });

  it("a value under a key that is not configured: 503 UNAVAILABLE naming its kid, never the key", async () => {
    const underA = await encryptTokens(new Keyring([a]), tokens);
    const error = await errorOf(decryptTokens(new Keyring([b, c]), underA));
    expect(error?.code).toBe("UNAVAILABLE");
    expect(error?.status).toBe(503);
    expect(error?.details).toEqual({ kid: keyIdOf(a) });
    expect(error?.message).not.toContain(a.toString("base64"));
  });

  it("tampering is still detected under the key the value names", async () => {
    const parts = (await encryptTokens(new Keyring([a]), tokens)).split(".");
    const ciphertext = Buffer.from(parts[3]!, "base64url");
    ciphertext[0]! ^= 1;
    parts[3] = ciphertext.toString("base64url");
    await expect(decryptTokens(new Keyring([b, a]), parts.join("."))).rejects.toThrow();
  });
});

describe("session tokens under several signing keys", () => {
  it("are signed with the first key, named in the header, and verified under it from a list", async () => {
    const { sessionToken } = await mintSessionToken(new Keyring([a, b]), session, 600);
    expect(JSON.parse(Buffer.from(sessionToken.split(".")[0]!, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT", kid: keyIdOf(a) });
    expect((await verifySessionToken(new Keyring([b, a]), sessionToken)).ownerId).toBe("org_1");
    expect((await errorOf(verifySessionToken(new Keyring([b, c]), sessionToken)))?.code).toBe("INVALID_SESSION");
  });

  it("a token without kid (minted before key ids) is tried under every key; a wrong kid is not rescued by another key", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { cid: "exact-online", ops: ["genericContact::list"], opt: [] };
    const sign = (key: Uint8Array, header: Record<string, string>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "HS256", ...header }).setIssuer("morph-connect").setAudience("morph-connect:widget").setSubject("org_1").setJti("j").setIssuedAt(now).setExpirationTime(now + 600).sign(key);
    expect((await verifySessionToken(new Keyring([c, b]), await sign(b, {}))).ownerId).toBe("org_1");
    expect((await errorOf(verifySessionToken(new Keyring([c, b]), await sign(b, { kid: keyIdOf(c) }))))?.code).toBe("INVALID_SESSION");
    expect((await errorOf(verifySessionToken(new Keyring([c, b]), await sign(a, {}))))?.code).toBe("INVALID_SESSION");
  });

  it("an expired token is SESSION_EXPIRED under a list too", async () => {
    const { sessionToken } = await mintSessionToken(new Keyring([a]), session, 60, Date.now() - 3_600_000);
    expect((await errorOf(verifySessionToken(new Keyring([b, a]), sessionToken)))?.code).toBe("SESSION_EXPIRED");
  });
});

describe("several secret keys", () => {
  const first = "sk_first_0123456789abcdefghij";
  const second = "sk_second_0123456789abcdefghij";
  const app = new Hono()
    .onError((error, ctx) => ctx.json({ code: error instanceof MorphError ? error.code : "?" }, error instanceof MorphError ? error.status : 500))
    .use("*", requireSecretKey(`${first},${second}`))
    .get("/", (ctx) => ctx.text("ok"));
  const call = (key: string) => app.request("/", { headers: { authorization: `Bearer ${key}` } });

  it("accepts each listed key and nothing else (not the list itself, nor a prefix)", async () => {
    expect((await call(first)).status).toBe(200);
    expect((await call(second)).status).toBe(200);
    for (const wrong of [`${first},${second}`, first.slice(0, -1), `${second}x`, ""]) expect((await call(wrong)).status).toBe(401);
  });
});
