// Sessions, connections and previews the static stories render. Dutch company data, like the sandbox.
import { isSessionError, morphError } from "../../src/errors";
import type { Attempt, ConnectState, Operation, PreviewEntry, SessionInfo } from "../../src/index";
import type { Action } from "../../src/protocol";
import { MODELS } from "../../src/protocol";
import { fakeConnection, fakePreviewRows, fakeSession, fakeSessionModels } from "../../src/testing";
import type { UserErrorCode } from "./user-errors";

/** Two required permissions, nothing to choose. */
export const fewPermissionsSession: SessionInfo = fakeSession({
  operations: ["genericContact::list", "genericCompany::list"],
  optionalOperations: [],
});

/** Many required permissions and optional ones the user may switch on. */
export const optionalPermissionsSession: SessionInfo = fakeSession({
  operations: [
    "genericContact::list",
    "genericContact::retrieve",
    "genericContact::create",
    "genericContact::update",
    "genericCompany::list",
    "genericCompany::retrieve",
    "accountingInvoice::list",
    "accountingInvoice::retrieve",
  ],
  optionalOperations: ["genericContact::delete", "accountingInvoice::create", "accountingInvoiceItem::list"],
});

/** Every unified model: reading is required, writing optional. */
export const allModelsSession: SessionInfo = fakeSession({
  operations: MODELS.flatMap((model): Operation[] => [`${model}::list`, `${model}::retrieve`]),
  optionalOperations: MODELS.flatMap((model): Operation[] => [`${model}::create`, `${model}::update`, `${model}::delete`]),
});

const customOperations: Operation[] = ["genericContact::list", "exactJournal::list", "exactJournal::retrieve"];
// `proxy::read`/`proxy::write` are not `Operation`s of today's protocol; a server may send them all the same.
const customOptional = ["exactItem::list", "proxy::read", "proxy::write"] as Operation[];

/**
 * Custom models an operator declared (`MORPH_CUSTOM_MODELS`) next to a built-in one, and raw API access
 * with actions the widget does not know: labels come from the session, not from the widget.
 */
export const customModelsSession: SessionInfo = fakeSession({
  operations: customOperations,
  optionalOperations: customOptional,
  models: fakeSessionModels(
    [...customOperations, ...customOptional],
    [
      { name: "exactJournal", label: "Journals", operations: ["list", "retrieve"] },
      { name: "exactItem", label: "Items", operations: ["list", "retrieve"] },
      { name: "proxy", label: "Direct API access", operations: ["read", "write"] as unknown as Action[] },
    ],
  ),
});

export const attempt: Attempt = { nonce: "5f0c2b9e8d7a6f4e3c2b1a0987654321", region: "be", optionalOperations: [] };

export const connection = fakeConnection({
  region: "be",
  grantedOperations: ["genericContact::list", "genericCompany::list", "accountingInvoice::list", "accountingInvoiceItem::list"],
});

/** Loaded rows for several models, one of them empty. */
export const previews: PreviewEntry[] = [
  {
    model: "genericContact",
    status: "loaded",
    rows: [
      ...(fakePreviewRows.genericContact ?? []),
      { id: "c3", firstName: "Fatima", lastName: "El Amrani", email: "fatima@korenschoof.nl" },
    ],
  },
  {
    model: "accountingInvoice",
    status: "loaded",
    rows: [
      ...(fakePreviewRows.accountingInvoice ?? []),
      { id: "i2", number: "2025-002", customer: { id: "a2", name: "Café 't Hoekje" }, totalAmount: 86.25, currency: "EUR" },
    ],
  },
  {
    model: "accountingInvoiceItem",
    status: "loaded",
    rows: [{ id: "l1", description: "Desembrood", quantity: 40, amount: 138, currency: "EUR" }],
  },
  { model: "genericCompany", status: "loaded", rows: [] },
];

/** A custom model's rows: its columns are derived from them. */
export const customModelPreviews: PreviewEntry[] = [
  {
    model: "exactJournal",
    status: "loaded",
    rows: [
      { id: "j1", createdAt: null, updatedAt: null, code: "70", description: "Verkoopboek", type: 20 },
      { id: "j2", createdAt: null, updatedAt: null, code: "20", description: "Bank ING", type: 12 },
    ],
  },
  previews[0]!,
];

/** The preview of the first model failed, the second is still loading. */
export const failedPreviews: PreviewEntry[] = [
  { model: "genericContact", status: "error" },
  { model: "accountingInvoice", status: "loading" },
];

export const session = optionalPermissionsSession;

export const states = {
  loading: { status: "loading" },
  /** Ready, dialog open: the chooser. */
  choosing: (choosing: SessionInfo): ConnectState => ({ status: "idle", session: choosing }),
  authorizing: { status: "authorizing", session, attempt },
  verifying: { status: "verifying", session, attempt },
  redirecting: { status: "authorizing", session, attempt: { ...attempt, mode: "redirect" } },
  connected: { status: "connected", session, connection },
  missingPermissions: {
    status: "connected",
    session,
    connection: { ...connection, missingOperations: ["genericContact::create", "accountingInvoice::list"] },
  },
  needsReauth: { status: "connected", session, connection: { ...connection, status: "needs_reauth" } },
  connectedCustomModels: {
    status: "connected",
    session: customModelsSession,
    connection: { ...connection, grantedOperations: customOperations },
  },
} satisfies Record<string, ConnectState | ((session: SessionInfo) => ConnectState)>;

/** What Exact refuses in the INSUFFICIENT_PERMISSIONS story (the server's `details.missing`). */
export const insufficientPermissionsMissing: Operation[] = ["genericContact::create", "genericContact::update", "accountingInvoice::list"];

/** A failed state as the widget reaches it: session errors leave no session to retry with. */
export function failedState(code: UserErrorCode): ConnectState {
  const error =
    code === "INSUFFICIENT_PERMISSIONS"
      ? { ...morphError(code), missing: insufficientPermissionsMissing }
      : morphError(code);
  return isSessionError(error)
    ? { status: "failed", session: null, error }
    : { status: "failed", session, error, lastAttempt: attempt };
}
