import { describe, expect, test } from "vitest";
import { genericCompany, padAccountCode } from "./generic-company";

const exactAccount = {
  ID: "cde5911b-6faa-4b7e-b447-a386eed10f65",
  Code: "              1010",
  Name: "Hotel De Zwaan",
  Email: "info@hoteldezwaan.example",
  Phone: "+31 33 760 5009",
  Website: "https://www.hoteldezwaan.example",
  VATNumber: "NL449263538B01",
  City: "Utrecht",
  Country: "NL",
  Status: "P",
  IsSales: true,
  IsSupplier: false,
  Blocked: false,
  Created: "/Date(1749810914000)/",
  Modified: "/Date(1753094114000)/",
};

describe("genericCompany.toUnified", () => {
  test("maps an account: code without padding, status as a word, no VAT number", () => {
    expect(genericCompany.toUnified(exactAccount)).toEqual({
      id: "cde5911b-6faa-4b7e-b447-a386eed10f65",
      createdAt: "2025-06-13T10:35:14.000Z",
      updatedAt: "2025-07-21T10:35:14.000Z",
      name: "Hotel De Zwaan",
      email: "info@hoteldezwaan.example",
      phoneNumber: "+31 33 760 5009",
      website: "https://www.hoteldezwaan.example",
      code: "1010",
      city: "Utrecht",
      country: "NL",
      status: "prospect",
      isCustomer: true,
      isSupplier: false,
    });
  });

  test.each([
    ["A", "none"],
    ["S", "suspect"],
    ["P", "prospect"],
    ["C", "customer"],
    ["X", null],
  ])("Status %s reads as %s", (code, status) => {
    expect(genericCompany.toUnified({ ...exactAccount, Status: code }).status).toBe(status);
  });
});

describe("genericCompany writes", () => {
  test("toExact maps a full create", () => {
    const input = genericCompany.createSchema!.parse({
      name: "Bakkerij Test",
      email: "info@test.example",
      phoneNumber: "+31 20 000 0000",
      website: "https://test.example",
      code: "2000",
      city: "Utrecht",
      country: "NL",
      status: "customer",
      isSupplier: true,
    });
    expect(genericCompany.toExact!(input)).toEqual({
      Name: "Bakkerij Test",
      Email: "info@test.example",
      Phone: "+31 20 000 0000",
      Website: "https://test.example",
      Code: "2000",
      City: "Utrecht",
      Country: "NL",
      Status: "C",
      IsSupplier: true,
    });
  });

  test("an update sends only the changed fields", () => {
    expect(genericCompany.toExact!(genericCompany.updateSchema!.parse({ status: "suspect", website: null }))).toEqual({ Status: "S", Website: null });
  });

  test("create needs a name; bad fields are named", () => {
    expect(genericCompany.createSchema!.safeParse({ email: "a@b.example" }).error?.issues[0]?.path).toEqual(["name"]);
    expect(genericCompany.createSchema!.safeParse({ name: "  " }).error?.issues[0]?.path).toEqual(["name"]);
    expect(genericCompany.createSchema!.safeParse({ name: "A", status: "lead" }).error?.issues[0]?.path).toEqual(["status"]);
    expect(genericCompany.createSchema!.safeParse({ name: "A", country: "Netherlands" }).error?.issues[0]?.path).toEqual(["country"]);
    // IsSales is read-only in Exact's reference: Exact marks an account a customer itself.
    expect(genericCompany.createSchema!.safeParse({ name: "A", isCustomer: true }).error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["isCustomer"] });
  });

  test("VATNumber is not a unified field: sending vatNumber is an unknown key", () => {
    const result = genericCompany.createSchema!.safeParse({ name: "A", vatNumber: "NL1" });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["vatNumber"] });
    expect(genericCompany.select).not.toContain("VATNumber");
  });
});

describe("genericCompany filters", () => {
  test("code is compared in Exact's padded form", () => {
    expect(padAccountCode("1010")).toBe("              1010");
    expect(genericCompany.filters.code?.toExactValue?.(" 1010 ")).toBe(exactAccount.Code);
    expect(padAccountCode("")).toBeUndefined();
    expect(padAccountCode("x".repeat(19))).toBeUndefined();
  });

  test("status is translated to Exact's letter, an unknown status matches nothing", () => {
    expect(genericCompany.filters.status?.toExactValue?.("customer")).toBe("C");
    expect(genericCompany.filters.status?.toExactValue?.("C")).toBeUndefined();
  });
});

test("keyLiteral rejects malformed ids", () => {
  expect(genericCompany.keyLiteral("1' or 1 eq 1")).toBeUndefined();
  expect(genericCompany.keyLiteral(exactAccount.ID)).toBe(`guid'${exactAccount.ID}'`);
});
