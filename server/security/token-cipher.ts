import { seal, unseal } from "./sealed";

/**
 * Provider tokens at rest, sealed under MORPH_ENCRYPTION_KEY (sealed.ts: a compact JWE naming its key). `key` is
 * the config's Keyring (the first key encrypts, every key decrypts) or, from older callers, a single key.
 */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string;
}

export async function encryptTokens(key: Uint8Array, tokens: ProviderTokens): Promise<string> {
  return seal(key, new TextEncoder().encode(JSON.stringify(tokens)));
}

export async function decryptTokens(key: Uint8Array, jwe: string): Promise<ProviderTokens> {
  return JSON.parse(new TextDecoder().decode(await unseal(key, jwe))) as ProviderTokens;
}
