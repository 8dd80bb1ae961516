import type { MorphConnectError } from "../errors";
import type { ConnectionSummary, ConnectMode, Operation, Region, SessionInfo } from "../protocol";
import type { ReturnedAttempt } from "./returned-attempt";

/** One attempt, identified by the nonce the server keys it on. */
export interface Attempt {
  nonce: string;
  region: Region;
  optionalOperations: Operation[];
  /** Default `popup`. A `redirect` attempt is the tab leaving for Exact: there is no window to wait on. */
  mode?: ConnectMode;
  /** Redirect mode: where Exact sends the tab back to (default: the current page). */
  returnUrl?: string;
}

/**
 * The widget's flow, headless: whether a dialog shows is `<Connect>`'s business, not the machine's.
 * `failed` may keep `watching` an attempt whose popup seemed closed, because a late success must still land.
 */
export type ConnectState =
  | { status: "loading" }
  | { status: "idle"; session: SessionInfo }
  | { status: "authorizing"; session: SessionInfo; attempt: Attempt }
  | { status: "verifying"; session: SessionInfo; attempt: Attempt }
  | { status: "connected"; session: SessionInfo; connection: ConnectionSummary }
  | {
      status: "failed";
      session: SessionInfo | null;
      error: MorphConnectError;
      /** The attempt to repeat on "Try again". */
      lastAttempt?: Attempt;
      /** Still listening for a late result of this attempt (popup seemed closed). */
      watching?: Attempt;
    };

export type ConnectStatus = ConnectState["status"];

export type ConnectEvent =
  | { type: "LOAD" }
  | { type: "SESSION_LOADED"; session: SessionInfo }
  | { type: "START"; attempt: Attempt }
  | { type: "POPUP_CLOSED_SEEN"; nonce: string }
  | { type: "POPUP_GONE"; nonce: string; error: MorphConnectError }
  | { type: "SUCCEEDED"; nonce: string; connection: ConnectionSummary }
  | { type: "FAILED"; error: MorphConnectError; attempt?: Attempt }
  | { type: "ATTEMPT_ENDED"; nonce: string }
  | { type: "CANCELLED" }
  | { type: "DISCONNECTED" }
  /** The tab came back from Exact (redirect mode) with this attempt's outcome. Needs a loaded session. */
  | { type: "RETURNED"; returned: ReturnedAttempt };

type StateOf<S extends ConnectStatus> = Extract<ConnectState, { status: S }>;
type EventOf<E extends ConnectEvent["type"]> = Extract<ConnectEvent, { type: E }>;
type TransitionTable = {
  [S in ConnectStatus]: { [E in ConnectEvent["type"]]?: (state: StateOf<S>, event: EventOf<E>) => ConnectState };
};

const sessionOf = (state: ConnectState) => ("session" in state ? state.session : null);
const attemptOf = (state: ConnectState) =>
  state.status === "authorizing" || state.status === "verifying"
    ? state.attempt
    : state.status === "failed"
      ? state.watching
      : undefined;

const failed = (state: ConnectState, { error, attempt }: EventOf<"FAILED">): ConnectState => ({
  status: "failed",
  session: sessionOf(state),
  error,
  lastAttempt: attempt ?? attemptOf(state),
});
// An attempt starts from idle, and again from connected (reconnect) or failed (try again).
const start = (state: StateOf<"idle" | "connected" | "failed">, { attempt }: EventOf<"START">): ConnectState =>
  state.session ? { status: "authorizing", session: state.session, attempt } : state;
// A result for an attempt that is no longer the current one (superseded, cancelled) changes nothing.
const succeeded = (
  state: StateOf<"authorizing" | "verifying" | "failed">,
  { nonce, connection }: EventOf<"SUCCEEDED">,
): ConnectState =>
  attemptOf(state)?.nonce === nonce && state.session
    ? { status: "connected", session: state.session, connection }
    : state;
const cancelled = (state: StateOf<"authorizing" | "verifying" | "failed">): ConnectState =>
  state.session ? { status: "idle", session: state.session } : state;
// The outcome of an attempt made on an earlier page load: it replaces whatever this load showed so far.
const returned = (state: StateOf<"idle" | "connected" | "failed">, { returned }: EventOf<"RETURNED">): ConnectState =>
  !state.session
    ? state
    : returned.status === "succeeded"
      ? { status: "connected", session: state.session, connection: returned.connection }
      : { status: "failed", session: state.session, error: returned.error };

/** Every transition of the widget, in one place. Events not listed for a state are ignored. */
const transitions: TransitionTable = {
  loading: {
    SESSION_LOADED: (_, { session }) =>
      session.connection
        ? { status: "connected", session, connection: session.connection }
        : { status: "idle", session },
    FAILED: failed,
  },
  idle: {
    LOAD: () => ({ status: "loading" }),
    START: start,
    FAILED: failed,
    RETURNED: returned,
  },
  authorizing: {
    LOAD: () => ({ status: "loading" }),
    POPUP_CLOSED_SEEN: (state, { nonce }) =>
      state.attempt.nonce === nonce ? { status: "verifying", session: state.session, attempt: state.attempt } : state,
    SUCCEEDED: succeeded,
    FAILED: failed,
    CANCELLED: cancelled,
  },
  verifying: {
    LOAD: () => ({ status: "loading" }),
    POPUP_GONE: (state, { nonce, error }) =>
      state.attempt.nonce === nonce
        ? { status: "failed", session: state.session, error, lastAttempt: state.attempt, watching: state.attempt }
        : state,
    SUCCEEDED: succeeded,
    FAILED: failed,
    CANCELLED: cancelled,
  },
  connected: {
    LOAD: () => ({ status: "loading" }),
    START: start,
    FAILED: failed,
    DISCONNECTED: (state) => ({ status: "idle", session: { ...state.session, connection: null } }),
    RETURNED: returned,
  },
  failed: {
    LOAD: () => ({ status: "loading" }),
    START: start,
    SUCCEEDED: succeeded,
    FAILED: failed,
    CANCELLED: cancelled,
    ATTEMPT_ENDED: (state, { nonce }) => (state.watching?.nonce === nonce ? { ...state, watching: undefined } : state),
    RETURNED: returned,
  },
};

export const initialState: ConnectState = { status: "loading" };

/** Pure (React StrictMode calls it twice). Events a state does not list change nothing. */
export function connectReducer(state: ConnectState, event: ConnectEvent): ConnectState {
  const handler = transitions[state.status][event.type] as ((state: ConnectState, event: ConnectEvent) => ConnectState) | undefined;
  return handler ? handler(state, event) : state;
}
