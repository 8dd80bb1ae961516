/** Exact's REST API under /api/v1: authentication, division access, limits, then the entity table. */
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { bulkRead, entityAt, syncDeletedRead, syncRead } from "./bulk-sync";
import { findEntity } from "./entities";
import type { EntityContext, Method } from "./entity-types";
import { COUNTED_ERROR_STATUSES, isBlocked, recordError } from "./error-block";
import { ExactHttpError, badRequest, exactErrorBody } from "./errors";
import { faultsFor } from "./faults";
import { guestUser } from "./oauth";
import { assertMandatoryFilter, listBody } from "./list-read";
import { ODataQueryError } from "./odata-filter";
import { keyLiteral, parseExpand, parseKeyLiteral, parseListQuery, parseSelect, serializeRow } from "./odata-query";
import type { SandboxOptions } from "./options";
import { consumeRateLimit } from "./rate-limit";
import { respond } from "./respond";
import type { Grant, Row, SandboxState } from "./state";
import { createRecord, deleteRecord, existingRecord, updateRecord } from "./writes";

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
        // Exact does not check the division in system/Divisions' URL: it answers the granted divisions whatever
        // it names, which is how a client finds them when current/Me's CurrentDivision is not one of them.
        const unchecked = endpoint.toLowerCase() === "system/divisions" && c.req.method === "GET";
        if (!grant.divisions.includes(division) && !(unchecked && state.divisions.has(division))) {
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
      const ctx: EntityContext = { state, division, userId: grant.userId, clientId: grant.clientId, now, newId: randomUUID, grantedDivisions: grant.divisions };
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
    const user = (state.users.get(ctx.userId) ?? guestUser(state, ctx.userId)) as Row;
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

    const view = (row: Row): Row => entity.view?.(row, ctx) ?? row;
    const key = parts[2] !== undefined ? parseKeyLiteral(entity, parts[2]) : undefined;
    const requireKey = (): string => {
      if (key === undefined) throw new ExactHttpError(405, `${c.req.method} needs a key, e.g. ${entity.path}(${keyLiteral(entity, "…")}).`);
      return key;
    };

    if (method === "GET" && key === undefined) {
      const query = parseListQuery(entity, c.req.query());
      assertMandatoryFilter(entity, query);
      const rows = [...entity.table(ctx).values()].filter((row) => entity.visible?.(row, ctx) ?? true).map(view);
      return { status: 200, body: listBody({ entity, path: entity.path, rows, query, rawQuery: c.req.query(), ctx, publicUrl: options.publicUrl, related: findEntity }) };
    }
    if (method === "GET") {
      const row = existingRecord(entity, ctx, requireKey(), parts[2]);
      const select = parseSelect(entity, c.req.query("$select"));
      const expand = parseExpand(entity, c.req.query("$expand"));
      return { status: 200, body: { d: serializeRow(entity, view(row), serializeOptions(ctx, select, expand)) } };
    }
    if (method === "POST") {
      if (key !== undefined) throw new ExactHttpError(405, `POST is not allowed on a single ${entity.path} record.`);
      const row = await createRecord(entity, ctx, await readJson(c), options);
      return { status: 201, body: { d: serializeRow(entity, view(row), serializeOptions(ctx, undefined, [])) } };
    }
    if (method === "PUT") {
      existingRecord(entity, ctx, requireKey(), parts[2]);
      await updateRecord(entity, ctx, requireKey(), await readJson(c), options);
      return { status: 204 };
    }
    existingRecord(entity, ctx, requireKey(), parts[2]);
    deleteRecord(entity, ctx, requireKey(), options);
    return { status: 204 };
  }

  /** `bulk/{Service}/{Entity}`, `sync/{Service}/{Entity}` (1000 a page, $select required) and `sync/Deleted`. */
  function readALot(c: Context, ctx: EntityContext, kind: string, path: string): Answer {
    const call = { method: c.req.method, query: c.req.query(), ctx, publicUrl: options.publicUrl };
    if (kind === "sync" && path.toLowerCase() === "sync/deleted") return { status: 200, body: syncDeletedRead(call) };
    const entity = kind === "bulk" || kind === "sync" ? entityAt(kind, path) : undefined;
    if (!entity) throw new ExactHttpError(404, `Resource not found: ${path}`);
    // Reading in bulk is reading: a user without the right to read the records cannot bulk or sync them either.
    if (state.rights.get(`${entity.path.toLowerCase()}|GET`) === false) throw new ExactHttpError(403, SCOPE_VIOLATION);
    return { status: 200, body: kind === "bulk" ? bulkRead(entity, call) : syncRead(entity, call) };
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
    if (endpoint.toLowerCase() === "sync/deleted") return serve(c, endpoint, division, (ctx) => readALot(c, ctx, "sync", endpoint));
    return serve(c, endpoint, division, (ctx) => entityCall(c, ctx, service, entity));
  });

  app.all("/api/v1/:division/:kind/:service/:entity", (c) => {
    const { division, kind, service, entity } = c.req.param();
    const endpoint = `${kind}/${service}/${entity}`;
    return serve(c, endpoint, division, (ctx) => readALot(c, ctx, kind.toLowerCase(), endpoint));
  });

  app.all("/api/v1/*", (c) => {
    state.stats.restCalls++;
    state.stats.responsesByStatus[404] = (state.stats.responsesByStatus[404] ?? 0) + 1;
    return respond(c, 404, exactErrorBody("Resource not found."), {});
  });

  return app;
}
