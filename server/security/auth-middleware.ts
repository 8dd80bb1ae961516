import { createHash, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { MorphError } from "../errors";
import { assertOwnerHeader, OWNER_HEADER } from "./owner-id";
import { verifySessionToken, type SessionClaims } from "./session-token";

export type SessionEnv = { Variables: { session: SessionClaims } };

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * MORPH_SECRET_KEY as configured: one key, or several separated by commas (every one accepted, so a backend can
 * switch to a new key before the old one is removed).
 */
export function secretKeyList(configured: string): string[] {
  return configured
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Backend routes: `Authorization: Bearer <MORPH_SECRET_KEY>` (any key of the list), compared in constant time:
 * SHA-256 digests, so neither a key's length nor which key matched shows in the timing, and every key is compared.
 * Every backend route passes here, so this is also where a malformed `x-owner-id` is refused, once for all of them.
 */
export const requireSecretKey = (secretKey: string) => {
  const expected = secretKeyList(secretKey).map(digest);
  return createMiddleware(async (c, next) => {
    const given = digest(bearer(c.req.header("authorization")) ?? "");
    let matched = false;
    for (const key of expected) matched = timingSafeEqual(given, key) || matched;
    if (!matched) {
      throw new MorphError("UNAUTHORIZED", "Missing or wrong secret key (Authorization: Bearer <MORPH_SECRET_KEY>).");
    }
    assertOwnerHeader(c.req.header(OWNER_HEADER));
    await next();
  });
};

/** Widget routes: the session token as a Bearer token (or `sessionToken` query parameter where a browser navigates). */
export const requireSession = (signingKey: Uint8Array, now: () => number) =>
  createMiddleware<SessionEnv>(async (c, next) => {
    const token = bearer(c.req.header("authorization")) ?? c.req.query("sessionToken");
    if (!token) throw new MorphError("INVALID_SESSION", "A session token is required.");
    c.set("session", await verifySessionToken(signingKey, token, now()));
    await next();
  });
