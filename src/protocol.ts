/**
 * The wire contract between the widget (browser) and the morph-connect server.
 * Types only plus a few constants: importing this file touches no `window` and no Node API,
 * so both `src/` and `server/` depend on it.
 */

export const CONNECTOR_ID = "exact-online" as const;
export type ConnectorId = typeof CONNECTOR_ID;

/** Exact Online's regional hosts: https://start.exactonline.{region}. */
export const REGIONS = ["nl", "be", "de", "fr", "es", "co.uk", "com"] as const;
export type Region = (typeof REGIONS)[number];
export const DEFAULT_REGION: Region = "nl";

export const MODELS = [
  "genericContact",
  "genericCompany",
  "genericUser",
  "genericWorkspace",
  "accountingInvoice",
  "accountingInvoiceItem",
  "accountingProduct",
  "accountingBill",
  "accountingPayment",
  "accountingReceivable",
  "accountingLedgerAccount",
  "accountingTaxRate",
  "accountingJournalEntry",
  "accountingBalance",
  "accountingAttachment",
] as const;
/** The unified models every server has. */
export type BuiltInModel = (typeof MODELS)[number];
/** A model name: a built-in one, or a custom model the server's operator declared (MORPH_CUSTOM_MODELS). */
export type Model = BuiltInModel | (string & {});

export const ACTIONS = ["list", "retrieve", "create", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

/** Raw calls through the proxy to endpoints outside the granted models ("Direct API access"). */
export const PROXY_OPERATIONS = ["proxy::read", "proxy::write"] as const;
export type ProxyOperation = (typeof PROXY_OPERATIONS)[number];

/** An operation is `model::action`, e.g. `genericContact::list`, or a proxy operation. */
export type Operation = `${Model}::${Action}` | ProxyOperation;

/** One model a session asks for, as the dialog shows it (custom models included, so no list is compiled in). */
export interface SessionModel {
  name: Model;
  /** The server's English label, e.g. "Contacts"; the widget uses its own translation for built-in models. */
  label: string;
  /** The actions the server supports on this model (`read`/`write` for the `proxy` pseudo-model). */
  operations: Array<Action | "read" | "write">;
}

/** Every error code the server or the widget reports. Stable: hosts branch on them. */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "UNAUTHORIZED"
  | "INVALID_SESSION"
  | "SESSION_EXPIRED"
  | "ORIGIN_NOT_ALLOWED"
  | "INVALID_STATE"
  | "STATE_EXPIRED"
  | "ACCESS_DENIED"
  | "CONNECTION_NOT_FOUND"
  | "INSUFFICIENT_PERMISSIONS"
  | "OPERATION_NOT_SUPPORTED"
  | "NOT_FOUND"
  | "RATE_LIMITED"
  | "PROVIDER_ERROR"
  | "PROVIDER_TIMEOUT"
  | "UNAVAILABLE"
  | "NEEDS_REAUTH"
  | "IDEMPOTENCY_CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_ATTEMPTS"
  | "INTERNAL_ERROR"
  | "UNAVAILABLE"
  | "PROVIDER_TIMEOUT"
  // Raised by the widget itself:
  | "POPUP_BLOCKED"
  | "POPUP_CLOSED"
  | "CANCELLED"
  | "NETWORK_ERROR";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export type ConnectionState = "connected" | "needs_reauth";
/** `pending`: created by the backend (`POST /v1/connections`), not yet authorized by the user. */
export type ConnectionStatus = ConnectionState | "pending";

/** The last failure that changed a connection's status, e.g. Exact refusing a refresh for good. */
export interface ConnectionError {
  code: string;
  message: string;
  at: string;
}

/** What the backend attaches to a connection and what the server records of its health. */
export interface ConnectionLabelsAndHealth {
  /** At most 20 entries; keys of 1–40 `[A-Za-z0-9_.-]`, values of at most 500 characters. */
  metadata: Record<string, string>;
  /** At most 20, each 1–64 `[A-Za-z0-9_.:-]`. */
  tags: string[];
  /** The last call to Exact for a customer request (resources, proxy), to the minute; neither the poller nor the keep-alive counts. */
  lastUsedAt: string | null;
  /** When the tokens were last refreshed. */
  lastRefreshedAt: string | null;
  lastError: ConnectionError | null;
}

/** One Exact administration (division) of a connection, with the rights its user lacks there (issue 18). */
export interface ConnectionDivision {
  /** Exact's division code (an integer). */
  code: number;
  name: string;
  /** Granted operations that Exact's UserHasRights says this user may not perform in this division. */
  missingOperations: Operation[];
  /** "unknown" when Exact could not be asked yet; asked again on the next call there. */
  permissions: "checked" | "unknown";
}

/**
 * One division the connection's Exact user reaches, as `GET /v1/connections/:connectorId/:ownerId/divisions`
 * lists them (asked of Exact): `connected` when the connection holds it (`PATCH` adds or removes divisions).
 */
export interface ConnectionDivisionChoice {
  code: number;
  name: string;
  connected: boolean;
}

/** `PATCH /v1/connections/:connectorId/:ownerId`: each given value replaces the whole one. */
export interface ConnectionChanges {
  metadata?: Record<string, string>;
  tags?: string[];
  /** The connection's divisions (at least one; each checked with Exact). Removing the default needs `defaultDivision`. */
  divisions?: number[];
  /** The division calls go to without `x-division`; one of the resulting `divisions`. */
  defaultDivision?: number;
}

/** What the widget and `onSuccess` see of a connection. Provider tokens never appear here. */
export interface ConnectionSummary extends ConnectionLabelsAndHealth {
  connectionId: string;
  connectorId: ConnectorId;
  ownerId: string;
  region: Region;
  /** Exact's division code (an integer). */
  division: number;
  /** The division's company name, e.g. "Bakkerij De Gouden Korenschoof B.V.". */
  divisionName: string;
  /**
   * Every division the connection reaches (the user chose them at connect time; `PATCH` changes them). Calls
   * name one with the `x-division` header; without it they go to `defaultDivision`. `division`,
   * `divisionName` and `missingOperations` above are the default division's.
   */
  divisions: ConnectionDivision[];
  defaultDivision: number;
  status: ConnectionState;
  grantedOperations: Operation[];
  /** Granted operations that Exact's UserHasRights says this user may not perform. */
  missingOperations: Operation[];
  /**
   * "unknown" when Exact could not be asked at connect time (an error other than a missing right): the
   * server asks again on the next call and through the permissions route.
   */
  permissions: "checked" | "unknown";
  createdAt: string;
  updatedAt: string;
}

/**
 * A connection the backend created that no user has authorized yet: no region, division or grants, no
 * tokens. Only the backend routes and events show it; the widget sees no connection.
 */
export interface PendingConnectionSummary extends ConnectionLabelsAndHealth {
  connectionId: string;
  connectorId: ConnectorId;
  ownerId: string;
  region: null;
  division: null;
  divisionName: null;
  divisions: [];
  defaultDivision: null;
  status: "pending";
  grantedOperations: [];
  missingOperations: [];
  permissions: "unknown";
  createdAt: string;
  updatedAt: string;
}

/**
 * A connection as the backend routes show it (`POST`, `PATCH`, `GET /v1/connections…`): the summary of any
 * status, plus the operations `POST /v1/connections` last asked for (what the next authorization should grant).
 */
export type ConnectionResource = (ConnectionSummary | PendingConnectionSummary) & {
  requestedOperations: Operation[];
  requestedOptionalOperations: Operation[];
};

/** `GET /v1/connect/session` */
export interface SessionInfo {
  connectorId: ConnectorId;
  ownerId: string;
  regions: Region[];
  defaultRegion: Region;
  operations: Operation[];
  optionalOperations: Operation[];
  /** Every model named in `operations` or `optionalOperations`, in the order first named. */
  models: SessionModel[];
  expiresAt: string;
  /** True when the server talks to its built-in Exact Online sandbox. */
  sandbox: boolean;
  connection: ConnectionSummary | null;
}

/** `GET /v1/connect/connection` */
export interface ConnectionResponse {
  connection: ConnectionSummary | null;
}

/**
 * `GET /v1/connect/attempts/:nonce?wait=<seconds>`: the server's view of one popup attempt, the
 * authority when the popup's message cannot reach the opener (COOP) or the popup seems closed.
 */
export type AttemptOutcome =
  | { status: "pending" }
  | { status: "succeeded"; connection: ConnectionSummary }
  | { status: "failed"; error: { code: ErrorCode; message: string } }
  | { status: "expired" }
  | { status: "cancelled" };

/** The message the OAuth callback page posts to the embedding page's origin. */
export const CALLBACK_MESSAGE_TYPE = "morph-connect:oauth-result" as const;
export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  nonce: string;
  result:
    | { ok: true; connection: ConnectionSummary }
    | { ok: false; error: { code: ErrorCode; message: string } };
}

/** `GET /v1/connect/preview/:model` */
export interface PreviewResponse {
  model: Model;
  data: Array<Record<string, unknown>>;
}

/**
 * How the widget sends the browser to Exact (issue 17): `popup` (the default) or `redirect`, the whole tab,
 * which comes back to `returnUrl` with `ATTEMPT_QUERY_PARAM` added. `GET /v1/connect/authorize` takes
 * `mode=redirect&returnUrl=<absolute URL on an allowed origin>`.
 */
export type ConnectMode = "popup" | "redirect";
/** The query parameter a redirect-mode attempt returns with: `morph_attempt=att_…`. */
export const ATTEMPT_QUERY_PARAM = "morph_attempt" as const;
/** `att_` and at least 22 base64url characters (128+ random bits): what `ATTEMPT_QUERY_PARAM` carries. */
export const ATTEMPT_ID_PATTERN = /^att_[A-Za-z0-9_-]{22,64}$/;
/** `GET ${RETURNED_ATTEMPT_PATH}/:attemptId?wait=<seconds>` (session token) → `AttemptOutcome`, for any session of the same owner. */
export const RETURNED_ATTEMPT_PATH = "/v1/connect/attempts/returned" as const;

/**
 * How many of the divisions (administrations) the token reaches the user may keep when there are several (issue 18):
 * `multiple` (the default) or `single`. `POST /v1/sessions` and the authorize call take it as `divisionSelection`.
 */
export const DIVISION_SELECTIONS = ["single", "multiple"] as const;
export type DivisionSelection = (typeof DIVISION_SELECTIONS)[number];

/** `POST /v1/connections/:connectorId/:ownerId/authorize` (secret key): a shareable, hosted connect link. */
export interface AuthorizeRequest {
  /** Where the browser goes after Exact (origin in MORPH_ALLOWED_ORIGINS); absent: a hosted "Connected" page. */
  redirectUrl?: string;
  /** The region the page pre-selects; the user may change it. */
  region?: Region;
  /** Seconds the link stays usable: default 86400, at most 604800 (7 days). */
  expiresIn?: number;
  /** A reconnect link accepts another Exact user than the connected one only when true. */
  allowUserChange?: boolean;
  /** When the user's token reaches several divisions: may they keep several (default) or one? */
  divisionSelection?: DivisionSelection;
}

export interface AuthorizationLink {
  /** `cl_…`: revoke with `DELETE /v1/connections/:connectorId/:ownerId/authorize/:id`. */
  id: string;
  /** The hosted connect page; a bearer capability: whoever has it may connect this owner. */
  authorizationUrl: string;
  expiresAt: string;
}
