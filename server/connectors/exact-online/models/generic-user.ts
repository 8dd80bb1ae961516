/** genericUser ↔ Exact `users/Users`: the people who use the Exact administration. Read only in Exact. */
import { guidLiteral } from "../odata";
import { MODEL_ENDPOINTS } from "../operations";
import { RECORD_FIELDS, STAMP_FIELDS, firstText, isoDateTime, recordId, text } from "./convert";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const KEY = "UserID";

function toUnified(raw: ExactRecord): UnifiedRecord {
  return {
    id: recordId(raw, KEY),
    createdAt: isoDateTime(raw.Created),
    updatedAt: isoDateTime(raw.Modified),
    firstName: text(raw.FirstName),
    lastName: text(raw.LastName),
    fullName: text(raw.FullName),
    email: text(raw.Email),
    userName: text(raw.UserName),
    // Many Exact users only fill in a mobile number.
    phoneNumber: firstText(raw.Phone, raw.Mobile),
    language: text(raw.Language),
  };
}

export const genericUser: ModelMapping = {
  model: "genericUser",
  ...MODEL_ENDPOINTS.genericUser,
  keyField: KEY,
  keyLiteral: guidLiteral,
  select: [KEY, "FirstName", "LastName", "FullName", "Email", "UserName", "Phone", "Mobile", "Language", ...STAMP_FIELDS],
  searchFields: ["FullName", "Email", "UserName"],
  filters: {
    email: { exactField: "Email", type: "string" },
    userName: { exactField: "UserName", type: "string" },
  },
  fields: [
    ...RECORD_FIELDS,
    { name: "firstName", type: "string", description: "First name", writable: false },
    { name: "lastName", type: "string", description: "Last name", writable: false },
    { name: "fullName", type: "string", description: "Full name", writable: false },
    { name: "email", type: "string", description: "E-mail address", writable: false },
    { name: "userName", type: "string", description: "Exact login name (usually an e-mail address)", writable: false },
    { name: "phoneNumber", type: "string", description: "Phone number (Exact's Phone, else Mobile)", writable: false },
    { name: "language", type: "string", description: "Exact's language of the user, e.g. NL", writable: false },
  ],
  toUnified,
};
