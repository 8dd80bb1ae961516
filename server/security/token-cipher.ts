import { CompactEncrypt, compactDecrypt } from "jose";

/**
 * Encrypts provider tokens at rest: a compact JWE with `dir` + `A256GCM` (AES-256-GCM with a random
 * 96-bit IV per message and an authentication tag, so tampering is detected on read).
 */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string;
}

export async function encryptTokens(key: Uint8Array, tokens: ProviderTokens): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(tokens)))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(key);
}

export async function decryptTokens(key: Uint8Array, jwe: string): Promise<ProviderTokens> {
  const { plaintext } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
  return JSON.parse(new TextDecoder().decode(plaintext)) as ProviderTokens;
}
