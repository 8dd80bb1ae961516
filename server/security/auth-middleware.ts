import { timingSafeEqual } from "node:crypto";
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
 * Backend routes: `Authorization: Bearer <MORPH_SECRET_KEY>`, compared in constant time. Every backend
 * route passes here, so this is also where a malformed `x-owner-id` is refused, once for all of them.
 */
export const requireSecretKey = (secretKey: string) => {
  const expected = Buffer.from(secretKey);
  return createMiddleware(async (c, next) => {
    const given = Buffer.from(bearer(c.req.header("authorization")) ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
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
