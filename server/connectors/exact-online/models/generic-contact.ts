/** genericContact ↔ Exact `crm/Contacts`: the people at a customer or supplier account. */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { contacts } from "../reference/crm-contacts";
import { AT_LEAST_ONE_FIELD, atLeastOneField, email, firstText, guidRef } from "./convert";
import { defineModel } from "./define-model";

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

// Exact refuses a contact with neither name ("Mandatory field: FirstName or LastName"), and one without its
// Account (mandatory in Exact's reference): say so before calling it.
const createSchema = contactFields.extend({ company: guidRef }).superRefine((input, ctx) => {
  if (!hasName(input.firstName) && !hasName(input.lastName)) {
    ctx.addIssue({ code: "custom", path: ["firstName"], message: "Give firstName or lastName" });
  }
});

export const genericContact = defineModel({
  model: "genericContact",
  label: "Contacts",
  reference: contacts,
  actions: ACTIONS,
  fields: [
    { name: "firstName", exact: "FirstName", type: "string", writable: true, filter: true, description: "First name" },
    { name: "lastName", exact: "LastName", type: "string", writable: true, filter: true, description: "Last name (with any prefix, e.g. \"de Vries\")" },
    { name: "fullName", exact: "FullName", type: "string", search: true, description: "Full name, composed by Exact" },
    {
      name: "email", exact: "Email", type: "string", writable: true, filter: true, search: true,
      description: "E-mail address (Exact's Email, else BusinessEmail)",
      // Exact keeps a personal and a business address; the unified model has one, personal first.
      alsoReads: ["BusinessEmail"], read: (raw) => firstText(raw.Email, raw.BusinessEmail),
    },
    {
      name: "phoneNumber", exact: "Phone", type: "string", writable: true, description: "Phone number (Exact's Phone, else BusinessPhone)",
      alsoReads: ["BusinessPhone"], read: (raw) => firstText(raw.Phone, raw.BusinessPhone),
    },
    { name: "mobileNumber", exact: "Mobile", type: "string", writable: true, description: "Mobile phone number" },
    { name: "jobTitle", exact: "JobTitleDescription", type: "string", writable: true, description: "Job title" },
    { name: "company", exact: "Account", type: "reference", writable: true, required: true, filter: true, description: "The genericCompany (Exact account) the contact belongs to" },
  ],
  searchAlso: ["AccountName"],
  createSchema,
  // An update that blanks both names is what Exact refuses on create too: refused here, not counted as an Exact error.
  updateSchema: contactFields
    .partial()
    .refine(atLeastOneField, AT_LEAST_ONE_FIELD)
    .refine((input) => !("firstName" in input && "lastName" in input) || hasName(input.firstName) || hasName(input.lastName), {
      path: ["firstName"],
      message: "Give firstName or lastName",
    }),
});
