/**
 * genericCompany ↔ Exact `crm/Accounts`: customers, prospects and suppliers. VATNumber is deliberately not a
 * unified field: it is the standard example of a field mapping a user adds per connection.
 */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { accounts } from "../reference/crm-accounts";
import { codeTable, email, text } from "./convert";
import { defineModel } from "./define-model";

/** Exact's account Status: A none, S suspect, P prospect, C customer. */
export const COMPANY_STATUS = codeTable([
  ["A", "none"],
  ["S", "suspect"],
  ["P", "prospect"],
  ["C", "customer"],
] as const);

/** Exact stores an account code right-aligned in 18 characters; a filter must compare the padded form. */
const CODE_WIDTH = 18;
export function padAccountCode(code: string): string | undefined {
  const trimmed = code.trim();
  return trimmed !== "" && trimmed.length <= CODE_WIDTH ? trimmed.padStart(CODE_WIDTH, " ") : undefined;
}

export const genericCompany = defineModel({
  model: "genericCompany",
  label: "Companies",
  reference: accounts,
  actions: ACTIONS,
  fields: [
    {
      name: "name", exact: "Name", type: "string", writable: true, required: true, filter: true, search: true, description: "Company name",
      input: z.string().trim().min(1, "name must not be empty"),
    },
    { name: "email", exact: "Email", type: "string", writable: true, nullable: true, input: email, filter: true, search: true, description: "E-mail address" },
    { name: "phoneNumber", exact: "Phone", type: "string", writable: true, nullable: true, description: "Phone number" },
    { name: "website", exact: "Website", type: "string", writable: true, nullable: true, description: "Website URL" },
    {
      name: "code", exact: "Code", type: "string", writable: true, filter: true, search: true, description: "Exact's account code, without its padding",
      // Exact numbers new accounts itself when no code is given.
      input: z.string().trim().min(1).max(CODE_WIDTH),
      read: (raw) => (typeof raw.Code === "string" ? text(raw.Code.trim()) : null), filterValue: padAccountCode,
    },
    { name: "city", exact: "City", type: "string", writable: true, nullable: true, filter: true, search: true, description: "City of the visiting address" },
    {
      name: "country", exact: "Country", type: "string", writable: true, nullable: true, filter: true, description: "ISO 3166 country code, e.g. NL",
      input: z.string().regex(/^[A-Z]{2}$/, "Expected an ISO 3166 country code such as NL"),
    },
    { name: "status", exact: "Status", type: "string", writable: true, filter: true, codes: COMPANY_STATUS, description: "none | suspect | prospect | customer (Exact's A/S/P/C)" },
    // IsSales is Exact's "this account is a customer" flag (independent of the sales-funnel Status); Exact sets it itself.
    { name: "isCustomer", exact: "IsSales", type: "boolean", filter: true, description: "Exact's IsSales: the account is a customer (set by Exact)" },
    { name: "isSupplier", exact: "IsSupplier", type: "boolean", writable: true, filter: true, description: "The account is a supplier" },
  ],
});
