import { CompactEncrypt, compactDecrypt, decodeProtectedHeader, errors } from "jose";
import { MorphError } from "../errors";
import { keyringOf } from "./keyring";

/**
 * Values at rest (provider tokens, webhook signing secrets): a compact JWE with `dir` + `A256GCM` (AES-256-GCM, a
 * random 96-bit IV per message, an authentication tag so tampering is detected on read) under the first key of
 * MORPH_ENCRYPTION_KEY, naming that key in its protected header (`kid`, authenticated with the rest).
 */
const DECRYPT_OPTIONS = { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] };

export async function seal(key: Uint8Array, plaintext: Uint8Array): Promise<string> {
  const { kid, key: active } = keyringOf(key).active;
  return new CompactEncrypt(plaintext).setProtectedHeader({ alg: "dir", enc: "A256GCM", kid }).encrypt(active);
}

/**
 * Opens a value under the key its `kid` names; a value stored before key ids (no `kid`) under each configured key
 * in turn. A value under a key that is not configured is `503 UNAVAILABLE` with `details.kid`: the operator removed
 * a key too early and can put it back; nothing about the stored row is wrong, so no caller may rewrite, delete or
 * mark it over this error.
 */
export async function unseal(key: Uint8Array, jwe: string): Promise<Uint8Array> {
  const ring = keyringOf(key);
  const kid = kidOf(jwe);
  if (kid !== undefined) {
    const entry = ring.byKid(kid);
    if (!entry) throw missingKey(kid);
    return (await compactDecrypt(jwe, entry.key, DECRYPT_OPTIONS)).plaintext;
  }
  for (const entry of ring.all) {
    try {
      return (await compactDecrypt(jwe, entry.key, DECRYPT_OPTIONS)).plaintext;
    } catch (error) {
      if (!(error instanceof errors.JWEDecryptionFailed)) throw error;
    }
  }
  throw missingKey(null);
}

/** The key id a stored value names; undefined for a value stored before key ids. */
export function kidOf(jwe: string): string | undefined {
  const { kid } = decodeProtectedHeader(jwe);
  return typeof kid === "string" ? kid : undefined;
}

/** True when the value is already under the active key (the re-encryption job leaves it alone). */
export function isCurrent(key: Uint8Array, jwe: string): boolean {
  return kidOf(jwe) === keyringOf(key).active.kid;
}

function missingKey(kid: string | null): MorphError {
  const which = kid === null ? "a key (stored before key ids) that is none of those" : `key ${kid}, which is not one of those`;
  return new MorphError(
    "UNAVAILABLE",
    `A stored secret is encrypted under ${which} configured in MORPH_ENCRYPTION_KEY: add that key back to the list (after the active one).`,
    { kid },
  );
}
