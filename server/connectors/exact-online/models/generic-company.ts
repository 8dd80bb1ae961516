/**
 * genericCompany ↔ Exact `crm/Accounts`: customers, prospects and suppliers. VATNumber is deliberately not a
 * unified field: it is the standard example of a field mapping a user adds per connection.
 */
import { z } from "zod";
import { guidLiteral } from "../odata";
import { MODEL_ENDPOINTS } from "../operations";
import { AT_LEAST_ONE_FIELD, RECORD_FIELDS, STAMP_FIELDS, atLeastOneField, bool, codeTable, copyGiven, email, isoDateTime, recordId, text } from "./convert";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const KEY = "ID";

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

const optionalText = z.string().nullable().optional();

const companyFields = z.strictObject({
  name: z.string().trim().min(1, "name must not be empty"),
  email: email.nullable().optional(),
  phoneNumber: optionalText,
  website: optionalText,
  /** Exact numbers new accounts itself when no code is given. */
  code: z.string().trim().min(1).max(CODE_WIDTH).optional(),
  city: optionalText,
  country: z.string().regex(/^[A-Z]{2}$/, "Expected an ISO 3166 country code such as NL").nullable().optional(),
  status: z.enum(COMPANY_STATUS.values).optional(),
  isCustomer: z.boolean().optional(),
  isSupplier: z.boolean().optional(),
});

const createSchema = companyFields;
const updateSchema = companyFields.partial().refine(atLeastOneField, AT_LEAST_ONE_FIELD);

function toUnified(raw: ExactRecord): UnifiedRecord {
  return {
    id: recordId(raw, KEY),
    createdAt: isoDateTime(raw.Created),
    updatedAt: isoDateTime(raw.Modified),
    name: text(raw.Name),
    email: text(raw.Email),
    phoneNumber: text(raw.Phone),
    website: text(raw.Website),
    code: typeof raw.Code === "string" ? text(raw.Code.trim()) : null,
    city: text(raw.City),
    country: text(raw.Country),
    status: COMPANY_STATUS.toUnified(raw.Status),
    // IsSales is Exact's "this account is a customer" flag (independent of the sales-funnel Status).
    isCustomer: bool(raw.IsSales),
    isSupplier: bool(raw.IsSupplier),
  };
}

function toExact(input: Record<string, unknown>): ExactRecord {
  const out = copyGiven(input, {
    name: "Name",
    email: "Email",
    phoneNumber: "Phone",
    website: "Website",
    code: "Code",
    city: "City",
    country: "Country",
    isCustomer: "IsSales",
    isSupplier: "IsSupplier",
  });
  if (input.status !== undefined) out.Status = COMPANY_STATUS.toExact(input.status);
  return out;
}

export const genericCompany: ModelMapping = {
  model: "genericCompany",
  ...MODEL_ENDPOINTS.genericCompany,
  keyField: KEY,
  keyLiteral: guidLiteral,
  select: [KEY, "Name", "Email", "Phone", "Website", "Code", "City", "Country", "Status", "IsSales", "IsSupplier", ...STAMP_FIELDS],
  searchFields: ["Name", "Email", "City", "Code"],
  filters: {
    name: { exactField: "Name", type: "string" },
    email: { exactField: "Email", type: "string" },
    code: { exactField: "Code", type: "string", toExactValue: padAccountCode },
    city: { exactField: "City", type: "string" },
    country: { exactField: "Country", type: "string" },
    status: { exactField: "Status", type: "string", toExactValue: (value) => COMPANY_STATUS.toExact(value) },
    isCustomer: { exactField: "IsSales", type: "boolean" },
    isSupplier: { exactField: "IsSupplier", type: "boolean" },
  },
  fields: [
    ...RECORD_FIELDS,
    { name: "name", type: "string", description: "Company name", writable: true },
    { name: "email", type: "string", description: "E-mail address", writable: true },
    { name: "phoneNumber", type: "string", description: "Phone number", writable: true },
    { name: "website", type: "string", description: "Website URL", writable: true },
    { name: "code", type: "string", description: "Exact's account code, without its padding", writable: true },
    { name: "city", type: "string", description: "City of the visiting address", writable: true },
    { name: "country", type: "string", description: "ISO 3166 country code, e.g. NL", writable: true },
    { name: "status", type: "string", description: "none | suspect | prospect | customer (Exact's A/S/P/C)", writable: true },
    { name: "isCustomer", type: "boolean", description: "Exact's IsSales: the account is a customer", writable: true },
    { name: "isSupplier", type: "boolean", description: "The account is a supplier", writable: true },
  ],
  toUnified,
  createSchema,
  updateSchema,
  toExact,
};
