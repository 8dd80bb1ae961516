/** genericContact ↔ Exact `crm/Contacts`: the people at a customer or supplier account. */
import { ACTIONS } from "../../../../src/protocol";
import { contacts } from "../reference/crm-contacts";
import { email, firstText } from "./convert";
import { defineModel } from "./define-model";

const hasName = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";
const GIVE_A_NAME = { path: ["firstName"], message: "Give firstName or lastName" };

export const genericContact = defineModel({
  model: "genericContact",
  label: "Contacts",
  reference: contacts,
  actions: ACTIONS,
  fields: [
    { name: "firstName", exact: "FirstName", type: "string", writable: true, nullable: true, filter: true, description: "First name" },
    { name: "lastName", exact: "LastName", type: "string", writable: true, nullable: true, filter: true, description: "Last name (with any prefix, e.g. \"de Vries\")" },
    { name: "fullName", exact: "FullName", type: "string", search: true, description: "Full name, composed by Exact" },
    {
      name: "email", exact: "Email", type: "string", writable: true, nullable: true, input: email, filter: true, search: true,
      description: "E-mail address (Exact's Email, else BusinessEmail)",
      // Exact keeps a personal and a business address; the unified model has one, personal first.
      alsoReads: ["BusinessEmail"], read: (raw) => firstText(raw.Email, raw.BusinessEmail),
    },
    {
      name: "phoneNumber", exact: "Phone", type: "string", writable: true, nullable: true, description: "Phone number (Exact's Phone, else BusinessPhone)",
      alsoReads: ["BusinessPhone"], read: (raw) => firstText(raw.Phone, raw.BusinessPhone),
    },
    { name: "mobileNumber", exact: "Mobile", type: "string", writable: true, nullable: true, description: "Mobile phone number" },
    { name: "jobTitle", exact: "JobTitleDescription", type: "string", writable: true, nullable: true, description: "Job title" },
    // Mandatory in Exact's reference, so required on create; an update may detach it (null).
    {
      name: "company", exact: "Account", type: "reference", writable: true, required: true, nullable: true, filter: true,
      description: "The genericCompany (Exact account) the contact belongs to",
    },
  ],
  searchAlso: ["AccountName"],
  // Exact refuses a contact with neither name ("Mandatory field: FirstName or LastName"): say so before calling it.
  onCreate: (schema) => schema.refine((input) => hasName(input.firstName) || hasName(input.lastName), GIVE_A_NAME),
  // An update that blanks both names is what Exact refuses on create too: refused here, not counted as an Exact error.
  onUpdate: (schema) =>
    schema.refine((input) => !("firstName" in input && "lastName" in input) || hasName(input.firstName) || hasName(input.lastName), GIVE_A_NAME),
});
