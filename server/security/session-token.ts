import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { ConnectorId, DivisionSelection, Operation } from "../../src/protocol";
import { MorphError } from "../errors";
import { keyringOf, type KeyEntry } from "./keyring";
import { isOwnerId } from "./owner-id";

// Pinned: jwtVerify accepts only this algorithm, so `alg: none` or an RS/HS confusion cannot pass.
const ALGORITHM = "HS256";
const ISSUER = "morph-connect";
const AUDIENCE = "morph-connect:widget";
export const MAX_SESSION_SECONDS = 30 * 60;

export interface SessionClaims {
  ownerId: string;
  connectorId: ConnectorId;
  operations: Operation[];
  optionalOperations: Operation[];
  /** When the token reaches several divisions: keep several (default) or one (issue 18). Claim `dsel`, absent = multiple. */
  divisionSelection?: DivisionSelection;
  jti: string;
  expiresAt: Date;
}

/** Signed with the first key of MORPH_SIGNING_KEY (`key`: the config's Keyring), which the header names (`kid`). */
export async function mintSessionToken(
  key: Uint8Array,
  input: Omit<SessionClaims, "jti" | "expiresAt">,
  expiresInSeconds: number,
  now = Date.now(),
): Promise<{ sessionToken: string; claims: SessionClaims }> {
  const jti = randomUUID();
  const issuedAt = Math.floor(now / 1000);
  const exp = issuedAt + Math.min(expiresInSeconds, MAX_SESSION_SECONDS);
  const sessionToken = await new SignJWT({
    cid: input.connectorId,
    ops: input.operations,
    opt: input.optionalOperations,
    ...(input.divisionSelection === "single" ? { dsel: "single" } : {}),
  })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT", kid: keyringOf(key).active.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(input.ownerId)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setExpirationTime(exp)
    .sign(keyringOf(key).active.key);
  return { sessionToken, claims: { ...input, jti, expiresAt: new Date(exp * 1000) } };
}

/**
 * Verifies a widget session token under the key its `kid` names (a token minted before key ids: under each key of
 * MORPH_SIGNING_KEY in turn); throws SESSION_EXPIRED or INVALID_SESSION (401). A token under a key no longer
 * configured is invalid: the widget asks the backend for a new one.
 */
export async function verifySessionToken(key: Uint8Array, token: string, now = Date.now()): Promise<SessionClaims> {
  try {
    const payload = await verifyUnderKeyring(key, token, now);
    const { sub, jti, exp, cid, ops, opt, dsel } = payload as Record<string, unknown>;
    // An owner id minted before the owner-id rule (server/security/owner-id.ts) is not honoured either.
    if (cid !== "exact-online" || !isOwnerId(sub) || !Array.isArray(ops) || !Array.isArray(opt) || (dsel !== undefined && dsel !== "single" && dsel !== "multiple")) throw new errors.JWTClaimValidationFailed("bad claims", payload);
    // A token minted with a longer lifetime than we allow was not minted by us.
    if (typeof payload.iat !== "number" || (exp as number) - payload.iat > MAX_SESSION_SECONDS) {
      throw new errors.JWTClaimValidationFailed("lifetime too long", payload);
    }
    return {
      ownerId: sub,
      connectorId: cid,
      operations: ops as Operation[],
      optionalOperations: opt as Operation[],
      divisionSelection: dsel === "single" ? "single" : "multiple",
      jti: jti as string,
      expiresAt: new Date((exp as number) * 1000),
    };
  } catch (error) {
    // In jose 6, JWTExpired is its own class, not a JWTClaimValidationFailed: test it first.
    if (error instanceof errors.JWTExpired) throw new MorphError("SESSION_EXPIRED", "The session token has expired; ask your backend for a new one.");
    throw new MorphError("INVALID_SESSION", "The session token is invalid.");
  }
}

async function verifyUnderKeyring(key: Uint8Array, token: string, now: number): Promise<JWTPayload> {
  const ring = keyringOf(key);
  const { kid } = decodeProtectedHeader(token);
  const named = typeof kid === "string" ? ring.byKid(kid) : undefined;
  if (kid !== undefined && !named) throw new errors.JWSSignatureVerificationFailed("no configured key has this kid");
  const candidates: readonly KeyEntry[] = named ? [named] : ring.all;
  for (const [index, entry] of candidates.entries()) {
    try {
      const { payload } = await jwtVerify(token, entry.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ["sub", "jti", "exp", "iat"],
        currentDate: new Date(now),
      });
      return payload;
    } catch (error) {
      // Only a wrong signature means "maybe another key"; an expired or malformed token is that under every key.
      if (!(error instanceof errors.JWSSignatureVerificationFailed) || index === candidates.length - 1) throw error;
    }
  }
  throw new errors.JWSSignatureVerificationFailed("no configured key");
}
