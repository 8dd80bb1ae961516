import { splitOperation } from "../connect/permissions";
import { en } from "../i18n/en";
import type { Action, AttemptOutcome, BuiltInModel, ConnectionSummary, ErrorCode, Model, Operation, SessionInfo, SessionModel } from "../protocol";
import { ACTIONS, REGIONS } from "../protocol";
import type { Transport, TransportResult } from "../transport/transport";

/**
 * How the fake server behaves. `success`: the attempt succeeds after `delayMs`; `denied`: Exact's consent
 * is refused (ACCESS_DENIED); `closed`: nothing ever completes (the popup-closed path); `expired`: the
 * session token has expired; `needs_reauth`: the session already has a connection needing re-auth;
 * `missing_permissions`: success, but Exact refuses some granted operations; `connected`: already
 * connected; `manual`: the test completes attempts with `complete()`; any `ErrorCode`: the attempt
 * fails with it.
 */
export type FakeOutcome =
  | "success"
  | "denied"
  | "closed"
  | "expired"
  | "needs_reauth"
  | "missing_permissions"
  | "connected"
  | "manual"
  | ErrorCode;

export interface FakeScenario {
  outcome?: FakeOutcome;
  /** Delay before an automatic attempt outcome, in ms. */
  delayMs?: number;
  session?: Partial<SessionInfo>;
  /** Rows per model for the preview; models absent here answer 404 unless `previewError`. */
  previews?: Partial<Record<Model, Array<Record<string, unknown>>>>;
  previewError?: boolean;
  /** Origin the fake "callback page" posts from. */
  origin?: string;
  /**
   * Redirect mode: outcomes of attempts made on an earlier page load, by attempt id (`att_…`), as
   * `GET /v1/connect/attempts/returned/:id` answers them; any other id answers 404 (another owner's).
   */
  returnedAttempts?: Record<string, AttemptOutcome>;
  /** Redirect mode: the outcome of any returned attempt id not in `returnedAttempts` (stories use a fresh id per visit). */
  anyReturnedAttempt?: AttemptOutcome;
}

export interface FakeTransport extends Transport {
  /** Every call, in order, e.g. `getSession`, `cancelAttempt:<nonce>`. */
  calls: string[];
  /** Nonces of attempts the widget asked the authorize URL for. */
  nonces: string[];
  /** Completes an attempt (default: the latest) as the server would see it. */
  complete(outcome: AttemptOutcome, nonce?: string): void;
}

export const FAKE_ORIGIN = "https://connect.example.test";

const required: Operation[] = ["genericContact::list", "genericContact::retrieve", "genericContact::create", "accountingInvoice::list"];
const optional: Operation[] = ["genericContact::delete", "genericCompany::list"];

export function fakeConnection(overrides: Partial<ConnectionSummary> = {}): ConnectionSummary {
  const division = overrides.division ?? 1234567;
  const divisionName = overrides.divisionName ?? "Bakkerij De Gouden Korenschoof B.V.";
  return {
    connectionId: "conn_1",
    connectorId: "exact-online",
    ownerId: "owner_1",
    region: "nl",
    division,
    divisionName,
    divisions: [{ code: division, name: divisionName, missingOperations: overrides.missingOperations ?? [], permissions: "checked" }],
    defaultDivision: division,
    status: "connected",
    permissions: "checked",
    grantedOperations: [...required],
    missingOperations: [],
    createdAt: "2025-01-01T10:00:00.000Z",
    updatedAt: "2025-01-01T10:00:00.000Z",
    metadata: {},
    tags: [],
    lastUsedAt: null,
    lastRefreshedAt: null,
    lastError: null,
    ...overrides,
  };
}

/** What the server supports on the built-in models (Exact has no writes on users and divisions). */
const BUILT_IN_ACTIONS: Record<BuiltInModel, readonly Action[]> = {
  genericContact: ACTIONS,
  genericCompany: ACTIONS,
  genericUser: ["list", "retrieve"],
  genericWorkspace: ["list", "retrieve"],
  accountingInvoice: ACTIONS,
  accountingInvoiceItem: ACTIONS,
  accountingProduct: ACTIONS,
  accountingBill: ACTIONS,
  accountingPayment: ["list", "retrieve"],
  accountingReceivable: ["list", "retrieve"],
  accountingLedgerAccount: ACTIONS,
  accountingTaxRate: ["list", "retrieve"],
  accountingJournalEntry: ["list", "retrieve", "create"],
  accountingAttachment: ["list", "retrieve", "create", "delete"],
  accountingBalance: ["list", "retrieve"],
};

/**
 * `SessionInfo.models` as the server builds it: every model the operations name, in the order first
 * named, with the server's English label. A model missing from `custom` is labelled by its name.
 */
export function fakeSessionModels(operations: readonly Operation[], custom: readonly SessionModel[] = []): SessionModel[] {
  const models: SessionModel[] = [];
  for (const operation of operations) {
    const [name] = splitOperation(operation);
    if (models.some((model) => model.name === name)) continue;
    const builtIn = Object.hasOwn(BUILT_IN_ACTIONS, name) ? (name as BuiltInModel) : undefined;
    models.push(
      builtIn
        ? { name, label: en.models[builtIn], operations: [...BUILT_IN_ACTIONS[builtIn]] }
        : (custom.find((model) => model.name === name) ?? { name, label: name, operations: [] }),
    );
  }
  return models;
}

/** A session; `models` follows the operations unless given. */
export function fakeSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  const operations = overrides.operations ?? [...required];
  const optionalOperations = overrides.optionalOperations ?? [...optional];
  return {
    connectorId: "exact-online",
    ownerId: "owner_1",
    regions: [...REGIONS],
    defaultRegion: "nl",
    expiresAt: "2099-01-01T00:00:00.000Z",
    sandbox: true,
    connection: null,
    ...overrides,
    operations,
    optionalOperations,
    models: overrides.models ?? fakeSessionModels([...operations, ...optionalOperations]),
  };
}

export const fakePreviewRows: Partial<Record<Model, Array<Record<string, unknown>>>> = {
  genericContact: [
    { id: "c1", firstName: "Anna", lastName: "de Vries", email: "anna@korenschoof.nl" },
    { id: "c2", firstName: "Joost", lastName: "Bakker", email: "joost@korenschoof.nl" },
  ],
  accountingInvoice: [{ id: "i1", number: "2025-001", customer: { id: "a1", name: "Hotel Zon" }, totalAmount: 1250.5, currency: "EUR" }],
  genericCompany: [],
};

const ok = <T>(data: T): TransportResult<T> => ({ ok: true, data });
const fail = <T>(code: ErrorCode, httpStatus: number): TransportResult<T> => ({
  ok: false,
  httpStatus,
  error: { code, message: code },
});

/** An in-memory morph-connect server for tests and stories. */
export function createFakeTransport(scenario: FakeScenario = {}): FakeTransport {
  const { outcome = "success", delayMs = 50, origin = FAKE_ORIGIN } = scenario;
  const outcomes = new Map<string, AttemptOutcome>();
  const waiters = new Set<() => void>();
  let connection: ConnectionSummary | null =
    outcome === "connected"
      ? fakeConnection()
      : outcome === "needs_reauth"
        ? fakeConnection({ status: "needs_reauth" })
        : null;
  const session = () => fakeSession({ connection, ...scenario.session });

  const transport: FakeTransport = {
    origin,
    calls: [],
    nonces: [],
    complete(result, nonce = transport.nonces.at(-1)) {
      if (!nonce || outcomes.get(nonce)?.status !== "pending") return;
      outcomes.set(nonce, result);
      if (result.status === "succeeded") connection = result.connection;
      waiters.forEach((wake) => wake());
    },
    authorizeUrl({ nonce, region, operations }) {
      transport.calls.push("authorizeUrl");
      transport.nonces.push(nonce);
      outcomes.set(nonce, { status: "pending" });
      const automatic: AttemptOutcome | null =
        outcome === "success" || outcome === "connected" || outcome === "needs_reauth"
          ? { status: "succeeded", connection: fakeConnection({ region, grantedOperations: [...required, ...operations] }) }
          : outcome === "missing_permissions"
            ? {
                status: "succeeded",
                connection: fakeConnection({ region, missingOperations: ["genericContact::create"] }),
              }
            : outcome === "denied"
              ? { status: "failed", error: { code: "ACCESS_DENIED", message: "The user denied access" } }
              : outcome === "closed" || outcome === "manual" || outcome === "expired"
                ? null
                : { status: "failed", error: { code: outcome, message: outcome } };
      if (automatic) setTimeout(() => transport.complete(automatic, nonce), delayMs);
      return `${origin}/v1/connect/authorize?nonce=${nonce}&region=${region}`;
    },
    async getSession() {
      transport.calls.push("getSession");
      return outcome === "expired" ? fail("SESSION_EXPIRED", 401) : ok(session());
    },
    async getAttempt(_token, nonce, waitSeconds, signal) {
      transport.calls.push(`getAttempt:${nonce}`);
      const current = () => outcomes.get(nonce);
      if (!current()) return fail("NOT_FOUND", 404);
      if (current()?.status === "pending" && waitSeconds > 0) {
        // Long-poll: answer when the attempt changes, after `waitSeconds`, or when aborted.
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, waitSeconds * 1000);
          waiters.add(wake);
          signal?.addEventListener("abort", wake);
        });
      }
      if (signal?.aborted) return fail("NETWORK_ERROR", 0);
      return ok(current() ?? { status: "expired" });
    },
    async getReturnedAttempt(_token, attemptId) {
      transport.calls.push(`getReturnedAttempt:${attemptId}`);
      const returned = scenario.returnedAttempts ?? {};
      if (Object.hasOwn(returned, attemptId)) return ok(returned[attemptId]!);
      return scenario.anyReturnedAttempt ? ok(scenario.anyReturnedAttempt) : fail("NOT_FOUND", 404);
    },
    async cancelAttempt(_token, nonce) {
      transport.calls.push(`cancelAttempt:${nonce}`);
      if (outcomes.get(nonce)?.status === "pending") transport.complete({ status: "cancelled" }, nonce);
      return ok(null);
    },
    async getConnection() {
      transport.calls.push("getConnection");
      return ok({ connection });
    },
    async deleteConnection() {
      transport.calls.push("deleteConnection");
      connection = null;
      return ok(null);
    },
    async getPreview(_token, model) {
      transport.calls.push(`getPreview:${model}`);
      if (scenario.previewError) return fail("PROVIDER_ERROR", 502);
      const rows = (scenario.previews ?? fakePreviewRows)[model];
      return rows ? ok({ model, data: rows }) : fail("NOT_FOUND", 404);
    },
  };
  return transport;
}
