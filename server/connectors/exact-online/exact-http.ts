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

export async function exactFetch(baseUrl: string, accessToken: string, request: ExactRequest): Promise<ExactResponse> {
  const url = new URL(request.url.startsWith("http") ? request.url : `${baseUrl}${request.url}`);
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  const hasBody = request.body !== undefined;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? "GET",
      headers: {
        // Without it Exact answers Atom XML.
        accept: "application/json",
        ...(hasBody ? { "content-type": "application/json", prefer: "return=representation" } : {}),
        ...request.headers,
        authorization: `Bearer ${accessToken}`,
      },
      body: hasBody ? (typeof request.body === "string" ? request.body : JSON.stringify(request.body)) : undefined,
    });
  } catch (error) {
    throw new ExactApiError(0, `Exact Online is unreachable: ${(error as Error).message}`, undefined, undefined);
  }
  const text = await response.text();
  const result: ExactResponse = {
    status: response.status,
    headers: response.headers,
    body: parseJson(text),
    text,
    rateLimit: readRateLimit(response.headers),
  };
  return result;
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
