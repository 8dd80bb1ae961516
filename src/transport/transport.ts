import type { MorphConnectError } from "../errors";
import type {
  AttemptOutcome,
  ConnectionResponse,
  Model,
  Operation,
  PreviewResponse,
  Region,
  SessionInfo,
} from "../protocol";

/** Requests never throw: they answer with data or a typed error (`httpStatus` 0 for network failures). */
export type TransportResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: MorphConnectError; httpStatus: number };

export interface AuthorizeParams {
  sessionToken: string;
  region: Region;
  /** The embedding page's origin: the server posts the result to exactly this origin. */
  origin: string;
  nonce: string;
  /** The optional operations the user switched on. */
  operations: Operation[];
}

/**
 * Everything the widget asks of the server. `createHttpTransport` is the real one; tests and stories
 * pass `createFakeTransport` from `src/testing` to `Morph.Provider`'s `transport` prop.
 */
export interface Transport {
  /** Origin the OAuth callback page posts from; messages from any other origin are ignored. */
  readonly origin: string;
  /** Synchronous on purpose: the popup must open inside the click handler. */
  authorizeUrl(params: AuthorizeParams): string;
  getSession(sessionToken: string, signal?: AbortSignal): Promise<TransportResult<SessionInfo>>;
  /** Long-poll: answers when the attempt changes or after `waitSeconds` with `pending`. */
  getAttempt(
    sessionToken: string,
    nonce: string,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<TransportResult<AttemptOutcome>>;
  cancelAttempt(sessionToken: string, nonce: string): Promise<TransportResult<null>>;
  /**
   * Redirect mode: the outcome of the attempt the tab came back with (`?morph_attempt=<attemptId>`),
   * readable by any session of the same owner; long-polls a pending one for `waitSeconds`. Optional so
   * that a host's own transport without it still compiles (the widget then reports an error on return).
   */
  getReturnedAttempt?(
    sessionToken: string,
    attemptId: string,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<TransportResult<AttemptOutcome>>;
  getConnection(sessionToken: string, signal?: AbortSignal): Promise<TransportResult<ConnectionResponse>>;
  deleteConnection(sessionToken: string): Promise<TransportResult<null>>;
  getPreview(sessionToken: string, model: Model, signal?: AbortSignal): Promise<TransportResult<PreviewResponse>>;
}
