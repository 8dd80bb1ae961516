import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptTokens, encryptTokens } from "./token-cipher";

describe("token cipher", () => {
  const key = randomBytes(32);
  const tokens = { accessToken: "access-secret-value", refreshToken: "refresh-secret-value" };

  it("round-trips and hides the plaintext", async () => {
    const jwe = await encryptTokens(key, tokens);
    expect(jwe).not.toContain("access-secret-value");
    expect(Buffer.from(jwe.replace(/\./g, ""), "base64url").toString("latin1")).not.toContain("access-secret-value");
    expect(await decryptTokens(key, jwe)).toEqual(tokens);
  });

  it("uses a fresh IV each time", async () => {
    expect(await encryptTokens(key, tokens)).not.toBe(await encryptTokens(key, tokens));
  });

  it("detects tampering and the wrong key", async () => {
    const jwe = await encryptTokens(key, tokens);
    const parts = jwe.split(".");
    const ciphertext = Buffer.from(parts[3]!, "base64url");
    ciphertext[0]! ^= 1;
    parts[3] = ciphertext.toString("base64url");
    await expect(decryptTokens(key, parts.join("."))).rejects.toThrow();
    await expect(decryptTokens(randomBytes(32), jwe)).rejects.toThrow();
  });
});
