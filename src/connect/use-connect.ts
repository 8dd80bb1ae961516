import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { morphError } from "../errors";
import type { MorphConnectError } from "../errors";
import type { ConnectionSummary, ConnectMode, Operation, Region } from "../protocol";
import { useMorph } from "../provider/morph-context";
import type { PopupHandle } from "../provider/popup-opener";
import type { ConnectionCallbacks } from "./callbacks";
import { connectReducer, initialState } from "./machine";
import type { Attempt, ConnectState, ConnectStatus } from "./machine";
import { claimPopupSlot } from "./popup-slot";
import type { PopupSlot } from "./popup-slot";
import { centeredPopupFeatures, createNonce, POPUP_NAME } from "./popup-url";
import { useReturnedAttempt } from "./returned-attempt";
import type { ReturnedAttempt } from "./returned-attempt";
import { watchAttempt } from "./watch-attempt";
import type { AttemptResult } from "./watch-attempt";

export interface UseConnectOptions {
  sessionToken: string;
  connectionCallbacks?: ConnectionCallbacks;
}

/** The live attempt: its popup, its watcher and its claim on the page-wide popup slot. */
interface LiveAttempt {
  attempt: Attempt;
  popup: PopupHandle;
  slot: PopupSlot;
  stopWatching(): void;
}

/**
 * The whole flow: session loading, the popup attempt, the server long-poll and the callbacks, with
 * everything `<Connect>` needs to render it (the session, reconnect, focusing the popup). Hosts use its
 * Plaid-sized face, `useConnect`.
 */
export function useConnectFlow({ sessionToken, connectionCallbacks }: UseConnectOptions, consumerName = "useConnect") {
  const { transport, popupOpener } = useMorph(consumerName);
  const [state, dispatch] = useReducer(connectReducer, initialState);
  const [sessionRequest, setSessionRequest] = useState(0);
  const callbacks = useRef(connectionCallbacks);
  const live = useRef<LiveAttempt | null>(null);
  // The outcome the tab came back from Exact with (redirect mode), until the session it lands in has loaded.
  const [returned, setReturned] = useState<ReturnedAttempt | null>(null);
  const [returnToShow, setReturnToShow] = useState<ReturnedAttempt | null>(null);
  useEffect(() => {
    callbacks.current = connectionCallbacks;
  });

  const fail = useCallback((error: MorphConnectError, attempt?: Attempt) => {
    dispatch({ type: "FAILED", error, attempt });
    callbacks.current?.onError?.(error);
  }, []);

  const endLiveAttempt = useCallback(
    (cancelOnServer: boolean) => {
      const current = live.current;
      if (!current) return;
      live.current = null;
      current.stopWatching();
      current.slot.release();
      if (cancelOnServer) {
        // Ends the attempt for good: the server will refuse a late callback for this nonce.
        void transport.cancelAttempt(sessionToken, current.attempt.nonce);
        if (!current.popup.closed) current.popup.close();
      }
    },
    [transport, sessionToken],
  );

  useEffect(() => {
    const controller = new AbortController();
    dispatch({ type: "LOAD" });
    void transport.getSession(sessionToken, controller.signal).then((response) => {
      if (controller.signal.aborted) return;
      if (response.ok) dispatch({ type: "SESSION_LOADED", session: response.data });
      else fail(response.error);
    });
    return () => controller.abort();
  }, [transport, sessionToken, sessionRequest, fail]);

  // Unmount: stop listening and free the popup slot, but leave the attempt to the server's TTL.
  useEffect(() => () => endLiveAttempt(false), [endLiveAttempt]);

  /** A connection was made: onSuccess, then onError when Exact refuses this user some granted operations. */
  const reportSuccess = useCallback((connection: ConnectionSummary) => {
    callbacks.current?.onSuccess?.(connection);
    if (connection.missingOperations.length > 0) {
      callbacks.current?.onError?.({
        code: "INSUFFICIENT_PERMISSIONS",
        message: `Exact Online refuses this user: ${connection.missingOperations.join(", ")}`,
        missing: connection.missingOperations,
      });
    }
  }, []);

  // Redirect mode, back from Exact: report at once; show it once the session has loaded (effect below).
  useReturnedAttempt(transport, sessionToken, (outcome) => {
    if (outcome.status === "succeeded") reportSuccess(outcome.connection);
    else callbacks.current?.onError?.(outcome.error);
    setReturned(outcome);
    setReturnToShow(outcome);
  });
  const sessionLoaded = "session" in state && state.session !== null;
  useEffect(() => {
    if (!returnToShow || !sessionLoaded) return;
    dispatch({ type: "RETURNED", returned: returnToShow });
    setReturnToShow(null);
  }, [returnToShow, sessionLoaded]);

  const settle = useCallback(
    (attempt: Attempt, result: AttemptResult, popupGoneReported: () => boolean) => {
      endLiveAttempt(false);
      switch (result.status) {
        case "succeeded": {
          const { connection } = result;
          dispatch({ type: "SUCCEEDED", nonce: attempt.nonce, connection });
          return reportSuccess(connection);
        }
        case "failed":
          return fail(result.error, attempt);
        case "expired":
        case "cancelled":
          // After POPUP_CLOSED was reported, the attempt quietly running out is no news.
          if (popupGoneReported()) return dispatch({ type: "ATTEMPT_ENDED", nonce: attempt.nonce });
          return fail(
            result.status === "expired" ? morphError("STATE_EXPIRED") : morphError("CANCELLED"),
            attempt,
          );
        default:
          return result satisfies never;
      }
    },
    [endLiveAttempt, fail, reportSuccess],
  );

  /**
   * Sends the whole tab to Exact; it comes back to `returnUrl` and `useReturnedAttempt` takes over. No
   * popup blocker watches a navigation, so its code can arrive after the click: it stays out of the first load.
   */
  const startRedirect = useCallback(
    (attempt: Attempt, authorizeUrl: string) => {
      dispatch({ type: "START", attempt });
      void import("./redirect").then(({ navigateTo, redirectAuthorizeUrl }) => {
        let url: string;
        try {
          url = redirectAuthorizeUrl(authorizeUrl, attempt.returnUrl, window.location.href);
        } catch {
          return fail(morphError("VALIDATION_ERROR", "returnUrl must be an http(s) URL"), attempt);
        }
        // Back from Exact with the browser's Back button, the page may come out of the back/forward cache
        // as it was left: "Opening Exact Online…" would then wait forever.
        const onPageShow = (event: PageTransitionEvent) => {
          if (!event.persisted) return;
          window.removeEventListener("pageshow", onPageShow);
          dispatch({ type: "CANCELLED" });
        };
        window.addEventListener("pageshow", onPageShow);
        navigateTo(url);
      });
    },
    [fail],
  );

  /**
   * Opens the consent popup, or in redirect mode sends the tab to Exact. Must run synchronously inside a
   * click handler (Safari's popup blocker).
   */
  const start = useCallback(
    (region: Region, optionalOperations: Operation[] = [], redirect?: RedirectOptions) => {
      if (!("session" in state) || !state.session) return;
      endLiveAttempt(true);
      const nonce = createNonce();
      const authorizeUrl = () =>
        transport.authorizeUrl({ sessionToken, region, origin: window.location.origin, nonce, operations: optionalOperations });
      if (redirect) {
        return startRedirect({ nonce, region, optionalOperations, mode: "redirect", returnUrl: redirect.returnUrl }, authorizeUrl());
      }
      const slot = claimPopupSlot();
      if (!slot) return;
      const attempt: Attempt = { nonce, region, optionalOperations };
      const url = authorizeUrl();
      const popup = popupOpener(url, POPUP_NAME, centeredPopupFeatures());
      if (!popup) {
        slot.release();
        return fail(morphError("POPUP_BLOCKED", "The browser blocked the Exact Online popup"), attempt);
      }
      slot.hold(popup);
      dispatch({ type: "START", attempt });
      let popupGone = false;
      const watch = watchAttempt({
        transport,
        sessionToken,
        nonce: attempt.nonce,
        popup,
        onPopupClosedSeen: () => dispatch({ type: "POPUP_CLOSED_SEEN", nonce: attempt.nonce }),
        onPopupGone: () => {
          popupGone = true;
          // The popup is gone: another attempt may open one. This one is still watched for a late success.
          slot.release();
          const error = morphError("POPUP_CLOSED", "The Exact Online window was closed before the connection was made");
          dispatch({ type: "POPUP_GONE", nonce: attempt.nonce, error });
          callbacks.current?.onError?.(error);
          callbacks.current?.onClose?.();
        },
        onResult: (result) => settle(attempt, result, () => popupGone),
      });
      live.current = { attempt, popup, slot, stopWatching: watch.stop };
    },
    [state, transport, sessionToken, popupOpener, endLiveAttempt, fail, settle, startRedirect],
  );

  const cancel = useCallback(() => {
    if (!live.current) return;
    endLiveAttempt(true);
    dispatch({ type: "CANCELLED" });
    callbacks.current?.onClose?.();
  }, [endLiveAttempt]);

  /**
   * Opens Exact's consent popup at once, in the session's default region and with no optional
   * operations unless told otherwise. Call it synchronously in a click handler (popup blockers);
   * `ready` says when it can.
   */
  const open = useCallback(
    (options: OpenOptions = {}) => {
      if (!("session" in state) || !state.session) return;
      start(
        options.region ?? state.session.defaultRegion,
        options.optionalOperations ?? [],
        options.mode === "redirect" ? { returnUrl: options.returnUrl } : undefined,
      );
    },
    [state, start],
  );

  /** Repeats the failed attempt (same region and operations), or reloads a session that failed to load. */
  const retry = useCallback(() => {
    if (state.status !== "failed") return;
    if (!state.session) return setSessionRequest((count) => count + 1);
    const last = state.lastAttempt;
    if (last) start(last.region, last.optionalOperations, last.mode === "redirect" ? { returnUrl: last.returnUrl } : undefined);
    else dispatch({ type: "CANCELLED" });
  }, [state, start]);

  /**
   * After `POPUP_BLOCKED`: the same attempt in redirect mode, back to `returnUrl` (default: this page).
   * Runs in a click handler like `start`.
   */
  const continueInTab = useCallback(
    (returnUrl?: string) => {
      if (state.status !== "failed" || !state.session) return;
      const last = state.lastAttempt;
      start(last?.region ?? state.session.defaultRegion, last?.optionalOperations ?? [], { returnUrl });
    },
    [state, start],
  );

  /** A new attempt for an existing connection: its region, and the optional operations it was granted. */
  const reconnect = useCallback(
    (redirect?: RedirectOptions) => {
      if (state.status !== "connected") return;
      const optional = state.session.optionalOperations;
      start(
        state.connection.region,
        state.connection.grantedOperations.filter((operation) => optional.includes(operation)),
        redirect,
      );
    },
    [state, start],
  );

  /** Deletes the connection; resolves `true` once it is gone (a failure lands in `error`). */
  const disconnect = useCallback(async (): Promise<boolean> => {
    const response = await transport.deleteConnection(sessionToken);
    if (response.ok) dispatch({ type: "DISCONNECTED" });
    else fail(response.error);
    return response.ok;
  }, [transport, sessionToken, fail]);

  const focusPopup = useCallback(() => live.current?.popup.focus(), []);

  const session = "session" in state ? state.session : null;
  return {
    state: state as ConnectState,
    status: state.status as ConnectStatus,
    /** The session is loaded: `open` can open the popup synchronously. */
    ready: session !== null,
    session,
    connection: state.status === "connected" ? state.connection : null,
    error: state.status === "failed" ? state.error : null,
    returned,
    callbacks,
    start,
    continueInTab,
    open,
    cancel,
    retry,
    reconnect,
    disconnect,
    focusPopup,
  };
}

export interface RedirectOptions {
  /** Where Exact sends the tab back to, with `morph_attempt` added; default the current page. */
  returnUrl?: string;
}

export interface OpenOptions {
  /** Default: the session's `defaultRegion`. */
  region?: Region;
  /** Optional operations the user chose (a subset of the session's `optionalOperations`); default none. */
  optionalOperations?: Operation[];
  /**
   * `popup` (default): Exact opens in a window. `redirect`: the whole tab goes to Exact and comes back to
   * `returnUrl`; the widget mounted there reports the outcome (see `returned`).
   */
  mode?: ConnectMode;
  /** Redirect mode: the page to come back to (its origin must be in `MORPH_ALLOWED_ORIGINS`); default the current page. */
  returnUrl?: string;
}

export interface UseConnectResult {
  /** `loading | idle | authorizing | verifying | connected | failed`. */
  status: ConnectStatus;
  /** The session is loaded: `open()` can open the popup. */
  ready: boolean;
  error: MorphConnectError | null;
  connection: ConnectionSummary | null;
  /**
   * Redirect mode: the outcome this page came back from Exact with (`?morph_attempt=`), already reported
   * through the callbacks; `null` on any other page load.
   */
  returned: ReturnedAttempt | null;
  /** Opens Exact's consent popup (or, with `mode: "redirect"`, sends the tab there): call it in a click handler. */
  open(options?: OpenOptions): void;
  /** Ends the running attempt for good (the server refuses a late callback) and closes its popup. */
  cancel(): void;
  /** Repeats a failed attempt, or reloads a session that failed to load. */
  retry(): void;
  /** Deletes the connection; resolves `true` once it is gone. */
  disconnect(): Promise<boolean>;
}

/**
 * The headless Exact Online connect flow, shaped like `usePlaidLink`: build your own button on it
 * (inside `Morph.Provider`). `<Connect>` is the same flow with a dialog.
 */
export function useConnect(options: UseConnectOptions): UseConnectResult {
  const { status, ready, error, connection, returned, open, cancel, retry, disconnect } = useConnectFlow(options);
  return { status, ready, error, connection, returned, open, cancel, retry, disconnect };
}
