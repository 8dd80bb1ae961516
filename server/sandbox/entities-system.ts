import type { EntityDef } from "./entity-types";
import { divisions as divisionsReference } from "../connectors/exact-online/reference/system-divisions";
import { users as usersReference } from "../connectors/exact-online/reference/users-users";
import { webhookSubscriptions as subscriptionsReference } from "../connectors/exact-online/reference/webhooks-webhook-subscriptions";
import { fromReference } from "./entity-types";
import { ExactHttpError, badRequest } from "./errors";
import type { Row } from "./state";
import { tableOf } from "./state";
import { testCallback } from "./webhooks";

/** Topics Exact's webhook subscriptions accept (the sandbox raises Accounts, Contacts, SalesInvoices, Items, GLAccounts, GeneralJournalEntries and PurchaseEntries). */
export const WEBHOOK_TOPICS = ["Accounts", "Contacts", "SalesInvoices", "Items", "FinancialTransactions", "SalesOrders", "Documents", "GLAccounts", "GeneralJournalEntries", "PurchaseEntries"];

export const users: EntityDef = {
  ...fromReference(usersReference),
  metadataType: "Exact.Web.Api.Models.User",
  table: (ctx) => ctx.state.users,
};

export const divisions: EntityDef = {
  ...fromReference(divisionsReference),
  metadataType: "Exact.Web.Api.System.Division",
  table: (ctx) => new Map([...ctx.state.divisions].map(([code, row]) => [String(code), row])),
  // Only the divisions the user granted at consent, as Exact lists them (the current one may be missing).
  visible: (row, ctx) => ctx.grantedDivisions?.includes(Number(row.Code)) ?? true,
  view: (row, ctx) => ({ ...row, Current: ctx.state.currentDivisionByUser.get(ctx.userId) === row.Code }),
};

/**
 * Exact demands an HTTPS callback. Plain HTTP is let through for loopback hosts only (127.0.0.1, localhost, [::1]):
 * the sandbox's stand-in for the HTTPS tunnel (ngrok and the like) a developer would point Exact at. Exact's own
 * wording for a refused URL is not known (unconfirmed).
 */
function isAllowedCallback(url: unknown): boolean {
  if (typeof url !== "string") return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || (parsed.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname));
  } catch {
    return false;
  }
}

export const webhookSubscriptions: EntityDef = {
  ...fromReference(subscriptionsReference),
  metadataType: "Exact.Web.Api.Models.Webhooks.WebhookSubscription",
  table: (ctx) => tableOf(ctx.state, ctx.division, "webhooks/WebhookSubscriptions"),
  visible: (row, ctx) => row.ClientID === ctx.clientId,
  defaults: (ctx): Row => ({ ClientID: ctx.clientId, Division: ctx.division, Creator: ctx.userId, UserID: ctx.userId, Description: null, IsInstant: false }),
  finish(row, ctx) {
    if (!isAllowedCallback(row.CallbackURL)) throw badRequest("CallbackURL must be an HTTPS URL");
    if (!WEBHOOK_TOPICS.includes(String(row.Topic))) throw badRequest(`Invalid Topic: ${String(row.Topic)}`);
    const table = tableOf(ctx.state, ctx.division, "webhooks/WebhookSubscriptions");
    // One subscription per topic per app and division: a second one on the same topic, even to another URL, is
    // refused with a 500 "Gegeven bestaat reeds." in a Dutch administration (picqer/exact-php-client#150, after a
    // move to another domain). The English wording "Data already exists." is a translation (unconfirmed).
    const duplicate = [...table.values()].some((s) => s.ClientID === ctx.clientId && s.Topic === row.Topic && s.ID !== row.ID);
    if (duplicate) throw new ExactHttpError(500, "Data already exists.");
  },
  async beforeCreate(row) {
    const refused = await testCallback(String(row.CallbackURL));
    if (refused) throw new ExactHttpError(500, refused);
  },
};
