import { CALLBACK_MESSAGE_TYPE } from "../protocol";
import type { CallbackMessage } from "../protocol";

/** Dispatches what the OAuth callback page would post to the embedding window. */
export function postCallbackMessage(origin: string, nonce: string, result: CallbackMessage["result"]): void {
  const data: CallbackMessage = { type: CALLBACK_MESSAGE_TYPE, nonce, result };
  window.dispatchEvent(new MessageEvent("message", { data, origin }));
}
