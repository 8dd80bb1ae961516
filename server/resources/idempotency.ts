/**
 * `Idempotency-Key` on a create: with timeouts, a client retries a create that Exact may in fact have
 * performed. The first request with a key (per owner) runs and its answer is kept 24 h; a retry with
 * the same key and the same request gets that answer back and never reaches Exact; the same key with
 * another request is `409 IDEMPOTENCY_CONFLICT`, as is a retry while the first is still running.
 *
 * Answers that certainly changed nothing at Exact (4xx: refused before or by Exact; 503: not served)
 * are not kept, so a corrected retry may reuse the key. 2xx and other 5xx are kept: after a
 * PROVIDER_TIMEOUT Exact may have created the record, and a second create is what the key prevents.
 *
 * A client that goes away cancels the create only while nothing was sent to Exact (the call still
 * queued): then nothing is kept and the key is free for the retry. Once the POST is sent, the request
 * runs to Exact's answer even without its client (connectors/exact-online/cancel-until-sent.ts), and
 * that answer is kept for the retry to replay. routes/idempotency.ts fits this into a Hono route.
 */
import { createHash } from "node:crypto";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { claimKey, completeKey, releaseKey, type IdempotencyScope } from "../storage/idempotency-repo";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
// Visible ASCII, as in Stripe's and the IETF draft's examples (a UUID fits); no spaces or controls.
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function assertIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new MorphError("VALIDATION_ERROR", `${IDEMPOTENCY_HEADER}: must be 1 to 255 visible ASCII characters`, { field: IDEMPOTENCY_HEADER });
  }
}

/** One create under a key: the owner's scope and what makes two requests "the same". */
export interface KeyedCreate {
  key: string;
  connectorId: string;
  ownerId: string;
  model: string;
  /** `x-division` as sent: the same key and body in another division is another request (issue 18). */
  division?: string | undefined;
  /** The request body as sent. */
  body: string;
}

export interface KeptAnswer {
  status: number;
  body: string;
}

/** What running the create produced: its status, the error it ended in (if any), and its body when kept. */
export interface CreateOutcome {
  status: number;
  error: unknown;
  body(): Promise<string>;
}

/**
 * Runs `create` at most once per key and owner. Returns the kept answer to replay instead (and `create`
 * does not run), or `undefined` once `create` ran and its answer was kept or released.
 */
export async function createOnce(ctx: ServerContext, request: KeyedCreate, create: () => Promise<CreateOutcome>): Promise<KeptAnswer | undefined> {
  const scope: IdempotencyScope = { connectorId: request.connectorId, ownerId: request.ownerId, key: request.key };
  // Without x-division the hash is what it always was, so keys kept before divisions existed still replay.
  const target = request.division ? `${request.model}@${request.division}` : request.model;
  const requestHash = createHash("sha256").update(`${target}\n${canonicalJson(request.body)}`).digest("hex");

  const claim = await claimKey(ctx.db, scope, requestHash, ctx.clock.now());
  if (claim.kind === "conflict") {
    throw new MorphError("IDEMPOTENCY_CONFLICT", `${IDEMPOTENCY_HEADER}: this key was already used with a different request; use a new key`, {
      field: IDEMPOTENCY_HEADER,
    });
  }
  if (claim.kind === "in_progress") {
    throw new MorphError("IDEMPOTENCY_CONFLICT", `${IDEMPOTENCY_HEADER}: a request with this key is still running; retry once it has answered`, {
      field: IDEMPOTENCY_HEADER,
      reason: "in_progress",
    });
  }
  if (claim.kind === "replay") return { status: claim.status, body: claim.body };

  let outcome: CreateOutcome;
  try {
    outcome = await create();
  } catch (error) {
    await releaseKey(ctx.db, scope);
    throw error;
  }
  const { status } = outcome;
  const keep = !wasCancelled(outcome.error) && (status < 400 || (status >= 500 && status !== 503));
  if (keep) await completeKey(ctx.db, scope, { status, body: await outcome.body() });
  else await releaseKey(ctx.db, scope);
  return undefined;
}

/** The client went away before anything reached Exact (api-client's `cancelled()`): nothing happened to keep. */
const wasCancelled = (error: unknown) => error instanceof MorphError && error.details?.cancelled === true;

/** The same JSON with keys in another order is the same request. */
function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((name) => [name, sortKeys(record[name])]));
  }
  return value;
}
