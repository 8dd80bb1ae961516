// Public API of morph-connect. Importing it touches no `window` or `document` (SSR-safe).
//
// "use client": every export is a client component or hook, so a Next.js App Router server component
// may import them and render them with serialisable props (https://react.dev/reference/rsc/use-client).
// Rolldown keeps an entry module's directive at the top of the built entry (dist/index.js); the chunks
// it splits off are only ever imported from that client entry, so they need none.
"use client";

import "./styles.css";
export { Morph, MorphProvider } from "./provider/morph-provider";
export type { MorphProviderProps } from "./provider/morph-provider";
export type { Appearance, Theme } from "./provider/appearance";
export type { PopupHandle, PopupOpener } from "./provider/popup-opener";
export { Connect } from "./connect/connect";
export type { ConnectProps } from "./connect/connect";
export { ConnectView } from "./connect/connect-view";
export { ConnectContext } from "./connect/connect-context";
export type { ConnectActions, ConnectContextValue } from "./connect/connect-context";
export { useConnect } from "./connect/use-connect";
export type { OpenOptions, UseConnectOptions, UseConnectResult } from "./connect/use-connect";
export type { ReturnedAttempt } from "./connect/returned-attempt";
export type { Attempt, ConnectState, ConnectStatus } from "./connect/machine";
export type { PreviewEntry } from "./connect/preview/use-previews";
export type { ConnectionCallbacks, OnClose, OnError, OnSuccess } from "./connect/callbacks";
export type { MorphConnectError } from "./errors";
export { createHttpTransport } from "./transport/http-transport";
export type { AuthorizeParams, Transport, TransportResult } from "./transport/transport";
export type { Locale } from "./i18n/locale";
export type { Messages } from "./i18n/en";
export type {
  AttemptOutcome,
  BuiltInModel,
  ConnectionDivision,
  ConnectionSummary,
  ConnectMode,
  ErrorCode,
  Model,
  Operation,
  Region,
  SessionInfo,
  SessionModel,
} from "./protocol";
