import type { MiddlewareHandler } from "hono";
import { cancellableUntilSent } from "../connectors/exact-online/cancel-until-sent";
import type { ServerContext } from "../context";
import { assertIdempotencyKey, createOnce, IDEMPOTENCY_HEADER } from "../resources/idempotency";

/**
 * `POST /v1/resources/:model` with an `Idempotency-Key`: the rule is resources/idempotency.ts; this
 * middleware gives it the request and the route's answer, and turns a kept answer into a replay.
 */
export function idempotentCreate(ctx: ServerContext): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    assertIdempotencyKey(key);
    const ownerId = c.req.header("x-owner-id");
    if (!ownerId) return next(); // the route names the missing header

    // Read once for the request hash; the route reads the same text from the request put in its place,
    // whose signal stops following the client once the POST is sent to Exact.
    const body = await c.req.raw.text();
    c.req.raw = cancellableUntilSent(c.req.raw, body);
    const request = { key, connectorId: c.req.header("x-connector-id") ?? "exact-online", ownerId, model: c.req.param("model") ?? "", division: c.req.header("x-division"), body };
    const replay = await createOnce(ctx, request, async () => {
      await next();
      return { status: c.res.status, error: c.error, body: () => c.res.clone().text() };
    });
    if (replay) {
      return new Response(replay.body, { status: replay.status, headers: { "content-type": "application/json; charset=UTF-8", "idempotent-replayed": "true" } });
    }
  };
}
