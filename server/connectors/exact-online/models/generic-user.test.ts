import { expect, test } from "vitest";
import { genericUser } from "./generic-user";

const exactUser = {
  UserID: "468205c5-422b-48e2-b331-3c231e7701dc",
  FirstName: "Pieter",
  LastName: "Jansen",
  FullName: "Pieter Jansen",
  Initials: "P.",
  Email: "pieter@korenschoof.example",
  UserName: "pieter@korenschoof.example",
  Phone: "+31 20 555 0102",
  Mobile: "+31 6 1234 5602",
  Language: "NL",
  LanguageCode: "nl-NL",
  Created: "/Date(1737654953000)/",
  Modified: "/Date(1737654953000)/",
};

test("toUnified maps a user, keyed by UserID", () => {
  expect(genericUser.toUnified(exactUser)).toEqual({
    id: "468205c5-422b-48e2-b331-3c231e7701dc",
    createdAt: "2025-01-23T17:55:53.000Z",
    updatedAt: "2025-01-23T17:55:53.000Z",
    firstName: "Pieter",
    lastName: "Jansen",
    fullName: "Pieter Jansen",
    email: "pieter@korenschoof.example",
    userName: "pieter@korenschoof.example",
    phoneNumber: "+31 20 555 0102",
    language: "NL",
  });
});

test("phoneNumber falls back to the mobile number", () => {
  expect(genericUser.toUnified({ ...exactUser, Phone: null }).phoneNumber).toBe("+31 6 1234 5602");
});

test("users are read only: no schemas, no toExact, only list and retrieve", () => {
  expect(genericUser.actions).toEqual(["list", "retrieve"]);
  expect(genericUser.createSchema).toBeUndefined();
  expect(genericUser.updateSchema).toBeUndefined();
  expect(genericUser.toExact).toBeUndefined();
  expect(genericUser.fields.every((f) => !f.writable)).toBe(true);
});

test("keyLiteral rejects malformed ids", () => {
  expect(genericUser.keyLiteral("1' or 1 eq 1")).toBeUndefined();
  expect(genericUser.keyLiteral(exactUser.UserID.toUpperCase())).toBe(`guid'${exactUser.UserID}'`);
});
