/**
 * The sandbox's own control routes, under `/_control/` of wherever the sandbox is mounted (`/sandbox` in sandbox
 * mode). Not part of Exact's API: a developer's way to change records "as a user in Exact" and watch the
 * webhooks arrive (scripts/sandbox-change.ts), and the call counters a bench reads. Only the sandbox has them; a production server never mounts it.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { SandboxChanges } from "./changes";
import { findEntity } from "./entities";
import { ExactHttpError } from "./errors";
import { revokeTokenChain } from "./oauth";
import { ODataQueryError } from "./odata-filter";
import type { SandboxState } from "./state";

const changeRequest = z.strictObject({
  division: z.number().int().positive(),
  endpoint: z.string().regex(/^[A-Za-z]+\/[A-Za-z]+$/, "like crm/Contacts"),
  action: z.enum(["create", "update", "delete"]),
  /** the record's key (a GUID); or `match` to pick the one record whose fields have these values */
  key: z.string().min(1).max(100).optional(),
  match: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

export function createControlRoutes(state: SandboxState, changes: SandboxChanges): Hono {
  const app = new Hono();

  // What Exact has been asked so far (REST calls, refreshes…): for `npm run bench`, which runs the sandbox apart.
  app.get("/_control/stats", (c) => c.json(state.stats));

  // The user revokes the app in Exact: the chain of the given access or refresh token ends (see oauth.ts).
  app.post("/_control/oauth/revoke", async (c) => {
    const parsed = z.strictObject({ token: z.string().min(1).max(200) }).safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "The body must be JSON: { token } (a current access or refresh token)" }, 400);
    if (!revokeTokenChain(state, parsed.data.token)) return c.json({ error: "No current token chain has this token." }, 404);
    return c.json({ revoked: true });
  });

  // Sandbox only (issue 18): an accountant's firm with many administrations. Adds empty divisions until the company
  // has `count` (at most 2000), so a consent can grant hundreds and the app's division picker can be tried with them.
  app.post("/_control/divisions", async (c) => {
    const parsed = z.strictObject({ count: z.number().int().min(1).max(2000) }).safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "The body must be JSON: { count } (1 to 2000 divisions in all)" }, 400);
    const template = [...state.divisions.values()][0] ?? {};
    for (let n = 1; state.divisions.size < parsed.data.count; n++) {
      const code = 4_000_000 + n;
      if (state.divisions.has(code)) continue;
      const name = `Administratie ${String(n).padStart(4, "0")} B.V.`;
      state.divisions.set(code, { ...template, Code: code, Description: name, CustomerName: name, Hid: 100 + n, IsMainDivision: false });
    }
    return c.json({ divisions: state.divisions.size });
  });

  app.post("/_control/changes", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "The body must be JSON: { division, endpoint, action, key?, match?, fields? }" }, 400);
    }
    const parsed = changeRequest.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json({ error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` }, 400);
    }
    const request = parsed.data;
    const needsKey = request.action !== "create";
    if (needsKey && (request.key === undefined) === (request.match === undefined)) return c.json({ error: `${request.action} needs either key or match` }, 400);
    if (!needsKey && (request.key !== undefined || request.match !== undefined)) return c.json({ error: "create takes no key or match" }, 400);
    if (request.action !== "delete" && request.fields === undefined) return c.json({ error: `${request.action} needs fields` }, 400);
    if (request.action === "delete" && request.fields !== undefined) return c.json({ error: "delete takes no fields" }, 400);
    try {
      const key = request.key ?? (request.match ? findOne(state, request.division, request.endpoint, request.match) : undefined);
      if (request.action === "create") return c.json({ record: await changes.create(request.division, request.endpoint, request.fields ?? {}) });
      if (request.action === "update") return c.json({ record: await changes.update(request.division, request.endpoint, key as string, request.fields ?? {}) });
      await changes.delete(request.division, request.endpoint, key as string);
      return c.json({ deleted: key });
    } catch (error) {
      if (error instanceof ExactHttpError) return c.json({ error: error.message }, error.status);
      if (error instanceof ODataQueryError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });

  return app;
}

/** The key of the single record whose fields equal `match` (case-insensitive for text, as Exact compares). */
function findOne(state: SandboxState, division: number, endpoint: string, match: Record<string, string | number | boolean>): string {
  const entity = findEntity(endpoint);
  if (!entity || !state.divisions.has(division)) throw new ExactHttpError(404, `Resource not found: ${endpoint} in division ${division}`);
  const same = (a: unknown, b: unknown): boolean => (typeof a === "string" && typeof b === "string" ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b);
  const ctx = { state, division, userId: state.signedInUserId, clientId: "", now: 0, newId: () => "" };
  const found = [...entity.table(ctx).values()].filter((row) => Object.entries(match).every(([name, value]) => Object.hasOwn(row, name) && same(row[name], value)));
  if (found.length !== 1) throw new ExactHttpError(found.length === 0 ? 404 : 400, `match: ${found.length} ${entity.path} records have ${JSON.stringify(match)}; it must be exactly one.`);
  return String((found[0] as Record<string, unknown>)[entity.key]);
}
