/**
 * The typed backend client: `import { createMorphClient } from "morph-connect/server"`.
 * Runs wherever `fetch` exists (Node 18+, Deno, Bun, edge runtimes); holds the secret key, so never
 * ship it to a browser.
 */
import type { ConnectionSummary, ErrorBody, ErrorCode, Model, Operation } from "../../src/protocol";

export type { ConnectionSummary, ErrorCode, Model, Operation } from "../../src/protocol";

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

export interface ListOptions {
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

export interface ConnectionDetails extends ConnectionSummary {
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
}

export function createMorphClient(options: MorphClientOptions) {
  const base = options.serverUrl.replace(/\/$/, "");
  const connectorId = options.connectorId ?? "exact-online";
  const doFetch = options.fetch ?? fetch;

  async function request<T>(method: string, path: string, init: { ownerId?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
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
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (body as ErrorBody | undefined)?.error;
      throw new MorphApiError(response.status, error?.code ?? "INTERNAL_ERROR", error?.message ?? `HTTP ${response.status}`, error?.details);
    }
    return body as T;
  }

  const ownerPath = (ownerId: string) => `/v1/connections/${encodeURIComponent(connectorId)}/${encodeURIComponent(ownerId)}`;

  return {
    sessions: {
      /** Mint a widget session token (≤ 30 minutes) for one of your customers. */
      create(input: { ownerId: string; operations: Operation[]; optionalOperations?: Operation[]; expiresIn?: number }) {
        return request<{ sessionToken: string; expiresAt: string }>("POST", "/v1/sessions", { body: { connectorId, ...input } });
      },
    },
    connections: {
      get: async (ownerId: string) => (await request<{ data: ConnectionDetails }>("GET", ownerPath(ownerId))).data,
      delete: (ownerId: string) => request<void>("DELETE", ownerPath(ownerId)),
      permissions: async (ownerId: string) =>
        (await request<{ data: { granted: Operation[]; allowed: Operation[]; missing: Operation[]; checkedAt: string } }>("GET", `${ownerPath(ownerId)}/permissions`)).data,
      setFieldMapping: async (ownerId: string, mapping: Partial<Record<Model, Record<string, string>>>) =>
        (await request<{ data: typeof mapping }>("PUT", `${ownerPath(ownerId)}/field-mapping`, { body: mapping })).data,
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
        return request<Page<T>>("GET", `${path}${qs ? `?${qs}` : ""}`, { ownerId });
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
        retrieve: async (ownerId: string, id: string, opts: { raw?: boolean } = {}) =>
          (await request<{ data: T }>("GET", `${path}/${encodeURIComponent(id)}${opts.raw ? "?raw=true" : ""}`, { ownerId })).data,
        create: async (ownerId: string, input: Record<string, unknown>) => (await request<{ data: T }>("POST", path, { ownerId, body: input })).data,
        update: async (ownerId: string, id: string, input: Record<string, unknown>) =>
          (await request<{ data: T }>("PATCH", `${path}/${encodeURIComponent(id)}`, { ownerId, body: input })).data,
        delete: (ownerId: string, id: string) => request<void>("DELETE", `${path}/${encodeURIComponent(id)}`, { ownerId }),
      };
    },
    /** A raw Exact REST call: `proxy(ownerId, "GET", "/api/v1/{division}/crm/Contacts?$top=5")`. */
    async proxy(ownerId: string, method: string, exactPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
      const response = await doFetch(`${base}/v1/proxy${exactPath}`, {
        method,
        headers: {
          authorization: `Bearer ${options.secretKey}`,
          "x-connector-id": connectorId,
          "x-owner-id": ownerId,
          accept: "application/json",
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
