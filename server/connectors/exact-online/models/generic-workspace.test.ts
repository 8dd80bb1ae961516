import { expect, test } from "vitest";
import { genericWorkspace } from "./generic-workspace";

const exactDivision = {
  Code: 2345678,
  Description: "Korenschoof Vastgoed",
  Hid: 2,
  CustomerName: "Korenschoof Vastgoed B.V.",
  Customer: "45e62b8a-a77a-42c5-b9be-b43f711986c6",
  Currency: "EUR",
  Country: "NL",
  Status: 2,
  IsMainDivision: false,
  Current: false,
  Created: "/Date(1736341448000)/",
  Modified: "/Date(1736341448000)/",
};

test("toUnified maps a division: id is the Code as a string, code the number", () => {
  expect(genericWorkspace.toUnified(exactDivision)).toEqual({
    id: "2345678",
    createdAt: "2025-01-08T13:04:08.000Z",
    updatedAt: "2025-01-08T13:04:08.000Z",
    name: "Korenschoof Vastgoed",
    companyName: "Korenschoof Vastgoed B.V.",
    code: 2345678,
    currency: "EUR",
    country: "NL",
    status: "archived",
    isMain: false,
  });
});

test.each([
  [0, "inactive"],
  [1, "active"],
  [2, "archived"],
])("Status %s reads as %s, and filters back to the code", (code, status) => {
  expect(genericWorkspace.toUnified({ ...exactDivision, Status: code }).status).toBe(status);
  expect(genericWorkspace.filters.status?.toExactValue?.(status)).toBe(String(code));
});

test("keyLiteral takes an integer Code only", () => {
  expect(genericWorkspace.keyLiteral("2345678")).toBe("2345678");
  expect(genericWorkspace.keyLiteral("1' or 1 eq 1")).toBeUndefined();
  expect(genericWorkspace.keyLiteral("45e62b8a-a77a-42c5-b9be-b43f711986c6")).toBeUndefined();
  expect(genericWorkspace.keyLiteral("12 or 1 eq 1")).toBeUndefined();
});

test("workspaces are read only", () => {
  expect(genericWorkspace.actions).toEqual(["list", "retrieve"]);
  expect(genericWorkspace.createSchema).toBeUndefined();
  expect(genericWorkspace.toExact).toBeUndefined();
});
