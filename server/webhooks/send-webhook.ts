import { Agent, request } from "undici";
import { guardedLookup, PrivateAddressError, validateTargetUrl } from "./target-url";

/** A receiver has this long to answer 2xx (headers and the start of its body); anything later is a failure. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** How much of an answer is kept for the delivery log. */
const EXCERPT_BYTES = 512;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

// Keep-alive pools shared by every delivery of the process: one that may reach any address (sandbox,
// tests, MORPH_WEBHOOK_ALLOW_PRIVATE_URLS=1), one whose DNS answers are checked before connecting.
// No cap on connections per origin (undici's default): the worker's request slots are the bound. A cap
// here would queue requests inside undici, where the deadline (started before `request`) runs out for
// requests that never left: with 32, a receiver answering in 9 s saw a third of 64 deliveries time out.
const agents = {
  open: new Agent({ keepAliveTimeout: 10_000 }),
  guarded: new Agent({ keepAliveTimeout: 10_000, connect: { lookup: guardedLookup } }),
};

/**
 * One POST of a signed event. Never throws: every outcome (2xx, another status, a timeout, a refused
 * address, a connection error) is a result for the delivery log. Redirects are not followed: a 3xx is a
 * failure (following one could lead anywhere, including the server's own network).
 */
export async function sendWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs?: number; signal?: AbortSignal },
): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    // Checked again at every attempt: the configuration may have changed since the endpoint was created.
    const url = validateTargetUrl(target, { allowPrivate: options.allowPrivate });
    const response = await request(url, {
      method: "POST",
      dispatcher: options.allowPrivate ? agents.open : agents.guarded,
      headers: { ...headers, "content-type": "application/json", "user-agent": "morph-connect-webhooks/1" },
      body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const excerpt = await readExcerpt(response.body);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { ok, statusCode: response.statusCode, error: ok ? null : `HTTP ${response.statusCode}`, responseExcerpt: excerpt, durationMs: elapsed() };
  } catch (error) {
    return { ok: false, statusCode: null, error: describe(error, deadline.aborted, timeoutMs), responseExcerpt: null, durationMs: elapsed() };
  }
}

async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= EXCERPT_BYTES) break; // leaving the loop destroys the rest: a huge answer is never read
    }
  } catch {
    // a body cut off after a status line still tells its status
  }
  if (size === 0) return null;
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8").replace(/\uFFFD+$/, "");
}

function describe(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timeout: no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof PrivateAddressError || cause instanceof PrivateAddressError) return `refused: ${(cause instanceof PrivateAddressError ? cause : (error as Error)).message}`;
  const message = error instanceof Error ? error.message : String(error);
  if (/url:/.test(message)) return `refused: ${message}`;
  const code = (error as { code?: string }).code;
  return `connection error: ${code ? `${code} ` : ""}${message}`.slice(0, 300);
}
