import { errorFromServer, isSessionError } from "../errors";
import type { MorphConnectError } from "../errors";
import { CALLBACK_MESSAGE_TYPE } from "../protocol";
import type { CallbackMessage, ConnectionSummary } from "../protocol";
import type { PopupHandle } from "../provider/popup-opener";
import type { Transport } from "../transport/transport";

export type AttemptResult =
  | { status: "succeeded"; connection: ConnectionSummary }
  | { status: "failed"; error: MorphConnectError }
  | { status: "expired" }
  | { status: "cancelled" };

export interface WatchAttemptOptions {
  transport: Transport;
  sessionToken: string;
  nonce: string;
  popup: PopupHandle;
  /** `popup.closed` read true: only a hint (COOP severs the opener while the user is still consenting). */
  onPopupClosedSeen(): void;
  /** The popup seems closed and the server still has nothing after the grace period. Watching goes on. */
  onPopupGone(): void;
  /** Called at most once, and never after `stop()`. */
  onResult(result: AttemptResult): void;
}

const LONG_POLL_SECONDS = 20;
const POPUP_CHECK_MS = 500;
const GRACE_MS = 1500;
const MIN_POLL_INTERVAL_MS = 1000;

/**
 * Waits for one attempt's outcome from both sources: the callback page's `postMessage` (fast, but lost
 * when COOP cuts `window.opener`) and the server's long-poll (the authority). Whichever answers first wins.
 */
export function watchAttempt(options: WatchAttemptOptions): { stop(): void } {
  const { transport, sessionToken, nonce, popup } = options;
  const controller = new AbortController();
  const { signal } = controller;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const onMessage = (event: MessageEvent) => {
    const data = event.data as Partial<CallbackMessage> | null;
    if (event.origin !== transport.origin || data?.type !== CALLBACK_MESSAGE_TYPE || data.nonce !== nonce) return;
    const result = data.result;
    if (!result) return;
    finish(result.ok ? { status: "succeeded", connection: result.connection } : { status: "failed", error: errorFromServer(result.error) });
  };

  const popupTimer = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(popupTimer);
    options.onPopupClosedSeen();
    void sleep(GRACE_MS)
      .then(() => ask(0))
      .then((answer) => {
        if (answer !== "settled" && !signal.aborted) options.onPopupGone();
      });
  }, POPUP_CHECK_MS);

  function stop() {
    controller.abort();
    window.removeEventListener("message", onMessage);
    clearInterval(popupTimer);
    timers.forEach(clearTimeout);
  }

  function finish(result: AttemptResult) {
    if (signal.aborted) return;
    stop();
    options.onResult(result);
  }

  async function ask(waitSeconds: number): Promise<"settled" | "pending"> {
    const response = await transport.getAttempt(sessionToken, nonce, waitSeconds, signal);
    if (signal.aborted) return "settled";
    if (response.ok && response.data.status === "failed") finish({ status: "failed", error: errorFromServer(response.data.error) });
    else if (response.ok && response.data.status !== "pending") finish(response.data);
    else if (!response.ok && isSessionError(response.error)) finish({ status: "failed", error: response.error });
    // Anything else (pending, a 404 before the popup reached the server, a network blip) means: ask again.
    return signal.aborted ? "settled" : "pending";
  }

  async function poll() {
    while (!signal.aborted) {
      const startedAt = Date.now();
      await ask(LONG_POLL_SECONDS);
      const elapsed = Date.now() - startedAt;
      if (!signal.aborted && elapsed < MIN_POLL_INTERVAL_MS) await sleep(MIN_POLL_INTERVAL_MS - elapsed);
    }
  }

  window.addEventListener("message", onMessage);
  void poll();
  return { stop };
}
