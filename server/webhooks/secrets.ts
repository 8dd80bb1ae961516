import { randomBytes } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format (the prefix is not part of the key). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Signing secrets at rest: a compact JWE (dir + A256GCM) under the server's encryption key, as provider tokens are. */
export async function encryptSecret(key: Uint8Array, secret: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(secret)).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(key);
}

export async function decryptSecret(key: Uint8Array, jwe: string): Promise<string> {
  const { plaintext } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
  return new TextDecoder().decode(plaintext);
}
