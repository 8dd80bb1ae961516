/** genericUser ↔ Exact `users/Users`: the people who use the Exact administration. Read only in Exact. */
import { firstText } from "./convert";
import { defineModel } from "./define-model";
import { users } from "../reference/users-users";

export const genericUser = defineModel({
  model: "genericUser",
  label: "Users",
  reference: users,
  actions: ["list", "retrieve"],
  fields: [
    { name: "firstName", exact: "FirstName", type: "string", description: "First name" },
    { name: "lastName", exact: "LastName", type: "string", description: "Last name" },
    { name: "fullName", exact: "FullName", type: "string", search: true, description: "Full name" },
    { name: "email", exact: "Email", type: "string", filter: true, search: true, description: "E-mail address" },
    { name: "userName", exact: "UserName", type: "string", filter: true, search: true, description: "Exact login name (usually an e-mail address)" },
    {
      name: "phoneNumber", exact: "Phone", type: "string", description: "Phone number (Exact's Phone, else Mobile)",
      // Many Exact users only fill in a mobile number.
      alsoReads: ["Mobile"], read: (raw) => firstText(raw.Phone, raw.Mobile),
    },
    { name: "language", exact: "Language", type: "string", description: "Exact's language of the user, e.g. NL" },
  ],
});
