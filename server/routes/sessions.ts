import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { DIVISION_SELECTIONS } from "../../src/protocol";
import type { ServerContext } from "../context";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";
import { requestedOperations } from "../connections/operations";
import { requireSecretKey } from "../security/auth-middleware";
import { ownerIdSchema } from "../security/owner-id";
import { MAX_SESSION_SECONDS, mintSessionToken } from "../security/session-token";
import { validationHook } from "./validation";

const operationList = z.array(z.string().min(1)).max(60);
const sessionRequest = z.object({
  connectorId: z.literal("exact-online"),
  ownerId: ownerIdSchema,
  operations: operationList.min(1),
  optionalOperations: operationList.optional(),
  expiresIn: z.number().int().min(60).max(MAX_SESSION_SECONDS).optional(),
  /** Issue 18: when the user's token reaches several divisions, may they keep several (default) or one. */
  divisionSelection: z.enum(DIVISION_SELECTIONS).optional(),
});

/** `POST /v1/sessions` (secret key): mints the short-lived token the widget runs on. */
export function sessionRoutes(ctx: ServerContext) {
  return new Hono().post("/", describe({ ...OPERATIONS.createSession, body: sessionRequest }), requireSecretKey(ctx.config.secretKey), zValidator("json", sessionRequest, validationHook), async (c) => {
    const body = c.req.valid("json");
    const { operations, optionalOperations } = requestedOperations(ctx.models, body.operations, body.optionalOperations);
    const { sessionToken, claims } = await mintSessionToken(
      ctx.config.signingKey,
      { connectorId: body.connectorId, ownerId: body.ownerId, operations, optionalOperations, divisionSelection: body.divisionSelection ?? "multiple" },
      body.expiresIn ?? 15 * 60,
      ctx.clock.now(),
    );
    return c.json({ sessionToken, expiresAt: claims.expiresAt.toISOString() }, 201);
  });
}
