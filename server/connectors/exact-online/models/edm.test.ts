import { describe, expect, test } from "vitest";
import { contacts } from "../reference/crm-contacts";
import { divisions } from "../reference/system-divisions";
import { edmFilterLiteral, edmWriteValue, keyLiteralOf, REFUSED } from "./edm";

const GUID = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";

describe("keyLiteralOf", () => {
  test("a GUID key takes GUIDs only", () => {
    const key = keyLiteralOf(contacts);
    expect(key(GUID)).toBe(`guid'${GUID.toLowerCase()}'`);
    for (const id of ["12345", `guid'${GUID}'`, `${GUID}'`, ""]) expect(key(id), id).toBeUndefined();
  });

  test("an Int32 key (a division Code) takes codes from 0 to 2^31-1, nothing Exact would answer with a 400", () => {
    const key = keyLiteralOf(divisions);
    expect(key("0042")).toBe("42");
    expect(key("2147483647")).toBe("2147483647");
    for (const id of ["2147483648", "99999999999", "-1", "1.5", "1e3", GUID, " 1"]) expect(key(id), id).toBeUndefined();
  });
});

describe("edmFilterLiteral", () => {
  test.each([
    ["Edm.DateTime", "2020-01-01", "datetime'2020-01-01T00:00:00'"],
    ["Edm.Guid", GUID, `guid'${GUID.toLowerCase()}'`],
    ["Edm.Int16", "32767", "32767"],
    ["Edm.Boolean", "true", "true"],
    ["Edm.String", "O'Brien", "'O''Brien'"],
  ] as const)("%s %s → %s", (type, value, literal) => {
    expect(edmFilterLiteral(type, value)).toBe(literal);
  });

  test.each([
    ["Edm.DateTime", "2020-13-45"],
    ["Edm.Guid", "notaguid"],
    ["Edm.Int16", "32768"],
    ["Edm.Byte", "-1"],
    ["Edm.Boolean", "yes"],
    ["Edm.Binary", "AA=="],
  ] as const)("%s refuses %s", (type, value) => {
    expect(edmFilterLiteral(type, value)).toBeUndefined();
  });
});

describe("edmWriteValue", () => {
  test("accepts values of the property's type, a date-only one as zone-less midnight", () => {
    expect(edmWriteValue("Edm.Guid", GUID)).toBe(GUID.toLowerCase());
    expect(edmWriteValue("Edm.DateTime", "1990-05-01")).toBe("1990-05-01T00:00:00");
    expect(edmWriteValue("Edm.DateTime", "1990-05-01T08:30:00Z")).toBe("1990-05-01T08:30:00Z");
    expect(edmWriteValue("Edm.Int32", 7)).toBe(7);
    expect(edmWriteValue("Edm.Double", 1.5)).toBe(1.5);
    expect(edmWriteValue("Edm.Boolean", false)).toBe(false);
    expect(edmWriteValue("Edm.Binary", "JVBERi0=")).toBe("JVBERi0=");
  });

  test.each([
    ["Edm.Guid", "notaguid"],
    ["Edm.String", { a: 1 }],
    ["Edm.String", 42],
    ["Edm.Int32", "12"],
    ["Edm.Int32", 2 ** 31],
    ["Edm.Int16", 1.5],
    ["Edm.Double", Number.NaN],
    ["Edm.Boolean", "true"],
    ["Edm.DateTime", "yesterday"],
    ["Edm.Binary", "not base64!"],
    ["Edm.Binary", 42],
  ] as const)("%s refuses %j", (type, value) => {
    expect(edmWriteValue(type, value)).toBe(REFUSED);
  });
});
