import type { EntityDef } from "./entity-types";
import { divisions as divisionsReference } from "../connectors/exact-online/reference/system-divisions";
import { users as usersReference } from "../connectors/exact-online/reference/users-users";
import { webhookSubscriptions as subscriptionsReference } from "../connectors/exact-online/reference/webhooks-webhook-subscriptions";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import type { Row } from "./state";
import { tableOf } from "./state";

/** Topics Exact's webhook subscriptions accept (the sandbox only raises Accounts, Contacts and SalesInvoices). */
export const WEBHOOK_TOPICS = ["Accounts", "Contacts", "SalesInvoices", "Items", "FinancialTransactions", "SalesOrders", "Documents"];

export const users: EntityDef = {
  ...fromReference(usersReference),
  metadataType: "Exact.Web.Api.Models.User",
  table: (ctx) => ctx.state.users,
};

export const divisions: EntityDef = {
  ...fromReference(divisionsReference),
  metadataType: "Exact.Web.Api.System.Division",
  table: (ctx) => new Map([...ctx.state.divisions].map(([code, row]) => [String(code), row])),
  view: (row, ctx) => ({ ...row, Current: ctx.state.currentDivisionByUser.get(ctx.userId) === row.Code }),
};

function isAllowedCallback(url: unknown): boolean {
  if (typeof url !== "string") return false;
  try {
    const parsed = new URL(url);
    // Exact demands HTTPS; plain HTTP is let through for local development only.
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
  defaults: (ctx): Row => ({ ClientID: ctx.clientId, Division: ctx.division, Creator: ctx.userId, Description: null }),
  finish(row, ctx) {
    if (!isAllowedCallback(row.CallbackURL)) throw badRequest("CallbackURL must be an HTTPS URL");
    if (!WEBHOOK_TOPICS.includes(String(row.Topic))) throw badRequest(`Invalid Topic: ${String(row.Topic)}`);
    const table = tableOf(ctx.state, ctx.division, "webhooks/WebhookSubscriptions");
    const duplicate = [...table.values()].some(
      (s) => s.ClientID === ctx.clientId && s.Topic === row.Topic && s.CallbackURL === row.CallbackURL && s.ID !== row.ID,
    );
    if (duplicate) throw badRequest("A subscription for this topic and callback URL already exists");
  },
};
