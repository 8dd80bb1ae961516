import { Agent, type Dispatcher } from "undici";
import { finishExactCall, startExactCall, type ExactCallContext } from "../../observability/exact-calls";
import { exactEnvelope } from "./exact-schemas";

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

/** A 2xx answer that is not what Exact sends: HTML, cut-off JSON, `d: null`, `results` that is no list. */
export class ExactMalformedAnswer extends ExactApiError {
  constructor(message: string, response: ExactResponse) {
    super(response.status, message, undefined, response);
    this.name = "ExactMalformedAnswer";
  }
}

/** A call that got no (complete) answer: the network failed, Exact did not answer in time, or our caller left. */
export class ExactTransportError extends ExactApiError {
  constructor(
    readonly kind: "timeout" | "network" | "cancelled",
    message: string,
  ) {
    super(0, message, undefined, undefined);
    this.name = "ExactTransportError";
  }
}

/**
 * How long a call to Exact may take, per phase. A call that Exact does not answer within `headersMs`
 * fails (PROVIDER_TIMEOUT) instead of holding a request, a queue slot and a socket for minutes.
 */
export interface ExactTimeouts {
  /** TCP and TLS connection set-up. */
  connectMs: number;
  /** From sending the request to the answer's status line and headers. */
  headersMs: number;
  /** The whole body, once the headers are in. */
  bodyMs: number;
  /**
   * The whole token request (connect, headers, body). Well below the refresh lease (20 s), so that a
   * slow token endpoint never outlives the lease and lets a second process refresh with the same token.
   */
  tokenMs: number;
}

export const DEFAULT_EXACT_TIMEOUTS: Readonly<ExactTimeouts> = Object.freeze({ connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, tokenMs: 10_000 });

export interface ExactRequest {
  method?: string;
  /** Absolute URL, or a path such as `/api/v1/123/crm/Accounts` (joined to baseUrl). */
  url: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Our own caller's signal: when the client goes away, the call is cancelled. */
  signal?: AbortSignal;
  timeouts?: ExactTimeouts;
  /** Proxy mode: check only that a JSON answer is JSON, not that it is Exact's `{ d }` envelope. */
  raw?: boolean;
  /** The attempt and rate-limit wait, for the call's log line, metrics and span. */
  observed?: ExactCallContext;
}

// One keep-alive pool per Exact host for the whole process (per connect timeout, which undici sets per
// pool): undici's request() skips the WHATWG fetch machinery, which is most of the latency a proxy adds
// (see `npm run bench`).
const agents = new Map<number, Agent>();
function agentFor(connectMs: number): Agent {
  let agent = agents.get(connectMs);
  if (!agent) {
    agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, connect: { timeout: connectMs } });
    agents.set(connectMs, agent);
  }
  return agent;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** The answer's headers as undici parsed them: lower-case names, a repeated header as a list. */
type HeaderRecord = Record<string, string | string[] | undefined>;

/** One header of a HeaderRecord as `Headers.get` gives it (a repeated one joined with ", "), or null. */
function headerValue(record: HeaderRecord, name: string): string | null {
  const value = record[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

function headersOf(record: HeaderRecord): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * An answer whose `Headers` are built when first read: the proxy and error mapping read them, a successful
 * read reads two of them from the record (building the Headers cost some 0.02 ms a call in `npm run bench`).
 */
class Answer implements RawAnswer {
  #headers: Headers | undefined;
  readonly #record: HeaderRecord;
  constructor(
    readonly status: number,
    record: HeaderRecord,
    readonly text: string,
  ) {
    this.#record = record;
  }
  /** One header, as `headers.get` gives it. */
  header(name: string): string | null {
    return headerValue(this.#record, name);
  }
  get headers(): Headers {
    return (this.#headers ??= headersOf(this.#record));
  }
}

/**
 * One HTTP exchange with Exact with every phase bounded: connect, headers, body (or one `totalMs`
 * deadline over all of them, for the token endpoint). Throws ExactTransportError, never hangs.
 */
export function sendToExact(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  timeouts: ExactTimeouts,
  totalMs?: number,
): Promise<RawAnswer> {
  return exchange(url.origin, `${url.pathname}${url.search}`, init, timeouts, totalMs);
}

async function exchange(
  origin: string,
  path: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  timeouts: ExactTimeouts,
  totalMs?: number,
  observed?: ExactCallContext,
): Promise<Answer> {
  // Every call to Exact, token requests included: one log line, its metrics, a span when tracing is on.
  const call = startExactCall(init.method, path, observed);
  let outcome: number | ExactTransportError["kind"] = "network";
  // One controller for both the deadline and our caller leaving (cheaper than AbortSignal.any, per call).
  const deadline = new AbortController();
  const caller = init.signal;
  const callerLeft = () => deadline.abort();
  if (caller?.aborted) deadline.abort();
  else caller?.addEventListener("abort", callerLeft, { once: true });
  let timedOutPhase = false;
  let phase = "answer";
  let limitMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, what: string) => {
    clearTimeout(timer);
    [phase, limitMs] = [what, ms];
    timer = setTimeout(() => {
      timedOutPhase = true;
      deadline.abort();
    }, ms);
  };
  arm(totalMs ?? timeouts.connectMs + timeouts.headersMs, totalMs ? "answer" : "headers");
  const timedOut = () => new ExactTransportError("timeout", `Exact Online did not send its ${phase} within ${limitMs / 1000} s.`);
  try {
    const response = await agentFor(timeouts.connectMs).request({
      origin,
      path,
      method: init.method as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: deadline.signal,
      headersTimeout: totalMs ?? timeouts.headersMs,
      bodyTimeout: totalMs ?? timeouts.bodyMs,
    });
    if (!totalMs) arm(timeouts.bodyMs, "body");
    const text = await response.body.text();
    outcome = response.statusCode;
    return new Answer(response.statusCode, response.headers, text);
  } catch (error) {
    const failure = transportFailure(error, caller, timedOutPhase, timedOut, timeouts);
    outcome = failure.kind;
    throw failure;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", callerLeft);
    finishExactCall(call, outcome);
  }
}

function transportFailure(error: unknown, caller: AbortSignal | undefined, timedOutPhase: boolean, timedOut: () => ExactTransportError, timeouts: ExactTimeouts): ExactTransportError {
  if (caller?.aborted) return new ExactTransportError("cancelled", "The call to Exact Online was cancelled: the client went away.");
  const code = (error as { code?: string }).code;
  if (timedOutPhase || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return timedOut();
  if (code === "UND_ERR_CONNECT_TIMEOUT") return new ExactTransportError("timeout", `Exact Online did not accept a connection within ${Math.round(timeouts.connectMs / 1000)} s.`);
  return new ExactTransportError("network", `Exact Online is unreachable: ${(error as Error).message}`);
}

/**
 * A query value as `URLSearchParams` writes it (application/x-www-form-urlencoded: space as "+", only
 * `*-._` and alphanumerics left as they are), without building a URLSearchParams per call.
 */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]|%20/g, (c) => (c === "%20" ? "+" : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** Each base URL's origin and path prefix, when joining a path to it needs no URL parsing (else null). */
const bases = new Map<string, { origin: string; prefix: string } | null>();
function baseOf(baseUrl: string): { origin: string; prefix: string } | null {
  let base = bases.get(baseUrl);
  if (base === undefined) {
    const { origin } = new URL(baseUrl);
    const prefix = baseUrl.startsWith(origin) ? baseUrl.slice(origin.length) : "?";
    base = prefix === "" || SIMPLE_PATH.test(prefix) ? { origin, prefix } : null;
    if (bases.size >= 100) bases.clear();
    bases.set(baseUrl, base);
  }
  return base;
}

/** `origin` and `path` (with the query) of a call, as `new URL` and `searchParams.set` would make them. */
function target(baseUrl: string, request: ExactRequest): { origin: string; path: string } {
  const entries = request.query ? Object.entries(request.query).filter((entry): entry is [string, string] => entry[1] !== undefined) : [];
  const absolute = request.url.startsWith("http");
  const base = absolute ? null : baseOf(baseUrl);
  // Our own paths (`/api/v1/123/crm/Accounts(guid'…')`) need no normalising: joined as they are.
  if (base && SIMPLE_PATH.test(request.url)) {
    const path = `${base.prefix}${request.url}`;
    return { origin: base.origin, path: entries.length === 0 ? path : `${path}?${queryString(entries)}` };
  }
  const url = new URL(absolute ? request.url : `${baseUrl}${request.url}`);
  if (entries.length === 0) return { origin: url.origin, path: `${url.pathname}${url.search}` };
  if (url.search === "") return { origin: url.origin, path: `${url.pathname}?${queryString(entries)}` };
  // A link that has a query of its own: the given parameters replace its ones, as searchParams.set does.
  for (const [name, value] of entries) url.searchParams.set(name, value);
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
}

/** A path that `new URL` leaves as it is after an origin: no dot segments, nothing it percent-encodes. */
const SIMPLE_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@]*)+$/;

function queryString(entries: ReadonlyArray<readonly [string, string]>): string {
  try {
    return entries.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join("&");
  } catch {
    // A lone surrogate (encodeURIComponent refuses it; URLSearchParams writes U+FFFD).
    return new URLSearchParams(entries as Array<[string, string]>).toString();
  }
}

export async function exactFetch(baseUrl: string, accessToken: string, request: ExactRequest): Promise<ExactResponse> {
  const { origin, path } = target(baseUrl, request);
  const hasBody = request.body !== undefined;
  const answer = await exchange(
    origin,
    path,
    {
      method: request.method ?? "GET",
      headers: {
        // Without it Exact answers Atom XML.
        accept: "application/json",
        ...(hasBody ? { "content-type": "application/json", prefer: "return=representation" } : {}),
        ...request.headers,
        authorization: `Bearer ${accessToken}`,
      },
      body: hasBody ? (typeof request.body === "string" ? request.body : JSON.stringify(request.body)) : undefined,
      signal: request.signal,
    },
    request.timeouts ?? DEFAULT_EXACT_TIMEOUTS,
    undefined,
    request.observed,
  );
  const response = new ExactAnswer(answer, parseJson(answer.text), readRateLimit(answer));
  const accept = request.headers ? (Object.entries(request.headers).find(([name]) => name.toLowerCase() === "accept")?.[1] ?? "application/json") : "application/json";
  if (response.status >= 200 && response.status < 300 && /json/i.test(accept)) {
    assertJsonAnswer(response, answer.header("content-type") ?? "", request.raw === true);
  }
  return response;
}

/** An ExactResponse whose `headers` are built only when read (see Answer). */
class ExactAnswer implements ExactResponse {
  readonly status: number;
  readonly text: string;
  readonly #answer: Answer;
  constructor(
    answer: Answer,
    public body: unknown,
    public rateLimit: RateLimitState,
  ) {
    this.#answer = answer;
    this.status = answer.status;
    this.text = answer.text;
  }
  get headers(): Headers {
    return this.#answer.headers;
  }
}

/**
 * Trust nothing at the boundary: a 2xx answer to a JSON request must be JSON (by content type and by
 * syntax) and, for the API's own calls, Exact's `{ d: … }` envelope. A maintenance page, a cut-off
 * body or `d: null` behind a 200 is a provider error (502), never an empty list.
 */
function assertJsonAnswer(response: ExactResponse, contentType: string, raw: boolean): void {
  if (response.text === "") return; // 204 and friends: PUT and DELETE answer nothing
  const fail = (what: string) => {
    throw new ExactMalformedAnswer(`Exact Online answered ${response.status} with ${what} instead of JSON.`, response);
  };
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType.trim())) fail(contentType ? `"${contentType.split(";")[0]}"` : "no content type");
  if (response.body === undefined) fail("a body that is not valid JSON");
  if (raw || isEnvelope(response.body)) return;
  const envelope = exactEnvelope.safeParse(response.body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new ExactMalformedAnswer(`Exact Online answered ${response.status} with JSON that is not its { d } envelope (${issue?.path.join(".") || "(root)"}: ${issue?.message}).`, response);
  }
}

/**
 * The envelope's rules checked by hand, as parseExactList does: zod copies every record to check it (some
 * 0.06 ms a page of 20 in `npm run bench`), and nearly every answer passes. The schema words a refusal.
 */
function isEnvelope(body: unknown): boolean {
  const d = isPlainObject(body) ? body.d : undefined;
  return isPlainObject(d) && (d.results === undefined || (Array.isArray(d.results) && d.results.every(isPlainObject)));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

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

function readRateLimit(answer: Answer): RateLimitState {
  const number = (name: string) => {
    const value = answer.header(name)?.trim() ?? null;
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
