import type { EntityContext, EntityDef } from "./entity-types";
import { accounts as accountsReference } from "../connectors/exact-online/reference/crm-accounts";
import { contacts as contactsReference } from "../connectors/exact-online/reference/crm-contacts";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import { padAccountCode } from "./seed";
import type { Row } from "./state";
import { tableOf } from "./state";
import { recordDeletion } from "./sync-log";

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkEmail(row: Row, field: string): void {
  const value = row[field];
  if (typeof value === "string" && value !== "" && !EMAIL.test(value)) throw badRequest(`Invalid e-mail address: ${field}`);
}

export const accounts: EntityDef = {
  ...fromReference(accountsReference),
  metadataType: "Exact.Web.Api.Models.Account",
  table: (ctx) => tableOf(ctx.state, ctx.division, "crm/Accounts"),
  defaults: () => ({ Status: "C", IsSales: true, IsSupplier: false, Blocked: false, MainContact: null, Country: "NL" }),
  finish(row, ctx) {
    if (text(row.Name) === "") throw badRequest("Mandatory field: Name");
    if (!["A", "S", "P", "C"].includes(String(row.Status))) throw badRequest("Invalid value for Status: use A, S, P or C");
    checkEmail(row, "Email");
    const table = tableOf(ctx.state, ctx.division, "crm/Accounts");
    if (row.Code === undefined || row.Code === null || text(row.Code) === "") {
      // Exact numbers new accounts itself; codes are right-aligned in 18 characters.
      const highest = Math.max(0, ...[...table.values()].map((a) => Number(text(a.Code)) || 0));
      row.Code = padAccountCode(highest + 10);
    } else {
      row.Code = padAccountCode(String(row.Code));
      const clash = [...table.values()].find((a) => a.Code === row.Code && a.ID !== row.ID);
      if (clash) throw badRequest(`Code already exists: ${text(row.Code)}`);
    }
    if (row.MainContact) {
      const contact = tableOf(ctx.state, ctx.division, "crm/Contacts").get(String(row.MainContact));
      if (!contact) throw badRequest("MainContact does not exist");
    }
  },
  beforeDelete(row, ctx) {
    const invoices = [...tableOf(ctx.state, ctx.division, "salesinvoice/SalesInvoices").values()];
    if (invoices.some((i) => i.InvoiceTo === row.ID || i.OrderedBy === row.ID)) {
      throw badRequest("Account cannot be deleted: it is used in sales invoices");
    }
  },
  afterDelete(row, ctx) {
    const contacts = tableOf(ctx.state, ctx.division, "crm/Contacts");
    for (const [id, contact] of contacts) {
      if (contact.Account !== row.ID) continue;
      contacts.delete(id);
      // Gone with their account, so gone for a sync client too (whether Exact also raises Contacts events: unconfirmed).
      recordDeletion(ctx, contactsReference.deletedEntityType, id);
    }
  },
};

function accountName(ctx: EntityContext, id: unknown): string | null {
  if (typeof id !== "string") return null;
  const account = tableOf(ctx.state, ctx.division, "crm/Accounts").get(id);
  return account ? (account.Name as string) : null;
}

export const contacts: EntityDef = {
  ...fromReference(contactsReference),
  metadataType: "Exact.Web.Api.Models.Contact",
  table: (ctx) => tableOf(ctx.state, ctx.division, "crm/Contacts"),
  view: (row, ctx) => ({ ...row, AccountName: accountName(ctx, row.Account) }),
  defaults: () => ({ IsMainContact: false, Account: null }),
  finish(row, ctx) {
    if (text(row.FirstName) === "" && text(row.LastName) === "") throw badRequest("Mandatory field: FirstName or LastName");
    if (row.Account !== null && row.Account !== undefined && accountName(ctx, row.Account) === null) {
      throw badRequest("Account does not exist");
    }
    checkEmail(row, "Email");
    checkEmail(row, "BusinessEmail");
    row.FullName = [text(row.FirstName), text(row.LastName)].filter(Boolean).join(" ");
  },
};
