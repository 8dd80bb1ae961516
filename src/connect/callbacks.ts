import type { MorphConnectError } from "../errors";
import type { ConnectionSummary } from "../protocol";

/** A new connection was made (called once per successful attempt). */
export type OnSuccess = (connection: ConnectionSummary) => void;
/** Something went wrong, or the connection lacks permissions (`INSUFFICIENT_PERMISSIONS` with `missing`). */
export type OnError = (error: MorphConnectError) => void;
/** The user closed the flow without connecting (Cancel, dialog closed, popup closed). */
export type OnClose = () => void;

export interface ConnectionCallbacks {
  onSuccess?: OnSuccess;
  onError?: OnError;
  onClose?: OnClose;
}
