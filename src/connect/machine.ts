import type { MorphConnectError } from "../errors";
import type { ConnectionSummary, Operation, Region, SessionInfo } from "../protocol";

/** One popup attempt, identified by the nonce the server keys it on. */
export interface Attempt {
  nonce: string;
  region: Region;
  optionalOperations: Operation[];
}

/**
 * The widget's flow. `idle` and `choosing` differ only in whether the dialog shows; `failed` may keep
 * `watching` an attempt whose popup seemed closed, because a late success must still land.
 */
export type ConnectState =
  | { status: "loading" }
  | { status: "idle"; session: SessionInfo }
  | { status: "choosing"; session: SessionInfo }
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
  | { type: "OPEN" }
  | { type: "CLOSE" }
  | { type: "START"; attempt: Attempt }
  | { type: "POPUP_CLOSED_SEEN"; nonce: string }
  | { type: "POPUP_GONE"; nonce: string; error: MorphConnectError }
  | { type: "SUCCEEDED"; nonce: string; connection: ConnectionSummary }
  | { type: "FAILED"; error: MorphConnectError; attempt?: Attempt }
  | { type: "ATTEMPT_ENDED"; nonce: string }
  | { type: "CANCELLED" }
  | { type: "DISCONNECTED" };

export interface MachineState {
  state: ConnectState;
  dialogOpen: boolean;
}

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
// From idle too: a headless UI calls start() straight from its own button, without the dialog's choosing state.
const start = (state: StateOf<"idle" | "choosing" | "connected" | "failed">, { attempt }: EventOf<"START">): ConnectState =>
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
  state.session ? { status: "choosing", session: state.session } : state;

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
    OPEN: (state) => ({ status: "choosing", session: state.session }),
    START: start,
    FAILED: failed,
  },
  choosing: {
    LOAD: () => ({ status: "loading" }),
    CLOSE: (state) => ({ status: "idle", session: state.session }),
    START: start,
    FAILED: failed,
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
  },
  failed: {
    LOAD: () => ({ status: "loading" }),
    START: start,
    SUCCEEDED: succeeded,
    FAILED: failed,
    CANCELLED: cancelled,
    ATTEMPT_ENDED: (state, { nonce }) => (state.watching?.nonce === nonce ? { ...state, watching: undefined } : state),
  },
};

export const initialMachineState: MachineState = { state: { status: "loading" }, dialogOpen: false };

/** Pure (React StrictMode calls it twice). `OPEN`/`CLOSE` toggle the dialog in every state; disconnecting closes it. */
export function connectReducer(machine: MachineState, event: ConnectEvent): MachineState {
  const handler = transitions[machine.state.status][event.type] as
    | ((state: ConnectState, event: ConnectEvent) => ConnectState)
    | undefined;
  const state = handler ? handler(machine.state, event) : machine.state;
  const dialogOpen =
    event.type === "OPEN" ? true : event.type === "CLOSE" || event.type === "DISCONNECTED" ? false : machine.dialogOpen;
  // `idle` is "ready, dialog closed" and `choosing` is "ready, dialog open": keep the pair consistent.
  if (state.status === "idle" && dialogOpen) return { state: { status: "choosing", session: state.session }, dialogOpen };
  if (state.status === "choosing" && !dialogOpen) return { state: { status: "idle", session: state.session }, dialogOpen };
  if (state === machine.state && dialogOpen === machine.dialogOpen) return machine;
  return { state, dialogOpen };
}
