import { describe, expect, test } from "vitest";
import { genericContact } from "./generic-contact";

const ACCOUNT = "7eae4a6c-6512-4394-bf2b-b83ebdae12da";

// As the sandbox (and Exact) sends a contact, trimmed of __metadata.
const exactContact = {
  ID: "9f290f8f-078b-4b06-aba4-7a32b8ed9569",
  Account: ACCOUNT,
  AccountName: "O'Brien Consultancy",
  FirstName: "Sara",
  LastName: "van den Berg",
  FullName: "Sara van den Berg",
  Email: "sara.vandenberg@obrienconsultancy.example",
  BusinessEmail: "info@obrienconsultancy.example",
  Phone: "",
  BusinessPhone: "+31 21 316 8064",
  Mobile: "+31 6 23676566",
  JobTitleDescription: "Chef-kok",
  IsMainContact: false,
  Created: "/Date(1739187554000)/",
  Modified: "/Date(1744285154000)/",
};

describe("genericContact.toUnified", () => {
  test("maps a contact, with the account as a reference and Exact's empty Phone falling back to BusinessPhone", () => {
    expect(genericContact.toUnified(exactContact)).toEqual({
      id: "9f290f8f-078b-4b06-aba4-7a32b8ed9569",
      createdAt: "2025-02-10T11:39:14.000Z",
      updatedAt: "2025-04-10T11:39:14.000Z",
      firstName: "Sara",
      lastName: "van den Berg",
      fullName: "Sara van den Berg",
      email: "sara.vandenberg@obrienconsultancy.example",
      phoneNumber: "+31 21 316 8064",
      mobileNumber: "+31 6 23676566",
      jobTitle: "Chef-kok",
      company: { id: ACCOUNT },
    });
  });

  test("falls back to BusinessEmail and gives null for a contact without an account", () => {
    const unified = genericContact.toUnified({ ...exactContact, Email: null, Account: null });
    expect(unified.email).toBe("info@obrienconsultancy.example");
    expect(unified.company).toBeNull();
  });
});

describe("genericContact writes", () => {
  test("toExact maps only the given fields, company to Account", () => {
    const input = genericContact.createSchema!.parse({ firstName: "Liam", lastName: "O'Brien", email: "liam@obrien.example", company: { id: ACCOUNT } });
    expect(genericContact.toExact!(input)).toEqual({ FirstName: "Liam", LastName: "O'Brien", Email: "liam@obrien.example", Account: ACCOUNT });
  });

  test("an update can detach the company and change the job title", () => {
    const input = genericContact.updateSchema!.parse({ company: null, jobTitle: "Inkoper" });
    expect(genericContact.toExact!(input)).toEqual({ Account: null, JobTitleDescription: "Inkoper" });
  });

  const company = { id: "53e461a1-8d50-446a-8011-e6e60c1cf5cf" };

  test("create needs a first or last name, and the company (Exact's mandatory Account)", () => {
    const result = genericContact.createSchema!.safeParse({ email: "x@y.example", company });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["firstName"]);
    expect(genericContact.createSchema!.safeParse({ lastName: "Jansen" }).error?.issues[0]?.path).toEqual(["company"]);
    expect(genericContact.createSchema!.safeParse({ lastName: "Jansen", company }).success).toBe(true);
  });

  test("rejects an unknown field, a wrong type and a malformed reference, naming the field", () => {
    const unknown = genericContact.createSchema!.safeParse({ lastName: "Jansen", company, vatNumber: "NL1" });
    expect(unknown.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["vatNumber"] });
    expect(genericContact.createSchema!.safeParse({ lastName: 42, company }).error?.issues[0]?.path).toEqual(["lastName"]);
    expect(genericContact.createSchema!.safeParse({ lastName: "J", company, email: "not-an-email" }).error?.issues[0]?.path).toEqual(["email"]);
    expect(genericContact.createSchema!.safeParse({ lastName: "J", company: { id: "x" } }).error?.issues[0]?.path).toEqual(["company", "id"]);
  });

  test("an empty update is refused", () => {
    expect(genericContact.updateSchema!.safeParse({}).success).toBe(false);
  });

  // Found by the adversarial suite: this reached Exact, which refused it (and counted the error).
  test("an update that blanks both names is refused; blanking one is not", () => {
    expect(genericContact.updateSchema!.safeParse({ firstName: "  ", lastName: "" }).error?.issues[0]?.path).toEqual(["firstName"]);
    expect(genericContact.updateSchema!.safeParse({ firstName: null, lastName: null }).success).toBe(false);
    expect(genericContact.updateSchema!.safeParse({ firstName: "" }).success).toBe(true);
    expect(genericContact.updateSchema!.safeParse({ firstName: "", lastName: "Jansen" }).success).toBe(true);
  });
});

test("keyLiteral accepts a GUID and rejects anything that could carry OData syntax", () => {
  expect(genericContact.keyLiteral(exactContact.ID)).toBe(`guid'${exactContact.ID}'`);
  expect(genericContact.keyLiteral("1' or 1 eq 1")).toBeUndefined();
  expect(genericContact.keyLiteral(`${exactContact.ID}') or (1 eq 1`)).toBeUndefined();
});
