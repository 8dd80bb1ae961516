import { Agent, request as undiciRequest, type Dispatcher } from "undici";

/**
 * One HTTP call to Exact Online's REST API with a given access token. Knows Exact's conventions
 * (Accept: application/json, the error envelope, the rate-limit headers) and nothing about
 * connections, refreshes or queues: those live in api-client.ts.
 */

export interface RateLimitState {
  minutelyLimit?: number;
  minutelyRemaining?: number;
  /** Epoch ms. */
  minutelyReset?: number;
  dailyLimit?: number;
  dailyRemaining?: number;
  dailyReset?: number;
}

export interface ExactResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else undefined. */
  body: unknown;
  text: string;
  rateLimit: RateLimitState;
}

export class ExactApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Exact's `Reason` header on 403s: NoDivisionAccess, BlockedUser, LicenseExpired, … */
    readonly reason: string | undefined,
    readonly response: ExactResponse | undefined,
  ) {
    super(message);
    this.name = "ExactApiError";
  }
}

export interface ExactRequest {
  method?: string;
  /** Absolute URL, or a path such as `/api/v1/123/crm/Accounts` (joined to baseUrl). */
  url: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

// One keep-alive pool per Exact host for the whole process: undici's request() skips the WHATWG
// fetch machinery, which is most of the latency a proxy adds (see `npm run bench`).
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

export async function exactFetch(baseUrl: string, accessToken: string, request: ExactRequest): Promise<ExactResponse> {
  const url = new URL(request.url.startsWith("http") ? request.url : `${baseUrl}${request.url}`);
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  const hasBody = request.body !== undefined;
  let statusCode: number;
  let rawHeaders: Record<string, string | string[] | undefined>;
  let text: string;
  try {
    const response = await undiciRequest(url, {
      dispatcher: agent,
      method: (request.method ?? "GET") as Dispatcher.HttpMethod,
      headers: {
        // Without it Exact answers Atom XML.
        accept: "application/json",
        ...(hasBody ? { "content-type": "application/json", prefer: "return=representation" } : {}),
        ...request.headers,
        authorization: `Bearer ${accessToken}`,
      },
      body: hasBody ? (typeof request.body === "string" ? request.body : JSON.stringify(request.body)) : undefined,
    });
    statusCode = response.statusCode;
    rawHeaders = response.headers;
    text = await response.body.text();
  } catch (error) {
    throw new ExactApiError(0, `Exact Online is unreachable: ${(error as Error).message}`, undefined, undefined);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return { status: statusCode, headers, body: parseJson(text), text, rateLimit: readRateLimit(headers) };
}

/** Throws ExactApiError for a non-2xx answer, with Exact's own message. */
export function assertOk(response: ExactResponse): ExactResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw new ExactApiError(response.status, exactErrorMessage(response), response.headers.get("reason") ?? undefined, response);
}

export function exactErrorMessage(response: ExactResponse): string {
  const error = (response.body as { error?: { message?: { value?: string } | string } } | undefined)?.error;
  const message = typeof error?.message === "string" ? error.message : error?.message?.value;
  return message || `Exact Online answered ${response.status}`;
}

function readRateLimit(headers: Headers): RateLimitState {
  const number = (name: string) => {
    const value = headers.get(name);
    return value === null || value === "" || Number.isNaN(Number(value)) ? undefined : Number(value);
  };
  return {
    minutelyLimit: number("x-ratelimit-minutely-limit"),
    minutelyRemaining: number("x-ratelimit-minutely-remaining"),
    minutelyReset: number("x-ratelimit-minutely-reset"),
    dailyLimit: number("x-ratelimit-limit"),
    dailyRemaining: number("x-ratelimit-remaining"),
    dailyReset: number("x-ratelimit-reset"),
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
