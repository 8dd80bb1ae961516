import { Hono } from "hono";
import { cors } from "hono/cors";
import {
  ATTEMPT_ID_PATTERN,
  CALLBACK_MESSAGE_TYPE,
  CONNECTOR_ID,
  DEFAULT_REGION,
  REGIONS,
  type ConnectionResponse,
  type SessionInfo,
} from "../../src/protocol";
import { cancelAttempt, disconnect, getConnection, NONCE_PATTERN, startAttempt, waitForAttempt, waitForReturnedAttempt } from "../connect-flow/connect-flow";
import { Previews } from "../connect-flow/preview";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";
import { requireSession, type SessionEnv } from "../security/auth-middleware";
import { toSummary } from "../storage/connections-repo";
import { renderCallbackPage } from "./callback-page";

const MAX_WAIT_SECONDS = 25;

/** The widget's routes (session token). CORS answers only MORPH_ALLOWED_ORIGINS. */
export function connectRoutes(ctx: ServerContext) {
  const session = requireSession(ctx.config.signingKey, ctx.clock.now);
  const app = new Hono<SessionEnv>();
  app.use(
    "*",
    cors({
      origin: (origin) => (ctx.config.allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ["GET", "DELETE"],
      allowHeaders: ["authorization", "content-type"],
      maxAge: 600,
    }),
  );

  app.get("/session", describe(OPERATIONS.sessionInfo), session, async (c) => {
    const claims = c.get("session");
    const connection = await getConnection(ctx, claims.connectorId, claims.ownerId);
    const info: SessionInfo = {
      connectorId: CONNECTOR_ID,
      ownerId: claims.ownerId,
      regions: [...REGIONS],
      defaultRegion: DEFAULT_REGION,
      operations: claims.operations,
      optionalOperations: claims.optionalOperations,
      models: ctx.models.sessionModels([...claims.operations, ...claims.optionalOperations]),
      expiresAt: claims.expiresAt.toISOString(),
      sandbox: ctx.config.sandbox,
      connection: connection ? toSummary(connection) : null,
    };
    return c.json(info);
  });

  // A browser navigation in the popup: errors are shown as the callback page (posted to the
  // embedding origin when that origin is allowed), never as JSON.
  app.get("/authorize", describe(OPERATIONS.authorize), async (c) => {
    const query = c.req.query();
    const origin = query.origin ?? "";
    if (!ctx.config.allowedOrigins.includes(origin)) {
      const page = renderCallbackPage({
        title: "This page is not allowed to connect",
        text: `The origin "${origin}" is not in MORPH_ALLOWED_ORIGINS.`,
      });
      return c.html(page.html, 403, page.headers);
    }
    const nonce = query.nonce ?? "";
    try {
      const location = await startAttempt(ctx, {
        sessionToken: query.sessionToken ?? "",
        nonce,
        region: query.region,
        origin,
        operations: query.operations,
        mode: query.mode,
        returnUrl: query.returnUrl,
      });
      return c.redirect(location, 302);
    } catch (error) {
      if (!(error instanceof MorphError)) throw error;
      const page = renderCallbackPage({
        title: "Could not start the connection",
        text: error.message,
        origin,
        message: NONCE_PATTERN.test(nonce)
          ? { type: CALLBACK_MESSAGE_TYPE, nonce, result: { ok: false, error: { code: error.code, message: error.message } } }
          : undefined,
      });
      return c.html(page.html, error.status, { ...page.headers, ...error.headers });
    }
  });

  app.get("/connection", describe(OPERATIONS.currentConnection), session, async (c) => {
    const claims = c.get("session");
    const connection = await getConnection(ctx, claims.connectorId, claims.ownerId);
    return c.json({ connection: connection ? toSummary(connection) : null } satisfies ConnectionResponse);
  });

  app.delete("/connection", describe(OPERATIONS.disconnectCurrent), session, async (c) => {
    const claims = c.get("session");
    await disconnect(ctx, claims.connectorId, claims.ownerId);
    return c.body(null, 204);
  });

  // Long-poll: answers as soon as the attempt changes, or with `pending` after `wait` seconds.
  app.get("/attempts/:nonce", describe(OPERATIONS.attempt), session, async (c) => {
    const claims = c.get("session");
    const nonce = c.req.param("nonce");
    // authorize starts attempts only under this pattern: anything else is no attempt (and no query; PostgreSQL fails on NUL).
    if (!NONCE_PATTERN.test(nonce)) throw new MorphError("NOT_FOUND", "No such attempt for this session.");
    const wait = Math.min(Math.max(Number(c.req.query("wait") ?? 0) || 0, 0), MAX_WAIT_SECONDS) * 1000;
    const outcome = await waitForAttempt(ctx, nonce, claims.jti, wait, c.req.raw.signal);
    if (!outcome) throw new MorphError("NOT_FOUND", "No such attempt for this session.");
    return c.json(outcome);
  });

  // A redirect-mode attempt, read by the page it returned to: any session of the same owner (a host mints a new
  // token per page load), never another owner's. Unknown, malformed and another owner's ids are the same 404.
  app.get("/attempts/returned/:attemptId", describe(OPERATIONS.returnedAttempt), session, async (c) => {
    const claims = c.get("session");
    const attemptId = c.req.param("attemptId");
    if (!ATTEMPT_ID_PATTERN.test(attemptId)) throw new MorphError("NOT_FOUND", "No such attempt for this owner.");
    const wait = Math.min(Math.max(Number(c.req.query("wait") ?? 0) || 0, 0), MAX_WAIT_SECONDS) * 1000;
    const outcome = await waitForReturnedAttempt(ctx, attemptId, claims, wait, c.req.raw.signal);
    if (!outcome) throw new MorphError("NOT_FOUND", "No such attempt for this owner.");
    return c.json(outcome);
  });

  app.delete("/attempts/:nonce", describe(OPERATIONS.cancelAttempt), session, async (c) => {
    const claims = c.get("session");
    const nonce = c.req.param("nonce");
    if (!NONCE_PATTERN.test(nonce)) return c.body(null, 204); // no such attempt: nothing to cancel
    await cancelAttempt(ctx, nonce, claims.jti);
    return c.body(null, 204);
  });

  // The widget's preview: first rows of a model, only when this session's operations allow listing it (cached, capped per session).
  const previews = new Previews(ctx);
  app.get("/preview/:model", describe(OPERATIONS.preview), session, async (c) => c.json(await previews.preview(c.get("session"), c.req.param("model"))));

  return app;
}
