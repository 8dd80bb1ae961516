import type { Action, BuiltInModel, ErrorCode } from "../protocol";
import { triggerMessages } from "./trigger";

/**
 * Codes that only the backend's secret-key routes answer (resources, proxy): the widget calls none of
 * them, so its catalogues carry no words for them (and the dialog chunk stays within its size budget).
 * Should one arrive anyway, the failed view shows INTERNAL_ERROR's message.
 */
export type BackendOnlyErrorCode = "IDEMPOTENCY_CONFLICT" | "PAYLOAD_TOO_LARGE" | "OPERATION_NOT_SUPPORTED";
export type WidgetErrorCode = Exclude<ErrorCode, BackendOnlyErrorCode>;

/** The reference catalogue: every other locale must have exactly these keys (see `Messages`). */
export const en = {
  ...triggerMessages.en,
  close: "Close",
  loading: "Loading…",
  intro: "Choose your region and review what this app may do.",
  region: "Region",
  permissions: "Permissions",
  alwaysOn: "Always included",
  optional: "Optional",
  sandbox: "Sandbox mode: a simulated Exact Online, no real data.",
  continue: "Continue",
  cancel: "Cancel",
  waiting: "Waiting for Exact Online…",
  waitingHint: "Sign in and approve access in the Exact Online window.",
  focusWindow: "Focus window",
  verifying: "Checking the connection…",
  connected: "Connected to Exact Online",
  needsReauth: "Reconnect needed",
  needsReauthHint: "Exact Online no longer accepts this connection. Connect again.",
  company: "Company",
  division: "Division",
  missingTitle: "Some permissions are missing",
  missingHint: "Your Exact Online user may not do the following:",
  forAdministrator: "For your Exact Online administrator:",
  /** `{rights}` is replaced by the missing rights, e.g. "Contacts: create; Sales invoices: list". */
  administratorRequest: "Please give my Exact Online user these rights: {rights}.",
  preview: "Data preview",
  previewEmpty: "No records yet.",
  previewError: "The preview could not be loaded.",
  reconnect: "Re-connect",
  disconnect: "Disconnect",
  failed: "Could not connect",
  tryAgain: "Try again",
  errors: {
    VALIDATION_ERROR: "The request was not valid.",
    UNAUTHORIZED: "This page may not connect.",
    INVALID_SESSION: "This connection link is not valid. Reload the page.",
    SESSION_EXPIRED: "This connection link has expired. Reload the page.",
    ORIGIN_NOT_ALLOWED: "This website may not connect.",
    INVALID_STATE: "The sign-in could not be verified.",
    STATE_EXPIRED: "The sign-in took too long.",
    ACCESS_DENIED: "Access was not granted in Exact Online.",
    CONNECTION_NOT_FOUND: "There is no connection yet.",
    INSUFFICIENT_PERMISSIONS: "Your Exact Online user lacks some permissions.",
    NOT_FOUND: "Not found.",
    RATE_LIMITED: "Exact Online is busy. Wait a minute.",
    PROVIDER_ERROR: "Exact Online reported an error.",
    NEEDS_REAUTH: "Exact Online needs you to sign in again.",
    INTERNAL_ERROR: "Something went wrong on our side.",
    TOO_MANY_ATTEMPTS: "Too many attempts. Try again later.",
    UNAVAILABLE: "Busy. Try again soon.",
    PROVIDER_TIMEOUT: "Exact Online did not answer in time.",
    POPUP_BLOCKED: "Your browser blocked the Exact Online window. Allow pop-ups for this site, then try again.",
    POPUP_CLOSED: "The Exact Online window was closed before the connection was made.",
    CANCELLED: "The connection was cancelled.",
    NETWORK_ERROR: "The server could not be reached.",
  } satisfies Record<WidgetErrorCode, string> as Record<WidgetErrorCode, string> & Partial<Record<BackendOnlyErrorCode, string>>,
  models: {
    genericContact: "Contacts",
    genericCompany: "Companies",
    genericUser: "Users",
    genericWorkspace: "Administrations",
    accountingInvoice: "Sales invoices",
    accountingInvoiceItem: "Invoice lines",
  } satisfies Record<BuiltInModel, string>,
  actions: {
    list: "list",
    retrieve: "read",
    create: "create",
    update: "update",
    delete: "delete",
  } satisfies Record<Action, string>,
  columns: {
    name: "Name",
    email: "Email",
    number: "Number",
    customer: "Customer",
    total: "Total",
    description: "Description",
    quantity: "Quantity",
    amount: "Amount",
  },
};

/** The shape every catalogue must have. Object literals typed with it reject missing and extra keys. */
export type Messages = typeof en;
