import { createHash } from "node:crypto";

/** One configured key and its id. */
export interface KeyEntry {
  /** The first 8 bytes of the key's SHA-256, base64url: names the key without revealing it, whatever its place in the list. */
  kid: string;
  key: Uint8Array<ArrayBuffer>;
}

export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update(key).digest().subarray(0, 8).toString("base64url");
}

/**
 * The keys of MORPH_ENCRYPTION_KEY or MORPH_SIGNING_KEY: the first one encrypts and signs, every one decrypts and
 * verifies. A Keyring is itself the bytes of its first key (a Uint8Array), so that code written against the single
 * key of before (`Buffer.from(config.encryptionKey)`, a test signing with `config.signingKey`) keeps working
 * unchanged; the functions that encrypt, decrypt, sign and verify look at `all`.
 */
export class Keyring extends Uint8Array {
  // Array methods that build a new array (slice, map, subarray) make a plain Uint8Array, not a Keyring.
  static get [Symbol.species]() {
    return Uint8Array;
  }

  /** Every configured key, the active one first (not `entries`, `keys` or `find`: Uint8Array has those). */
  readonly all: readonly KeyEntry[];

  constructor(keys: readonly Uint8Array[]) {
    if (keys.length === 0) throw new Error("a keyring needs at least one key");
    super(keys[0]!.length);
    this.set(keys[0]!);
    const seen = new Set<string>();
    const entries: KeyEntry[] = [];
    for (const key of keys) {
      const kid = keyIdOf(key);
      if (seen.has(kid)) continue;
      seen.add(kid);
      entries.push({ kid, key: new Uint8Array(key) });
    }
    this.all = entries;
  }

  /** The key that encrypts and signs. */
  get active(): KeyEntry {
    return this.all[0]!;
  }

  byKid(kid: string): KeyEntry | undefined {
    return this.all.find((entry) => entry.kid === kid);
  }
}

/** A Keyring as is; a bare key (a caller or test of before) as a ring of one. */
export function keyringOf(key: Uint8Array): Keyring {
  return key instanceof Keyring ? key : new Keyring([key]);
}
