import { createHash, timingSafeEqual } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import type { Context, Handler } from "hono";
import type { Clock } from "../clock";
import { MorphError } from "../errors";
import type { Db } from "../storage/database";
import { metricsRegistry } from "./metrics";

/**
 * `GET /metrics` (Prometheus text format). With MORPH_METRICS_TOKEN set, only `Authorization: Bearer
 * <token>` reads it. Without, only a request on a loopback socket that no proxy forwarded: a reverse
 * proxy on the same host connects from 127.0.0.1 too, and its `Forwarded` / `X-Forwarded-*` headers are
 * what tell its requests apart (a proxy that adds none must not forward /metrics).
 */
export function metricsHandler(deps: { db: Db; clock: Clock; metricsToken: string | undefined }): Handler {
  const registry = metricsRegistry(deps.db, deps.clock);
  const expected = deps.metricsToken === undefined ? undefined : digest(deps.metricsToken);
  return async (c) => {
    if (expected) {
      const given = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
      // Digests of equal length: the comparison is constant-time and says nothing of the token's length.
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        throw new MorphError("UNAUTHORIZED", "Missing or wrong metrics token (Authorization: Bearer <MORPH_METRICS_TOKEN>).");
      }
    } else if (!isLocalUnforwarded(c)) {
      throw new MorphError("ACCESS_DENIED", "/metrics answers only local requests that no proxy forwarded; set MORPH_METRICS_TOKEN to scrape it from elsewhere.");
    }
    return c.body(await registry.metrics(), 200, { "content-type": registry.contentType, "cache-control": "no-store" });
  };
}

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

function isLocalUnforwarded(c: Context): boolean {
  // @hono/node-server's bindings: the socket the request came in on (absent under app.request in tests).
  const address = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress;
  if (!address || !isLoopback(address)) return false;
  for (const name of c.req.raw.headers.keys()) {
    if (name === "forwarded" || name.startsWith("x-forwarded-") || name === "x-real-ip") return false;
  }
  return true;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped spelling (a dual-stack socket's `::ffff:127.0.0.1`). */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
