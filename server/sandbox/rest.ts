/** Exact's REST API under /api/v1: authentication, division access, limits, then the entity table. */
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { checkMandatory, coerceWriteBody } from "./coerce";
import { findEntity } from "./entities";
import type { EntityContext, EntityDef, Method } from "./entity-types";
import { hasStamps } from "./entity-types";
import { COUNTED_ERROR_STATUSES, isBlocked, recordError } from "./error-block";
import { ExactHttpError, badRequest, exactErrorBody } from "./errors";
import { faultsFor } from "./faults";
import { ODataQueryError, filterFields } from "./odata-filter";
import type { ListQuery } from "./odata-query";
import { keyLiteral, parseExpand, parseKeyLiteral, parseListQuery, parseSelect, runListQuery, serializeRow } from "./odata-query";
import type { SandboxOptions } from "./options";
import { consumeRateLimit } from "./rate-limit";
import { respond } from "./respond";
import type { Grant, Row, SandboxState } from "./state";
import { deliverWebhooks } from "./webhooks";

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RestDeps {
  state: SandboxState;
  options: Required<SandboxOptions>;
}

const SCOPE_VIOLATION = "Forbidden - Application Scope Violated";

export function createRestRoutes({ state, options }: RestDeps): Hono {
  const app = new Hono();

  function authenticate(c: Context, now: number): Grant {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ExactHttpError(401, "Unauthorized: no access token.");
    const grant = state.grantsByAccessToken.get(match[1] as string);
    if (!grant) throw new ExactHttpError(401, "Unauthorized: unknown or revoked access token.");
    if (grant.accessExpiresAt <= now) throw new ExactHttpError(401, "Unauthorized: the access token has expired.");
    return grant;
  }

  /** The pipeline every REST call goes through, in Exact's order: token, block, division, limits, handler. */
  async function serve(c: Context, endpoint: string, divisionParam: string | null, handler: (ctx: EntityContext) => Promise<Answer> | Answer): Promise<Response> {
    state.stats.restCalls++;
    const injected = await faultsFor(options).intercept(c, endpoint); // tests only: see faults.ts
    if (injected) return injected;
    if (options.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const now = options.now();
    let headers: Record<string, string> = {};
    let errorKey: string | undefined;
    const finish = (status: number, body: unknown, extra: Record<string, string> = {}, countsAsError = true): Response => {
      state.stats.responsesByStatus[status] = (state.stats.responsesByStatus[status] ?? 0) + 1;
      if (countsAsError && errorKey && COUNTED_ERROR_STATUSES.has(status)) recordError(state, errorKey, now, options.errorBlockThreshold);
      return respond(c, status, body, { ...headers, ...extra });
    };
    try {
      const grant = authenticate(c, now);
      errorKey = `${grant.userId}|${endpoint.toLowerCase()}`;
      if (isBlocked(state, errorKey, now)) {
        return finish(401, exactErrorBody("The API key is blocked for this endpoint: too many errors in the last hour (more than the limit). Try again later."), {}, false);
      }
      let division: number;
      if (divisionParam === null) {
        division = state.currentDivisionByUser.get(grant.userId) ?? grant.divisions[0] ?? 0;
      } else {
        division = /^\d+$/.test(divisionParam) ? Number(divisionParam) : NaN;
        if (!grant.divisions.includes(division)) {
          throw new ExactHttpError(403, `Forbidden: no access to division ${divisionParam}.`, { Reason: "NoDivisionAccess" });
        }
      }
      // Exact's limits are per division: a call without one in its URL (current/Me) is not counted.
      if (divisionParam !== null) {
        const limit = consumeRateLimit(state, `${grant.clientId}|${division}`, now, { minutely: state.minutelyLimit, daily: options.dailyLimit });
        headers = limit.headers;
        if (!limit.allowed) {
          state.stats.rateLimited++;
          return finish(429, exactErrorBody("Too many requests: the API rate limit was exceeded for this division."));
        }
      }
      const ctx: EntityContext = { state, division, userId: grant.userId, clientId: grant.clientId, now, newId: randomUUID };
      const answer = await handler(ctx);
      return finish(answer.status, answer.body, answer.headers);
    } catch (error) {
      if (error instanceof ExactHttpError) return finish(error.status, exactErrorBody(error.message), error.headers);
      if (error instanceof ODataQueryError) return finish(400, exactErrorBody(error.message));
      console.error("[exact sandbox] unexpected error", error);
      return finish(500, exactErrorBody("An internal error occurred in the Exact Online sandbox."));
    }
  }

  const serializeOptions = (ctx: EntityContext, select: string[] | undefined, expand: string[]) => ({
    select, expand, ctx, publicUrl: options.publicUrl, related: findEntity,
  });

  function me(c: Context, ctx: EntityContext): Answer {
    if (c.req.method !== "GET") throw new ExactHttpError(405, "Method not allowed.");
    const user = state.users.get(ctx.userId) as Row;
    const division = state.divisions.get(ctx.division);
    const row: Record<string, unknown> = {
      __metadata: { uri: `${options.publicUrl}/api/v1/current/Me(guid'${ctx.userId}')`, type: "Exact.Web.Api.System.Me" },
      UserID: user.UserID, UserName: user.UserName, FullName: user.FullName, FirstName: user.FirstName, LastName: user.LastName,
      Initials: user.Initials, Email: user.Email, Phone: user.Phone, Mobile: user.Mobile, Language: user.Language,
      LanguageCode: user.LanguageCode, Legislation: 1, CurrentDivision: ctx.division, DivisionCustomer: division?.Customer ?? null,
      DivisionCustomerName: division?.CustomerName ?? null, DivisionCustomerVatNumber: division?.VATNumber ?? null,
      ThumbnailPicture: null, ThumbnailPictureFormat: null,
    };
    const select = c.req.query("$select");
    if (select === undefined || select.trim() === "" || select.trim() === "*") return { status: 200, body: { d: { results: [row] } } };
    const picked: Record<string, unknown> = { __metadata: row.__metadata };
    for (const name of select.split(",").map((s) => s.trim())) {
      if (!(name in row) || name === "__metadata") throw badRequest(`$select: no property '${name}' exists on type 'Exact.Web.Api.System.Me'.`);
      picked[name] = row[name];
    }
    return { status: 200, body: { d: { results: [picked] } } };
  }

  function userHasRights(c: Context): Answer {
    if (c.req.method !== "GET") throw new ExactHttpError(405, "Method not allowed.");
    const quoted = (value: string | undefined): string | undefined => /^'(.+)'$/.exec(value ?? "")?.[1];
    const endpoint = quoted(c.req.query("endpoint"));
    const action = quoted(c.req.query("action"))?.toUpperCase();
    if (!endpoint || !action) throw badRequest("Mandatory parameters 'endpoint' and 'action' are missing or not quoted, e.g. endpoint='crm/Accounts'&action='GET'.");
    if (!["GET", "POST", "PUT", "DELETE"].includes(action)) throw badRequest(`Invalid action '${action}'.`);
    const entity = findEntity(endpoint);
    const allowed = Boolean(entity?.methods.has(action as Method)) && state.rights.get(`${endpoint.toLowerCase()}|${action}`) !== false;
    return { status: 200, body: { d: { UserHasRights: allowed } } };
  }

  function buildNext(c: Context, ctx: EntityContext, entity: EntityDef, skipToken: string, remainingTop: number | undefined): string {
    const encode = (text: string): string => encodeURIComponent(text).replace(/%24/g, "$");
    const params = Object.entries(c.req.query()).filter(([name]) => name !== "$skiptoken" && name !== "$top");
    if (remainingTop !== undefined) params.push(["$top", String(remainingTop)]);
    params.push(["$skiptoken", skipToken]);
    return `${options.publicUrl}/api/v1/${ctx.division}/${entity.path}?${params.map(([n, v]) => `${encode(n)}=${encode(v)}`).join("&")}`;
  }

  async function readJson(c: Context): Promise<unknown> {
    try {
      return await c.req.json();
    } catch {
      throw badRequest("The request body is not valid JSON.");
    }
  }

  async function entityCall(c: Context, ctx: EntityContext, service: string, segment: string): Promise<Answer> {
    if (service.toLowerCase() === "users" && segment.toLowerCase() === "userhasrights") return userHasRights(c);
    const parts = /^([A-Za-z]+)(?:\((.*)\))?$/.exec(segment);
    const entity = parts ? findEntity(`${service}/${parts[1]}`) : undefined;
    if (!parts || !entity) throw new ExactHttpError(404, `Resource not found: ${service}/${segment}`);
    const method = c.req.method.toUpperCase() as Method;
    if (!entity.methods.has(method)) throw new ExactHttpError(405, `Method ${c.req.method} is not allowed on ${entity.path}.`);
    if (state.rights.get(`${entity.path.toLowerCase()}|${method}`) === false) throw new ExactHttpError(403, SCOPE_VIOLATION);

    const table = entity.table(ctx);
    const view = (row: Row): Row => entity.view?.(row, ctx) ?? row;
    const visible = (row: Row | undefined): row is Row => row !== undefined && (entity.visible?.(row, ctx) ?? true);
    const key = parts[2] !== undefined ? parseKeyLiteral(entity, parts[2]) : undefined;
    const existing = key !== undefined ? table.get(key) : undefined;
    const requireExisting = (): Row => {
      if (key === undefined) throw new ExactHttpError(405, `${c.req.method} needs a key, e.g. ${entity.path}(${keyLiteral(entity, "…")}).`);
      if (!visible(existing)) throw new ExactHttpError(404, `Not found: ${entity.path}(${parts[2]})`);
      return existing;
    };

    if (method === "GET" && key === undefined) {
      const query = parseListQuery(entity, c.req.query());
      assertMandatoryFilter(entity, query);
      const rows = [...table.values()].filter(visible).map(view);
      const page = runListQuery(entity, rows, query);
      const d: Record<string, unknown> = {};
      if (query.inlineCount) d.__count = String(page.total);
      d.results = page.rows.map((row) => serializeRow(entity, row, serializeOptions(ctx, query.select, query.expand)));
      if (page.nextSkipToken) d.__next = buildNext(c, ctx, entity, page.nextSkipToken, page.remainingTop);
      return { status: 200, body: { d } };
    }
    if (method === "GET") {
      const row = requireExisting();
      const select = parseSelect(entity, c.req.query("$select"));
      const expand = parseExpand(entity, c.req.query("$expand"));
      return { status: 200, body: { d: serializeRow(entity, view(row), serializeOptions(ctx, select, expand)) } };
    }
    if (method === "POST") {
      if (key !== undefined) throw new ExactHttpError(405, `POST is not allowed on a single ${entity.path} record.`);
      const { fields, nested } = coerceWriteBody(entity, await readJson(c));
      checkMandatory(entity, fields);
      for (const [name, navigation] of Object.entries(entity.navigation ?? {})) {
        const given = nested[name];
        if (navigation.mandatory && (!Array.isArray(given) || given.length === 0)) throw badRequest(`Mandatory field: ${name}`);
      }
      const row: Row = { ...entity.defaults?.(ctx), ...fields, [entity.key]: ctx.newId() };
      if (hasStamps(entity)) Object.assign(row, { Created: ctx.now, Modified: ctx.now });
      entity.finish?.(row, ctx, "create");
      const id = String(row[entity.key]);
      table.set(id, row);
      try {
        entity.afterWrite?.(row, ctx, nested);
      } catch (error) {
        table.delete(id); // nothing half-created stays behind
        entity.afterDelete?.(row, ctx);
        throw error;
      }
      deliverWebhooks(entity, "Create", id, ctx, options);
      return { status: 201, body: { d: serializeRow(entity, view(row), serializeOptions(ctx, undefined, [])) } };
    }
    if (method === "PUT") {
      const current = requireExisting();
      const { fields, nested } = coerceWriteBody(entity, await readJson(c));
      if (Object.keys(nested).length > 0) throw badRequest("Navigation properties cannot be changed with PUT; write the lines themselves.");
      entity.beforeUpdate?.(current, ctx);
      const updated: Row = { ...current, ...fields };
      if (hasStamps(entity)) updated.Modified = ctx.now;
      entity.finish?.(updated, ctx, "update");
      table.set(String(key), updated);
      entity.afterWrite?.(updated, ctx, {});
      deliverWebhooks(entity, "Update", key, ctx, options);
      return { status: 204 };
    }
    const current = requireExisting();
    entity.beforeDelete?.(current, ctx);
    table.delete(String(key));
    entity.afterDelete?.(current, ctx);
    deliverWebhooks(entity, "Delete", key, ctx, options);
    return { status: 204 };
  }

  /**
   * Exact's mandatory filtering (crm/Accounts, logistics/Items since late 2022): a list GET must filter on
   * one of the entity's mandatory filter properties, or it is refused.
   */
  function assertMandatoryFilter(entity: EntityDef, query: ListQuery): void {
    // Exact names them alphabetically, whatever the order of the properties.
    const required = Object.entries(entity.fields).filter(([, spec]) => spec.mandatoryFilter).map(([name]) => name).sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
    if (required.length === 0) return;
    const named = query.filter ? filterFields(query.filter) : new Set<string>();
    if (required.some((name) => named.has(name))) return;
    throw badRequest(
      `This endpoint has mandatory filtering applied. A GET request for this endpoint must have a $filter parameter with one of the following fields in the url:${required.join(",")}`,
    );
  }

  app.all("/api/v1/:first/:second", (c) => {
    const [first, second] = [c.req.param("first"), c.req.param("second")];
    if (first.toLowerCase() === "current" && second.toLowerCase() === "me") return serve(c, "current/Me", null, (ctx) => me(c, ctx));
    return serve(c, `${first}/${second}`, null, () => {
      throw new ExactHttpError(404, `Resource not found: ${first}/${second}`);
    });
  });

  app.all("/api/v1/:division/:service/:entity", (c) => {
    const { division, service, entity } = c.req.param();
    const endpoint = `${service}/${entity.replace(/\(.*$/, "")}`;
    return serve(c, endpoint, division, (ctx) => entityCall(c, ctx, service, entity));
  });

  app.all("/api/v1/*", (c) => {
    state.stats.restCalls++;
    state.stats.responsesByStatus[404] = (state.stats.responsesByStatus[404] ?? 0) + 1;
    return respond(c, 404, exactErrorBody("Resource not found."), {});
  });

  return app;
}
