import { errorFromServer, morphError } from "../errors";
import type { MorphConnectError } from "../errors";
import { ATTEMPT_ID_PATTERN, ATTEMPT_QUERY_PARAM } from "../protocol";
import type { Transport } from "../transport/transport";
import type { ReturnedAttempt } from "./returned-attempt";

// Imported lazily by `useReturnedAttempt`, only on a page that came back from Exact: the first load
// carries just the check for the parameter.

export interface TakenAttempt {
  attemptId: string;
  outcome: Promise<ReturnedAttempt>;
  reported: boolean;
}

const LONG_POLL_SECONDS = 20;
const MIN_POLL_INTERVAL_MS = 1000;

/**
 * Module state on purpose, like the popup slot: React StrictMode's second effect run, a remount and a
 * second `<Connect>` on the page all find the one attempt this page load came back with, so it is read
 * once and reported once.
 */
let current: TakenAttempt | null = null;

/**
 * Every attempt id this tab has taken, across page loads: the same return URL opened again (a reload
 * that beat the address bar's clean-up, Back/Forward to it, a copied link) reports nothing. Storage may
 * be unavailable (blocked cookies, some private modes): the page's own memory still covers this load.
 */
const HANDLED_KEY = "morph-connect:returned-attempts";
const handledInThisLoad = new Set<string>();
function handledBefore(attemptId: string): boolean {
  if (handledInThisLoad.has(attemptId)) return true;
  handledInThisLoad.add(attemptId);
  try {
    const ids = (sessionStorage.getItem(HANDLED_KEY) ?? "").split(" ").filter(Boolean);
    if (ids.includes(attemptId)) return true;
    // A tab makes few attempts; the last 20 are plenty and keep the entry small.
    sessionStorage.setItem(HANDLED_KEY, [...ids.slice(-19), attemptId].join(" "));
  } catch {
    // No storage: only this page load's memory.
  }
  return false;
}

/**
 * Takes `morph_attempt` out of the address bar (other params and the fragment stay) and starts reading its
 * outcome; later calls get the same record until it is reported. The id is recorded and the parameter
 * removed before the outcome is read, not after it is reported: a reload from then on finds nothing to
 * report, so no reload can report twice. The price is a reload during that one request: its outcome is
 * not reported again (the reloaded widget still shows the connection, from the session).
 */
export function takeReturnedAttempt(transport: Transport, sessionToken: string): TakenAttempt | null {
  const url = new URL(window.location.href);
  const attemptId = url.searchParams.get(ATTEMPT_QUERY_PARAM);
  if (attemptId !== null) {
    url.searchParams.delete(ATTEMPT_QUERY_PARAM);
    window.history.replaceState(window.history.state, "", url.href);
    if (!handledBefore(attemptId)) {
      current = { attemptId, outcome: readOutcome(transport, sessionToken, attemptId), reported: false };
    }
  }
  return current && !current.reported ? current : null;
}

const failed = (attemptId: string, error: MorphConnectError): ReturnedAttempt => ({ attemptId, status: "failed", error });
// A made-up id, or one of another owner (the server answers 404 to both): this return cannot be verified.
const unverifiable = (attemptId: string) =>
  failed(attemptId, morphError("INVALID_STATE", "The Exact Online attempt in the address is unknown to this session's owner"));

async function readOutcome(transport: Transport, sessionToken: string, attemptId: string): Promise<ReturnedAttempt> {
  if (!ATTEMPT_ID_PATTERN.test(attemptId)) return unverifiable(attemptId);
  if (!transport.getReturnedAttempt) {
    return failed(attemptId, morphError("INTERNAL_ERROR", "This transport cannot read a returned attempt (getReturnedAttempt)"));
  }
  for (;;) {
    const startedAt = Date.now();
    const response = await transport.getReturnedAttempt(sessionToken, attemptId, LONG_POLL_SECONDS);
    if (!response.ok) return response.httpStatus === 404 ? unverifiable(attemptId) : failed(attemptId, response.error);
    const outcome = response.data;
    switch (outcome.status) {
      case "succeeded":
        return { attemptId, status: "succeeded", connection: outcome.connection };
      case "failed":
        return failed(attemptId, errorFromServer(outcome.error));
      case "expired":
        return failed(attemptId, morphError("STATE_EXPIRED"));
      case "cancelled":
        return failed(attemptId, morphError("CANCELLED"));
      case "pending": {
        // The server redirects only after the callback, so this is rare; it expires the attempt in the end.
        const elapsed = Date.now() - startedAt;
        if (elapsed < MIN_POLL_INTERVAL_MS) await new Promise((resolve) => setTimeout(resolve, MIN_POLL_INTERVAL_MS - elapsed));
        continue;
      }
      default:
        return outcome satisfies never;
    }
  }
}

