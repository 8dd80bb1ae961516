import { randomBytes } from "node:crypto";
import { seal, unseal } from "../security/sealed";

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format (the prefix is not part of the key). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Signing secrets at rest: sealed under the server's encryption keys (security/sealed.ts), as provider tokens are. */
export async function encryptSecret(key: Uint8Array, secret: string): Promise<string> {
  return seal(key, new TextEncoder().encode(secret));
}

export async function decryptSecret(key: Uint8Array, jwe: string): Promise<string> {
  return new TextDecoder().decode(await unseal(key, jwe));
}
