import type { Context, Env } from "hono";
import { createMiddleware } from "hono/factory";
import type { core } from "zod";
import { MorphError, zodToMorphError } from "../errors";
import type { ConnectionRef } from "../resources/resource-access";

/** zValidator hook: the first bad field becomes a 400 VALIDATION_ERROR that names it. */
export function validationHook(result: { success: boolean; error?: core.$ZodError }, _c: Context): void {
  if (result.success || !result.error) return;
  throw zodToMorphError(result.error);
}

/**
 * The body as JSON, whatever its Content-Type, for `c.req.valid("json")`. Not zValidator("json"): Hono's
 * json validator reads only `application/json` bodies (curl's `-d` sends form-urlencoded) and answers bad
 * JSON with its own message, where the resource routes have always taken any JSON body and said this.
 * What the body must hold is the model's schema, checked by the connector.
 */
export const jsonBody = createMiddleware<Env, string, { in: { json: unknown }; out: { json: unknown } }>(async (c, next) => {
  let body: unknown;
  try {
    body = await c.req.raw.json();
  } catch {
    throw new MorphError("VALIDATION_ERROR", "body: must be valid JSON", { field: "body" });
  }
  c.req.addValidatedData("json", body as object);
  await next();
});

/** The connection a secret-key route names with its headers, as sent: resource-access.ts checks it. */
export const connectionRef = (c: Context): ConnectionRef => ({
  connectorId: c.req.header("x-connector-id"),
  ownerId: c.req.header("x-owner-id"),
  division: c.req.header("x-division"),
});
