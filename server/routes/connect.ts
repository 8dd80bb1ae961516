import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { cors } from "hono/cors";
import {
  CALLBACK_MESSAGE_TYPE,
  CONNECTOR_ID,
  DEFAULT_REGION,
  REGIONS,
  type AttemptOutcome,
  type ConnectionResponse,
  type Operation,
  type PreviewResponse,
  type Region,
  type SessionInfo,
} from "../../src/protocol";
import { authorizeUrl, regionBaseUrl } from "../connectors/exact-online/authorization";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { requireSession, type SessionEnv } from "../security/auth-middleware";
import { verifySessionToken } from "../security/session-token";
import { deleteConnection, findConnection, toSummary } from "../storage/connections-repo";
import { cancelAttempt, MAX_OPEN_ATTEMPTS_PER_SESSION, readAttempt, startAttempt, STATE_TTL_MS } from "../storage/oauth-states-repo";
import { ResourceService } from "../connectors/exact-online/resources";
import { renderCallbackPage } from "./callback-page";
import { assertOperationAllowed, fieldMapFor, modelMapping, usableConnection } from "./resource-access";

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const MAX_WAIT_SECONDS = 25;

/** The widget's routes (session token). CORS answers only MORPH_ALLOWED_ORIGINS. */
export function connectRoutes(ctx: ServerContext) {
  const session = requireSession(ctx.config.signingKey, ctx.now);
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

  app.get("/session", session, async (c) => {
    const claims = c.get("session");
    const connection = await findConnection(ctx.db, claims.connectorId, claims.ownerId);
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
  app.get("/authorize", async (c) => {
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
    const fail = (error: MorphError) => {
      const page = renderCallbackPage({
        title: "Could not start the connection",
        text: error.message,
        origin,
        message: NONCE_PATTERN.test(nonce)
          ? { type: CALLBACK_MESSAGE_TYPE, nonce, result: { ok: false, error: { code: error.code, message: error.message } } }
          : undefined,
      });
      return c.html(page.html, error.status, { ...page.headers, ...error.headers });
    };
    try {
      if (!NONCE_PATTERN.test(nonce)) throw new MorphError("VALIDATION_ERROR", "nonce: must be 16–128 URL-safe characters");
      const claims = await verifySessionToken(ctx.config.signingKey, query.sessionToken ?? "", ctx.now());
      const region = (query.region ?? DEFAULT_REGION) as Region;
      if (!REGIONS.includes(region)) throw new MorphError("VALIDATION_ERROR", `region: must be one of ${REGIONS.join(", ")}`);
      const chosen = (query.operations ?? "").split(",").filter(Boolean);
      const notOffered = chosen.filter((op) => !claims.optionalOperations.includes(op as Operation));
      if (notOffered.length) throw new MorphError("VALIDATION_ERROR", `operations: not offered by this session: ${notOffered.join(", ")}`);

      const state = randomBytes(32).toString("base64url");
      const started = await startAttempt(
        ctx.db,
        state,
        {
          nonce,
          sessionJti: claims.jti,
          connectorId: claims.connectorId,
          ownerId: claims.ownerId,
          region,
          origin,
          operations: [...claims.operations, ...(chosen as Operation[])],
          expiresAt: ctx.now() + STATE_TTL_MS,
        },
        ctx.now(),
      );
      if (started.kind === "too_many") {
        const retryAfter = Math.max(1, Math.ceil(started.retryAfterMs / 1000));
        throw new MorphError(
          "TOO_MANY_ATTEMPTS",
          `Too many connection attempts are open for this session (at most ${MAX_OPEN_ATTEMPTS_PER_SESSION}). Finish or cancel one, or retry after ${retryAfter} s.`,
          { retryAfter, max: MAX_OPEN_ATTEMPTS_PER_SESSION },
          { "retry-after": String(retryAfter) },
        );
      }
      const location = authorizeUrl(regionBaseUrl(region, ctx.config.exact.baseUrl), {
        clientId: ctx.config.exact.clientId,
        redirectUri: redirectUri(ctx),
        state,
      });
      return c.redirect(location, 302);
    } catch (error) {
      if (error instanceof MorphError) return fail(error);
      // A reused nonce violates the unique index: one attempt per nonce.
      if (/unique|duplicate/i.test(String(error))) return fail(new MorphError("VALIDATION_ERROR", "nonce: this attempt was already started"));
      throw error;
    }
  });

  app.get("/connection", session, async (c) => {
    const claims = c.get("session");
    const row = await findConnection(ctx.db, claims.connectorId, claims.ownerId);
    return c.json({ connection: row ? toSummary(row) : null } satisfies ConnectionResponse);
  });

  app.delete("/connection", session, async (c) => {
    const claims = c.get("session");
    const deleted = await deleteConnection(ctx.db, claims.connectorId, claims.ownerId);
    if (!deleted) throw new MorphError("CONNECTION_NOT_FOUND", "There is no connection to disconnect.");
    return c.body(null, 204);
  });

  // Long-poll: answers as soon as the attempt changes, or with `pending` after `wait` seconds.
  app.get("/attempts/:nonce", session, async (c) => {
    const claims = c.get("session");
    const nonce = c.req.param("nonce");
    // authorize starts attempts only under this pattern: anything else is no attempt (and no query; PostgreSQL fails on NUL).
    if (!NONCE_PATTERN.test(nonce)) throw new MorphError("NOT_FOUND", "No such attempt for this session.");
    const wait = Math.min(Math.max(Number(c.req.query("wait") ?? 0) || 0, 0), MAX_WAIT_SECONDS) * 1000;
    const outcome = await waitForAttempt(ctx, nonce, claims.jti, wait, c.req.raw.signal);
    if (!outcome) throw new MorphError("NOT_FOUND", "No such attempt for this session.");
    return c.json(outcome);
  });

  app.delete("/attempts/:nonce", session, async (c) => {
    const claims = c.get("session");
    const nonce = c.req.param("nonce");
    if (!NONCE_PATTERN.test(nonce)) return c.body(null, 204); // no such attempt: nothing to cancel
    await cancelAttempt(ctx.db, nonce, claims.jti);
    ctx.attemptEvents.notify(nonce);
    return c.body(null, 204);
  });

  // The widget's preview: first rows of a model, only when this session's operations allow listing it.
  app.get("/preview/:model", session, async (c) => {
    const claims = c.get("session");
    const mapping = modelMapping(ctx, c.req.param("model"));
    const operation = `${mapping.model}::list` as Operation;
    if (!claims.operations.includes(operation) && !claims.optionalOperations.includes(operation)) {
      throw new MorphError("INSUFFICIENT_PERMISSIONS", `This session does not allow ${operation}.`, { operation, missing: [operation] });
    }
    const row = await usableConnection(ctx, claims.connectorId, claims.ownerId);
    assertOperationAllowed(row, mapping, "list");
    const { data } = await new ResourceService(ctx, row, mapping, fieldMapFor(row, mapping.model)).list({ limit: PREVIEW_ROWS, filters: {}, raw: false });
    return c.json({ model: mapping.model, data } satisfies PreviewResponse);
  });

  return app;
}

const PREVIEW_ROWS = 5;

export const redirectUri = (ctx: ServerContext) => `${ctx.config.publicUrl}/v1/oauth/callback`;

async function waitForAttempt(
  ctx: ServerContext,
  nonce: string,
  jti: string,
  waitMs: number,
  signal: AbortSignal,
): Promise<AttemptOutcome | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const outcome = await readAttempt(ctx.db, nonce, jti, ctx.now());
    if (!outcome || outcome.status !== "pending" || Date.now() >= deadline || signal.aborted) return outcome;
    // Woken by this process's callback at once; re-checks the database every second for others.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(1000, Math.max(0, deadline - Date.now())));
      const unsubscribe = ctx.attemptEvents.subscribe(nonce, done);
      signal.addEventListener("abort", done);
    });
  }
}
