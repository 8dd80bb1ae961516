/**
 * Webhook endpoints and the delivery log as use-cases: routes parse, call one of these, and answer; the
 * storage calls and the secret cipher live here.
 */
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import {
  deleteEndpoint,
  disableEndpoint,
  enableEndpoint,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
  type EndpointChanges,
  type WebhookEndpoint,
} from "./endpoints-repo";
import { TEST_EVENT_TYPE } from "./catalogue";
import { newEndpointId } from "./ids";
import { eventRow, newDeliveryRow } from "./outbox";
import { attemptsOf, findDelivery, insertEventsAndDeliveries, listDeliveries, restartDelivery, type DeliveryStatus, type DeliveryView } from "./outbox-repo";
import { encryptSecret, newWebhookSecret } from "./secrets";
import { validateTargetUrl } from "./target-url";

/** After a rotation the old secret keeps signing this long, so receivers can switch without losing a delivery. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60 * 1000;

export interface EndpointInput {
  url: string;
  events?: string[];
  ownerId?: string;
  description?: string;
  includeRaw?: boolean;
}

export interface EndpointPatch {
  url?: string;
  events?: string[] | null;
  ownerId?: string | null;
  description?: string | null;
  includeRaw?: boolean;
  disabled?: boolean;
}

/** An endpoint as the API shows it: never its secret. */
export function endpointView(endpoint: WebhookEndpoint) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    ownerId: endpoint.ownerId,
    description: endpoint.description,
    includeRaw: endpoint.includeRaw,
    disabled: endpoint.disabledAt !== null,
    disabledAt: iso(endpoint.disabledAt),
    disabledReason: endpoint.disabledReason,
    previousSecretExpiresAt: iso(endpoint.previousSecretExpiresAt),
    createdAt: iso(endpoint.createdAt)!,
    updatedAt: iso(endpoint.updatedAt)!,
  };
}

function checkEvents(ctx: ServerContext, events: string[]): string[] {
  const unknown = events.filter((type) => !ctx.outbox.catalogue.has(type));
  if (unknown.length > 0) {
    throw new MorphError("VALIDATION_ERROR", `events: unknown event type ${unknown.map((u) => `"${u}"`).join(", ")}`, {
      field: "events",
      unknown,
      known: ctx.outbox.catalogue.all(),
    });
  }
  return [...new Set(events)];
}

const targetUrl = (ctx: ServerContext, raw: string) => validateTargetUrl(raw, { allowPrivate: ctx.config.webhookAllowPrivateUrls }).toString();

export async function createEndpoint(ctx: ServerContext, input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = targetUrl(ctx, input.url);
  const events = input.events === undefined ? null : checkEvents(ctx, input.events);
  const secret = newWebhookSecret();
  const endpoint = await insertEndpoint(
    ctx.db,
    {
      id: newEndpointId(),
      url,
      events,
      ownerId: input.ownerId ?? null,
      description: input.description ?? null,
      includeRaw: input.includeRaw ?? false,
      encryptedSecret: await encryptSecret(ctx.config.encryptionKey, secret),
    },
    ctx.clock.now(),
  );
  ctx.webhooks.endpointsChanged();
  return { endpoint, secret };
}

/** Ids this server gives out; anything else is not looked up (PostgreSQL fails on a NUL in text). */
const isId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

export async function getEndpoint(ctx: ServerContext, id: string): Promise<WebhookEndpoint> {
  const endpoint = isId(id) ? await findEndpoint(ctx.db, id) : undefined;
  if (!endpoint) throw new MorphError("NOT_FOUND", `No webhook endpoint "${id}".`);
  return endpoint;
}

export const allEndpoints = (ctx: ServerContext) => listEndpoints(ctx.db);

export async function changeEndpoint(ctx: ServerContext, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
  await getEndpoint(ctx, id);
  const changes: EndpointChanges = {};
  if (patch.url !== undefined) changes.url = targetUrl(ctx, patch.url);
  if (patch.events !== undefined) changes.events = patch.events === null ? null : checkEvents(ctx, patch.events);
  if (patch.ownerId !== undefined) changes.ownerId = patch.ownerId;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.includeRaw !== undefined) changes.includeRaw = patch.includeRaw;
  const now = ctx.clock.now();
  await updateEndpoint(ctx.db, id, changes, now);
  if (patch.disabled === false) await enableEndpoint(ctx.db, id, now);
  if (patch.disabled === true) await disableEndpoint(ctx.db, id, "Disabled through the API.", now);
  ctx.webhooks.endpointsChanged();
  if (patch.disabled === false) ctx.outbox.wakeup.notify();
  return getEndpoint(ctx, id);
}

export async function removeEndpoint(ctx: ServerContext, id: string): Promise<void> {
  if (!isId(id) || !(await deleteEndpoint(ctx.db, id))) throw new MorphError("NOT_FOUND", `No webhook endpoint "${id}".`);
  ctx.webhooks.endpointsChanged();
}

/** A new secret, shown once; the old one keeps signing beside it for 24 hours. */
export async function rotateSecret(ctx: ServerContext, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const endpoint = await getEndpoint(ctx, id);
  const secret = newWebhookSecret();
  const now = ctx.clock.now();
  await rotateEndpointSecret(
    ctx.db,
    id,
    { encryptedSecret: await encryptSecret(ctx.config.encryptionKey, secret), encryptedPrevious: endpoint.encryptedSecret, previousExpiresAt: now + PREVIOUS_SECRET_VALID_MS },
    now,
  );
  return { endpoint: await getEndpoint(ctx, id), secret };
}

/** Queues a signed `webhook.test` event for this endpoint alone, whatever its event filter. */
export async function sendTestEvent(ctx: ServerContext, id: string): Promise<{ eventId: string; deliveryId: string }> {
  const endpoint = await getEndpoint(ctx, id);
  if (endpoint.disabledAt !== null) {
    throw new MorphError("VALIDATION_ERROR", `Webhook endpoint "${id}" is disabled; re-enable it with PATCH { "disabled": false } first.`, { field: "disabled" });
  }
  const now = ctx.clock.now();
  const event = eventRow(
    {
      type: TEST_EVENT_TYPE,
      connectionId: null,
      ownerId: endpoint.ownerId,
      model: null,
      action: null,
      data: { endpointId: endpoint.id, message: "A test event from morph-connect: your endpoint receives and verifies events." },
    },
    now,
  );
  // A test event orders with nothing (no connection): its own key.
  const delivery = newDeliveryRow(endpoint.id, event, `event:${event.id}`, now);
  await ctx.db.transaction().execute((trx) => insertEventsAndDeliveries(trx, [event], [delivery]));
  ctx.outbox.wakeup.notify();
  return { eventId: event.id, deliveryId: delivery.id };
}

export interface DeliveryQuery {
  endpointId?: string;
  status?: DeliveryStatus;
  cursor?: string;
  limit: number;
}

/** The opaque cursor: where the previous page ended. */
const encodeCursor = (seq: number) => Buffer.from(JSON.stringify({ before: seq })).toString("base64url");
function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { before?: unknown };
    if (typeof parsed.before === "number" && Number.isSafeInteger(parsed.before) && parsed.before > 0) return parsed.before;
  } catch {
    // falls through to the error below
  }
  throw new MorphError("VALIDATION_ERROR", "cursor: not a cursor this server gave out", { field: "cursor" });
}

async function deliveryViews(ctx: ServerContext, rows: DeliveryView[]) {
  const attempts = await attemptsOf(
    ctx.db,
    rows.map((row) => row.id),
  );
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return rows.map((row) => ({
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.nextAttemptAt),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: iso(row.deliveredAt),
    createdAt: iso(row.createdAt)!,
    attemptLog: (attempts.get(row.id) ?? []).map((a) => ({
      attempt: Number(a.attempt),
      startedAt: iso(Number(a.started_at))!,
      durationMs: Number(a.duration_ms),
      statusCode: a.status_code === null ? null : Number(a.status_code),
      error: a.error,
      responseExcerpt: a.response_excerpt,
    })),
  }));
}

export type DeliveryLogEntry = Awaited<ReturnType<typeof deliveryViews>>[number];

/** Newest first, `limit` a page; `next` is the cursor of the following page, or null. */
export async function deliveryLog(ctx: ServerContext, query: DeliveryQuery): Promise<{ data: DeliveryLogEntry[]; next: string | null }> {
  if (query.endpointId !== undefined && !isId(query.endpointId)) return { data: [], next: null };
  const rows = await listDeliveries(ctx.db, {
    endpointId: query.endpointId,
    status: query.status,
    beforeSeq: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { data: await deliveryViews(ctx, page), next: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.seq) : null };
}

export async function getDelivery(ctx: ServerContext, id: string): Promise<DeliveryLogEntry> {
  const row = isId(id) ? await findDelivery(ctx.db, id) : undefined;
  if (!row) throw new MorphError("NOT_FOUND", `No webhook delivery "${id}".`);
  return (await deliveryViews(ctx, [row]))[0]!;
}

/** Sends a delivery again now (a failed one, or a delivered one to replay it), then on the usual schedule. */
export async function retryDelivery(ctx: ServerContext, id: string): Promise<DeliveryLogEntry> {
  const row = isId(id) ? await findDelivery(ctx.db, id) : undefined;
  if (!row) throw new MorphError("NOT_FOUND", `No webhook delivery "${id}".`);
  const endpoint = await getEndpoint(ctx, row.endpointId);
  if (endpoint.disabledAt !== null) {
    throw new MorphError("VALIDATION_ERROR", `Webhook endpoint "${endpoint.id}" is disabled; re-enable it with PATCH { "disabled": false } first.`, { field: "endpointId" });
  }
  if (!(await restartDelivery(ctx.db, id, ctx.clock.now()))) {
    throw new MorphError("VALIDATION_ERROR", "This delivery is being attempted right now; look again in a moment.", { field: "id" });
  }
  ctx.outbox.wakeup.notify();
  return getDelivery(ctx, id);
}
