import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Action } from "../../src/protocol";
import type { ServerContext } from "../context";
import { grantFor, type ModelGrant } from "../resources/resource-access";
import { createResource, deleteResource, describeFields, listResources, retrieveResource, updateResource } from "../resources/resources";
import { requireSecretKey } from "../security/auth-middleware";
import { idempotentCreate } from "./idempotency";
import { listQuery, retrieveQuery } from "./list-query";
import { connectionRef, jsonBody, validationHook } from "./validation";

/** `/v1/resources/:model[/:id]` (secret key): unified reads and writes of Exact Online data. */
export function resourceRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));

  // The grant is checked before the query or body is parsed: an unknown model, connection or action is
  // answered as such even when the input is bad too (and an Idempotency-Key replay comes before both).
  const granted = <A extends Action>(action: A) =>
    createMiddleware<{ Variables: { grant: ModelGrant<A> } }>(async (c, next) => {
      c.set("grant", await grantFor(ctx, connectionRef(c), c.req.param("model") ?? "", action));
      await next();
    });

  app.get("/:model", granted("list"), zValidator("query", listQuery, validationHook), async (c) =>
    c.json(await listResources(ctx, c.var.grant, c.req.valid("query"), c.req.raw.signal)),
  );

  app.get("/:model/fields", async (c) => c.json({ data: await describeFields(ctx, connectionRef(c), c.req.param("model")) }));

  app.get("/:model/:id", granted("retrieve"), zValidator("query", retrieveQuery, validationHook), async (c) =>
    c.json({ data: await retrieveResource(ctx, c.var.grant, c.req.param("id"), c.req.valid("query").raw, c.req.raw.signal) }),
  );

  // The signal is read in the handler: idempotentCreate puts a request in place whose signal stops following the client once Exact has the POST.
  app.post("/:model", idempotentCreate(ctx), granted("create"), jsonBody, async (c) =>
    c.json({ data: await createResource(ctx, c.var.grant, c.req.valid("json"), c.req.raw.signal) }, 201),
  );

  app.patch("/:model/:id", granted("update"), jsonBody, async (c) =>
    c.json({ data: await updateResource(ctx, c.var.grant, c.req.param("id"), c.req.valid("json"), c.req.raw.signal) }),
  );

  app.delete("/:model/:id", granted("delete"), async (c) => {
    await deleteResource(ctx, c.var.grant, c.req.param("id"), c.req.raw.signal);
    return c.body(null, 204);
  });

  return app;
}
