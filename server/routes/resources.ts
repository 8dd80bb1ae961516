import { Hono } from "hono";
import type { Action } from "../../src/protocol";
import { ResourceService, type ListParams } from "../connectors/exact-online/resources";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { requireSecretKey } from "../security/auth-middleware";
import { idempotentCreate } from "./idempotency";
import { assertAnyOperationGranted, assertOperationAllowed, connectionFromHeaders, fieldMapFor, modelMapping } from "./resource-access";

/** `/v1/resources/:model[/:id]` (secret key): unified reads and writes of Exact Online data. */
export function resourceRoutes(ctx: ServerContext) {
  const app = new Hono();
  app.use("*", requireSecretKey(ctx.config.secretKey));

  const service = async (c: { req: { param(name: "model"): string; header(name: string): string | undefined; raw: Request } }, action: Action) => {
    const mapping = modelMapping(ctx, c.req.param("model"));
    const row = await connectionFromHeaders(ctx, (name) => c.req.header(name));
    assertOperationAllowed(row, mapping, action);
    return new ResourceService(ctx.exact, row, mapping, fieldMapFor(row, mapping.model), c.req.raw.signal);
  };

  app.get("/:model", async (c) => {
    const resources = await service(c, "list");
    return c.json(await resources.list(listParams(new URL(c.req.url).searchParams)));
  });

  app.get("/:model/fields", async (c) => {
    const mapping = modelMapping(ctx, c.req.param("model"));
    const row = await connectionFromHeaders(ctx, (name) => c.req.header(name));
    assertAnyOperationGranted(row, mapping);
    const fieldMap = fieldMapFor(row, mapping.model);
    const exactFields = await new ResourceService(ctx.exact, row, mapping, fieldMap).availableExactFields();
    return c.json({
      data: {
        model: mapping.model,
        operations: mapping.actions,
        unified: mapping.fields,
        mapped: Object.entries(fieldMap).map(([name, exactField]) => ({ name, exactField })),
        exact: exactFields,
      },
    });
  });

  app.get("/:model/:id", async (c) => {
    const resources = await service(c, "retrieve");
    return c.json({ data: await resources.retrieve(c.req.param("id"), c.req.query("raw") === "true") });
  });

  app.post("/:model", idempotentCreate(ctx), async (c) => {
    const resources = await service(c, "create");
    return c.json({ data: await resources.create(await jsonBody(c.req.raw)) }, 201);
  });

  app.patch("/:model/:id", async (c) => {
    const resources = await service(c, "update");
    return c.json({ data: await resources.update(c.req.param("id"), await jsonBody(c.req.raw)) });
  });

  app.delete("/:model/:id", async (c) => {
    const resources = await service(c, "delete");
    await resources.delete(c.req.param("id"));
    return c.body(null, 204);
  });

  return app;
}

export const MAX_LIMIT = 1000;

export function listParams(query: URLSearchParams): ListParams {
  const rawLimit = query.get("limit");
  // Digits only: Number() would also take "1e2", "0x10" or " 5".
  const limit = rawLimit === null ? 20 : /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  // Up to 1000: one page of Exact's bulk endpoints, where a model has one.
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new MorphError("VALIDATION_ERROR", `limit: must be an integer from 1 to ${MAX_LIMIT}`, { field: "limit" });
  const search = query.get("search") ?? undefined;
  if (search !== undefined && (search.length === 0 || search.length > 200)) {
    throw new MorphError("VALIDATION_ERROR", "search: must be 1 to 200 characters", { field: "search" });
  }
  const filters: Record<string, string> = {};
  for (const [key, value] of query) {
    const match = /^filter\[([A-Za-z][A-Za-z0-9]*)\]$/.exec(key);
    if (match) filters[match[1]!] = value;
    else if (key.startsWith("filter")) throw new MorphError("VALIDATION_ERROR", `${key}: use filter[field]=value`, { field: key });
  }
  return { limit, cursor: query.get("cursor") ?? undefined, search, filters, raw: query.get("raw") === "true" };
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new MorphError("VALIDATION_ERROR", "body: must be valid JSON", { field: "body" });
  }
}
