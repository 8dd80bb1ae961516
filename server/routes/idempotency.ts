import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { cancellableUntilSent } from "../connectors/exact-online/cancel-until-sent";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { claimKey, completeKey, releaseKey, type IdempotencyScope } from "../storage/idempotency-repo";

// Visible ASCII, as in Stripe's and the IETF draft's examples (a UUID fits); no spaces or controls.
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const FIELD = "Idempotency-Key";

/**
 * `Idempotency-Key` on a create: with timeouts, a client retries a create that Exact may in fact have
 * performed. The first request with a key (per owner) runs and its answer is kept 24 h; a retry with
 * the same key and the same request gets that answer back (header `Idempotent-Replayed: true`) and
 * never reaches Exact; the same key with another request is `409 IDEMPOTENCY_CONFLICT`, as is a retry
 * while the first is still running.
 *
 * Answers that certainly changed nothing at Exact (4xx: refused before or by Exact; 503: not served)
 * are not kept, so a corrected retry may reuse the key. 2xx and other 5xx are kept: after a
 * PROVIDER_TIMEOUT Exact may have created the record, and a second create is what the key prevents.
 *
 * A client that goes away cancels the create only while nothing was sent to Exact (the call still
 * queued): then nothing is kept and the key is free for the retry. Once the POST is sent, the request
 * runs to Exact's answer even without its client, and that answer is kept for the retry to replay.
 */
export function idempotentCreate(ctx: ServerContext): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header(FIELD);
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) throw new MorphError("VALIDATION_ERROR", `${FIELD}: must be 1 to 255 visible ASCII characters`, { field: FIELD });
    const ownerId = c.req.header("x-owner-id");
    if (!ownerId) return next(); // the route names the missing header

    const body = await c.req.raw.text();
    c.req.raw = cancellableUntilSent(c.req.raw, body);
    const scope: IdempotencyScope = { connectorId: c.req.header("x-connector-id") ?? "exact-online", ownerId, key };
    const requestHash = createHash("sha256").update(`${c.req.param("model")}\n${canonicalJson(body)}`).digest("hex");

    const claim = await claimKey(ctx.db, scope, requestHash, ctx.clock.now());
    if (claim.kind === "conflict") {
      throw new MorphError("IDEMPOTENCY_CONFLICT", `${FIELD}: this key was already used with a different request; use a new key`, { field: FIELD });
    }
    if (claim.kind === "in_progress") {
      throw new MorphError("IDEMPOTENCY_CONFLICT", `${FIELD}: a request with this key is still running; retry once it has answered`, {
        field: FIELD,
        reason: "in_progress",
      });
    }
    if (claim.kind === "replay") {
      return new Response(claim.body, { status: claim.status, headers: { "content-type": "application/json; charset=UTF-8", "idempotent-replayed": "true" } });
    }

    try {
      await next();
    } catch (error) {
      await releaseKey(ctx.db, scope);
      throw error;
    }
    const status = c.res.status;
    const keep = !wasCancelled(c.error) && (status < 400 || (status >= 500 && status !== 503));
    if (keep) await completeKey(ctx.db, scope, { status, body: await c.res.clone().text() });
    else await releaseKey(ctx.db, scope);
  };
}

/** The client went away before anything reached Exact (api-client's `cancelled()`): nothing happened to keep. */
const wasCancelled = (error: unknown) => error instanceof MorphError && error.details?.cancelled === true;

/** The same JSON with keys in another order is the same request. */
function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((name) => [name, sortKeys(record[name])]));
  }
  return value;
}
