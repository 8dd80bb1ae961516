/**
 * The typed backend client: `import { createMorphClient } from "morph-connect/server"`.
 * Runs wherever `fetch` exists (Node 18+, Deno, Bun, edge runtimes); holds the secret key, so never
 * ship it to a browser.
 */
import { Webhook, WebhookVerificationError as LibraryVerificationError } from "standardwebhooks";
import type { AuthorizationLink, AuthorizeRequest, ConnectionChanges, ConnectionDivisionChoice, ConnectionResource, ConnectionStatus, ConnectionSummary, ConnectorId, DivisionSelection, ErrorBody, ErrorCode, Model, Operation, PendingConnectionSummary } from "../../src/protocol";

export type { AuthorizationLink, AuthorizeRequest, ConnectionChanges, ConnectionDivision, ConnectionDivisionChoice, ConnectionError, ConnectionResource, ConnectionStatus, ConnectionSummary, DivisionSelection, ErrorCode, Model, Operation, PendingConnectionSummary } from "../../src/protocol";

export interface MorphClientOptions {
  /** The morph-connect server, e.g. "https://connect.example.com". */
  serverUrl: string;
  /** MORPH_SECRET_KEY. */
  secretKey: string;
  connectorId?: "exact-online";
  fetch?: typeof fetch;
}

export class MorphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "MorphApiError";
  }
}

/** Every call that reaches Exact may name one of the connection's divisions (`x-division`); without it, the default one. */
export interface DivisionOption {
  division?: number;
}

export interface ListOptions extends DivisionOption {
  limit?: number;
  cursor?: string;
  search?: string;
  filter?: Record<string, string>;
  raw?: boolean;
}

export interface Page<T> {
  data: T[];
  next: string | null;
}

export type UnifiedRecord = { id: string; createdAt: string | null; updatedAt: string | null; raw?: Record<string, unknown> } & Record<string, unknown>;

/**
 * One event as your endpoint receives it. `data` is the unified record (`{ id }` for a deletion), the
 * connection summary for `connection.*`, `{ endpointId, message }` for `webhook.test`. `raw` (Exact's
 * record) only for endpoints created with `includeRaw: true`.
 */
export interface WebhookEvent<TData = unknown> {
  /** `evt_…`: also the `webhook-id` header, the same on every retry: dedupe on it. */
  id: string;
  /** `<model>.created|updated|deleted`, `connection.created|updated|needs_reauth|deleted`, or `webhook.test`. */
  type: string;
  createdAt: string;
  connectorId: ConnectorId;
  ownerId: string | null;
  connectionId: string | null;
  /**
   * The Exact division (administration) the record lives in; for `connection.*` events the connection's
   * default division; null for test events (and for events stored before divisions were recorded).
   */
  division: number | null;
  /** The unified model of a record event; null for connection and test events. */
  model: string | null;
  action: "created" | "updated" | "deleted" | null;
  data: TData;
  raw?: unknown;
}

/** `data` is pending only for a `connection.updated` of a connection no user has authorized yet. */
export type ConnectionEvent = WebhookEvent<ConnectionSummary | PendingConnectionSummary> & {
  type: "connection.created" | "connection.updated" | "connection.needs_reauth" | "connection.deleted";
};

/** Thrown by `verifyWebhook`: answer the request with 400 and do not trust its body. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a delivery's Standard Webhooks signature (`webhook-id`, `webhook-timestamp` within 5 minutes,
 * `webhook-signature`) against your endpoint's `whsec_…` secret and returns the event. Pass the body
 * exactly as received (before any JSON parsing): `verifyWebhook(await request.text(), request.headers, secret)`.
 */
export function verifyWebhook<TData = unknown>(rawBody: string | Uint8Array, headers: HeaderBag, secret: string): WebhookEvent<TData> {
  const wanted = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;
  const plain: Record<string, string> = {};
  for (const name of wanted) {
    const value = headers instanceof Headers ? headers.get(name) : (headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]);
    const text = Array.isArray(value) ? value.join(" ") : value;
    if (!text) throw new WebhookVerificationError(`Webhook verification failed: the ${name} header is missing.`);
    plain[name] = text;
  }
  const body = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  let verifier: Webhook;
  try {
    verifier = new Webhook(secret);
  } catch (error) {
    throw new WebhookVerificationError(`Webhook verification failed: the secret is not a whsec_… secret (${(error as Error).message}).`);
  }
  try {
    return verifier.verify(body, plain) as WebhookEvent<TData>;
  } catch (error) {
    if (error instanceof LibraryVerificationError) throw new WebhookVerificationError(`Webhook verification failed: ${error.message}.`);
    throw new WebhookVerificationError(`Webhook verification failed: the body is not JSON.`);
  }
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** null: every event type. */
  events: string[] | null;
  ownerId: string | null;
  description: string | null;
  includeRaw: boolean;
  disabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  /** Until when the secret before the last rotation still signs. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointInput {
  url: string;
  events?: string[];
  ownerId?: string;
  description?: string;
  includeRaw?: boolean;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: "pending" | "retrying" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: Array<{ attempt: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null; responseExcerpt: string | null }>;
}

/** `GET /v1/connections/:connectorId/:ownerId`: the connection and its tokens' expiries (null while pending), never the tokens. */
export type ConnectionDetails = ConnectionResource & {
  accessTokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
};

/** `POST /v1/connections`: creates a pending connection, or replaces an existing one's request (and labels, when given). */
export interface ConnectionInput {
  ownerId: string;
  operations: Operation[];
  optionalOperations?: Operation[];
  metadata?: Record<string, string>;
  tags?: string[];
}

/** `GET /v1/connections`: every filter optional; `tag` (one or several) must all be on a connection. */
export interface ConnectionListOptions {
  status?: ConnectionStatus;
  ownerId?: string;
  tag?: string | string[];
  /** Case-insensitive substring of the owner id or of any metadata value. */
  search?: string;
  /** 1–200, default 50. */
  limit?: number;
  cursor?: string;
}

export function createMorphClient(options: MorphClientOptions) {
  const base = options.serverUrl.replace(/\/$/, "");
  const connectorId = options.connectorId ?? "exact-online";
  const doFetch = options.fetch ?? fetch;

  type RequestInit = { ownerId?: string; body?: unknown; headers?: Record<string, string> };

  async function request<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
    return (await requestWithStatus<T>(method, path, init)).body;
  }

  async function requestWithStatus<T>(method: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.secretKey}`,
        "x-connector-id": connectorId,
        ...(init.ownerId ? { "x-owner-id": init.ownerId } : {}),
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (response.status === 204) return { status: 204, body: undefined as T };
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (body as ErrorBody | undefined)?.error;
      throw new MorphApiError(response.status, error?.code ?? "INTERNAL_ERROR", error?.message ?? `HTTP ${response.status}`, error?.details);
    }
    return { status: response.status, body: body as T };
  }

  const listQuery = (opts: ConnectionListOptions) => {
    const query = new URLSearchParams({ connectorId });
    for (const [name, value] of Object.entries(opts)) {
      for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) query.append(name, String(one));
    }
    return `?${query}`;
  };

  const divisionHeader = (opts: DivisionOption | undefined): Record<string, string> => (opts?.division === undefined ? {} : { "x-division": String(opts.division) });

  const ownerPath = (ownerId: string) => `/v1/connections/${encodeURIComponent(connectorId)}/${encodeURIComponent(ownerId)}`;

  return {
    sessions: {
      /** Mint a widget session token (≤ 30 minutes) for one of your customers. */
      create(input: { ownerId: string; operations: Operation[]; optionalOperations?: Operation[]; expiresIn?: number; divisionSelection?: DivisionSelection }) {
        return request<{ sessionToken: string; expiresAt: string }>("POST", "/v1/sessions", { body: { connectorId, ...input } });
      },
    },
    connections: {
      /** A pending connection for a new owner (`created: true`), or the existing one with its request and labels replaced. */
      create: async (input: ConnectionInput) => {
        const response = await requestWithStatus<{ data: ConnectionResource }>("POST", "/v1/connections", { body: { connectorId, ...input } });
        return { ...response.body.data, created: response.status === 201 };
      },
      /**
       * Replaces `metadata`, `tags`, `divisions` and/or `defaultDivision` (each as a whole); sends `connection.updated`
       * when they change. Added divisions are checked with Exact: one the user cannot reach is a 400 naming it.
       */
      update: async (ownerId: string, changes: ConnectionChanges) => (await request<{ data: ConnectionResource }>("PATCH", ownerPath(ownerId), { body: changes })).data,
      /** Every division the connection's Exact user reaches (asked of Exact now), and whether the connection holds it. */
      listDivisions: async (ownerId: string) => (await request<{ data: ConnectionDivisionChoice[] }>("GET", `${ownerPath(ownerId)}/divisions`)).data,
      /** One page, newest first: pass `next` back as `cursor`. */
      list: (opts: ConnectionListOptions = {}) => request<Page<ConnectionResource>>("GET", `/v1/connections${listQuery(opts)}`),
      /** Every connection that matches, page after page: `for await (const connection of client.connections.all({ status: "needs_reauth" }))`. */
      async *all(opts: Omit<ConnectionListOptions, "cursor"> = {}): AsyncGenerator<ConnectionResource> {
        let cursor: string | undefined;
        do {
          const page = await request<Page<ConnectionResource>>("GET", `/v1/connections${listQuery({ ...opts, cursor })}`);
          yield* page.data;
          cursor = page.next ?? undefined;
        } while (cursor);
      },
      get: async (ownerId: string) => (await request<{ data: ConnectionDetails }>("GET", ownerPath(ownerId))).data,
      delete: (ownerId: string) => request<void>("DELETE", ownerPath(ownerId)),
      /** Asks Exact's UserHasRights again, in `division` (default: the connection's default division). */
      permissions: async (ownerId: string, opts: DivisionOption = {}) =>
        (
          await request<{ data: { granted: Operation[]; allowed: Operation[]; missing: Operation[]; checkedAt: string } }>("GET", `${ownerPath(ownerId)}/permissions`, {
            headers: divisionHeader(opts),
          })
        ).data,
      setFieldMapping: async (ownerId: string, mapping: Partial<Record<Model, Record<string, string>>>) =>
        (await request<{ data: typeof mapping }>("PUT", `${ownerPath(ownerId)}/field-mapping`, { body: mapping })).data,
      /**
       * A hosted connect link for an existing connection (create it first): send the user to `authorizationUrl`.
       * They come back to `redirectUrl` with `connectionId`, `ownerId`, `status=connected` (or `error`, `message`):
       * not proof, confirm with `connections.get(ownerId)`.
       */
      authorize: async (ownerId: string, input: AuthorizeRequest = {}) =>
        (await request<{ data: AuthorizationLink }>("POST", `${ownerPath(ownerId)}/authorize`, { body: input })).data,
      /** Revokes a connect link that was not used yet (disconnecting the owner revokes its links too). */
      revokeAuthorization: (ownerId: string, id: string) => request<void>("DELETE", `${ownerPath(ownerId)}/authorize/${encodeURIComponent(id)}`),
    },
    /** Unified resources of one model, for one owner's connection. */
    resources<T extends UnifiedRecord = UnifiedRecord>(model: Model) {
      const path = `/v1/resources/${model}`;
      const list = (ownerId: string, opts: ListOptions = {}) => {
        const query = new URLSearchParams();
        if (opts.limit) query.set("limit", String(opts.limit));
        if (opts.cursor) query.set("cursor", opts.cursor);
        if (opts.search) query.set("search", opts.search);
        if (opts.raw) query.set("raw", "true");
        for (const [field, value] of Object.entries(opts.filter ?? {})) query.set(`filter[${field}]`, value);
        const qs = query.toString();
        return request<Page<T>>("GET", `${path}${qs ? `?${qs}` : ""}`, { ownerId, headers: divisionHeader(opts) });
      };
      return {
        list,
        /** Every record, page after page: `for await (const contact of client.resources("genericContact").all(ownerId))`. */
        async *all(ownerId: string, opts: Omit<ListOptions, "cursor"> = {}): AsyncGenerator<T> {
          let cursor: string | undefined;
          do {
            const page = await list(ownerId, { ...opts, cursor });
            yield* page.data;
            cursor = page.next ?? undefined;
          } while (cursor);
        },
        retrieve: async (ownerId: string, id: string, opts: { raw?: boolean } & DivisionOption = {}) =>
          (await request<{ data: T }>("GET", `${path}/${encodeURIComponent(id)}${opts.raw ? "?raw=true" : ""}`, { ownerId, headers: divisionHeader(opts) })).data,
        create: async (ownerId: string, input: Record<string, unknown>, opts: DivisionOption = {}) =>
          (await request<{ data: T }>("POST", path, { ownerId, body: input, headers: divisionHeader(opts) })).data,
        update: async (ownerId: string, id: string, input: Record<string, unknown>, opts: DivisionOption = {}) =>
          (await request<{ data: T }>("PATCH", `${path}/${encodeURIComponent(id)}`, { ownerId, body: input, headers: divisionHeader(opts) })).data,
        delete: (ownerId: string, id: string, opts: DivisionOption = {}) => request<void>("DELETE", `${path}/${encodeURIComponent(id)}`, { ownerId, headers: divisionHeader(opts) }),
        /** The model's unified fields, this connection's mapped ones, and every field Exact has (asked in `division`). */
        fields: async (ownerId: string, opts: DivisionOption = {}) =>
          (
            await request<{
              data: { model: string; operations: string[]; unified: Array<Record<string, unknown>>; mapped: Array<{ name: string; exactField: string }>; exact: string[] };
            }>("GET", `${path}/fields`, { ownerId, headers: divisionHeader(opts) })
          ).data,
      };
    },
    webhooks: {
      endpoints: {
        /** The secret is returned here and by rotateSecret only: store it. */
        create: async (input: WebhookEndpointInput) => (await request<{ data: WebhookEndpoint & { secret: string } }>("POST", "/v1/webhooks/endpoints", { body: input })).data,
        list: async () => (await request<{ data: WebhookEndpoint[] }>("GET", "/v1/webhooks/endpoints")).data,
        get: async (id: string) => (await request<{ data: WebhookEndpoint }>("GET", `/v1/webhooks/endpoints/${encodeURIComponent(id)}`)).data,
        /** `{ disabled: false }` re-enables an endpoint the server disabled. */
        update: async (id: string, changes: Partial<Omit<WebhookEndpointInput, "events" | "ownerId" | "description">> & { events?: string[] | null; ownerId?: string | null; description?: string | null; disabled?: boolean }) =>
          (await request<{ data: WebhookEndpoint }>("PATCH", `/v1/webhooks/endpoints/${encodeURIComponent(id)}`, { body: changes })).data,
        delete: (id: string) => request<void>("DELETE", `/v1/webhooks/endpoints/${encodeURIComponent(id)}`),
        /** A new secret (returned once); the old one keeps signing beside it for 24 hours. */
        rotateSecret: async (id: string) => (await request<{ data: WebhookEndpoint & { secret: string } }>("POST", `/v1/webhooks/endpoints/${encodeURIComponent(id)}/rotate-secret`)).data,
        /** Sends a signed `webhook.test` event to this endpoint. */
        test: async (id: string) => (await request<{ data: { eventId: string; deliveryId: string } }>("POST", `/v1/webhooks/endpoints/${encodeURIComponent(id)}/test`)).data,
      },
      deliveries: {
        /** Newest first; pass `next` back as `cursor` for the following page. */
        list: (query: { endpointId?: string; status?: WebhookDelivery["status"]; cursor?: string; limit?: number } = {}) => {
          const params = new URLSearchParams();
          for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
          const qs = params.toString();
          return request<Page<WebhookDelivery>>("GET", `/v1/webhooks/deliveries${qs ? `?${qs}` : ""}`);
        },
        get: async (id: string) => (await request<{ data: WebhookDelivery }>("GET", `/v1/webhooks/deliveries/${encodeURIComponent(id)}`)).data,
        retry: async (id: string) => (await request<{ data: WebhookDelivery }>("POST", `/v1/webhooks/deliveries/${encodeURIComponent(id)}/retry`)).data,
      },
    },
    /**
     * A raw Exact REST call: `proxy(ownerId, "GET", "/api/v1/{division}/crm/Contacts?$top=5")`. `{division}` is the
     * connection's default division, or `opts.division`; a division written in the path must be one of the connection's.
     */
    async proxy(ownerId: string, method: string, exactPath: string, body?: unknown, opts: DivisionOption = {}): Promise<{ status: number; body: unknown }> {
      const response = await doFetch(`${base}/v1/proxy${exactPath}`, {
        method,
        headers: {
          authorization: `Bearer ${options.secretKey}`,
          "x-connector-id": connectorId,
          "x-owner-id": ownerId,
          accept: "application/json",
          ...divisionHeader(opts),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: pass the text through
      }
      return { status: response.status, body: parsed };
    },
  };
}

export type MorphClient = ReturnType<typeof createMorphClient>;
