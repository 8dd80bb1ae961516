/** genericContact ↔ Exact `crm/Contacts`: the people at a customer or supplier account. */
import { z } from "zod";
import { guidLiteral } from "../odata";
import { MODEL_ENDPOINTS } from "../operations";
import { AT_LEAST_ONE_FIELD, RECORD_FIELDS, STAMP_FIELDS, atLeastOneField, copyGiven, email, firstText, guidRef, isoDateTime, recordId, ref, refId, text } from "./convert";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const KEY = "ID";
const optionalText = z.string().nullable().optional();

const contactFields = z.strictObject({
  firstName: optionalText,
  lastName: optionalText,
  email: email.nullable().optional(),
  phoneNumber: optionalText,
  mobileNumber: optionalText,
  jobTitle: optionalText,
  /** the Account the contact works for; null detaches it */
  company: guidRef.nullable().optional(),
});

const hasName = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";

// Exact refuses a contact with neither name ("Mandatory field: FirstName or LastName"); say so before calling it.
const createSchema = contactFields.superRefine((input, ctx) => {
  if (!hasName(input.firstName) && !hasName(input.lastName)) {
    ctx.addIssue({ code: "custom", path: ["firstName"], message: "Give firstName or lastName" });
  }
});

const updateSchema = contactFields.partial().refine(atLeastOneField, AT_LEAST_ONE_FIELD);

function toUnified(raw: ExactRecord): UnifiedRecord {
  return {
    id: recordId(raw, KEY),
    createdAt: isoDateTime(raw.Created),
    updatedAt: isoDateTime(raw.Modified),
    firstName: text(raw.FirstName),
    lastName: text(raw.LastName),
    fullName: text(raw.FullName),
    // Exact keeps a personal and a business address; the unified model has one, personal first.
    email: firstText(raw.Email, raw.BusinessEmail),
    phoneNumber: firstText(raw.Phone, raw.BusinessPhone),
    mobileNumber: text(raw.Mobile),
    jobTitle: text(raw.JobTitleDescription),
    company: ref(raw.Account),
  };
}

function toExact(input: Record<string, unknown>): ExactRecord {
  const out = copyGiven(input, {
    firstName: "FirstName",
    lastName: "LastName",
    email: "Email",
    phoneNumber: "Phone",
    mobileNumber: "Mobile",
    jobTitle: "JobTitleDescription",
  });
  if (input.company !== undefined) out.Account = refId(input.company);
  return out;
}

export const genericContact: ModelMapping = {
  model: "genericContact",
  ...MODEL_ENDPOINTS.genericContact,
  keyField: KEY,
  keyLiteral: guidLiteral,
  select: [KEY, "FirstName", "LastName", "FullName", "Email", "BusinessEmail", "Phone", "BusinessPhone", "Mobile", "JobTitleDescription", "Account", ...STAMP_FIELDS],
  searchFields: ["FullName", "Email", "AccountName"],
  filters: {
    email: { exactField: "Email", type: "string" },
    firstName: { exactField: "FirstName", type: "string" },
    lastName: { exactField: "LastName", type: "string" },
    company: { exactField: "Account", type: "guid" },
  },
  fields: [
    ...RECORD_FIELDS,
    { name: "firstName", type: "string", description: "First name", writable: true },
    { name: "lastName", type: "string", description: "Last name (with any prefix, e.g. \"de Vries\")", writable: true },
    { name: "fullName", type: "string", description: "Full name, composed by Exact", writable: false },
    { name: "email", type: "string", description: "E-mail address (Exact's Email, else BusinessEmail)", writable: true },
    { name: "phoneNumber", type: "string", description: "Phone number (Exact's Phone, else BusinessPhone)", writable: true },
    { name: "mobileNumber", type: "string", description: "Mobile phone number", writable: true },
    { name: "jobTitle", type: "string", description: "Job title", writable: true },
    { name: "company", type: "reference", description: "The genericCompany (Exact account) the contact belongs to", writable: true },
  ],
  toUnified,
  createSchema,
  updateSchema,
  toExact,
};
