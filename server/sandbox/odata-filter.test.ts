import { describe, expect, it } from "vitest";
import type { FieldType } from "./odata-filter";
import { ODataQueryError, evaluateFilter, parseFilter } from "./odata-filter";

const FIELDS: Record<string, FieldType> = { Name: "string", ID: "guid", Modified: "datetime", Status: "int", Blocked: "boolean" };
const matches = (filter: string, row: Record<string, unknown>): boolean => evaluateFilter(parseFilter(filter, (n) => FIELDS[n]), row);
const row = { Name: "O'Brien Consultancy", ID: "a1b2c3d4-0000-4000-8000-000000000001", Modified: Date.UTC(2026, 0, 15), Status: 3, Blocked: false };

describe("$filter", () => {
  it("reads doubled quotes, guids, datetimes, numbers, booleans and null", () => {
    expect(matches("Name eq 'O''Brien Consultancy'", row)).toBe(true);
    expect(matches("ID eq guid'A1B2C3D4-0000-4000-8000-000000000001'", row)).toBe(true);
    expect(matches("Modified gt datetime'2026-01-01T00:00:00' and Modified lt datetime'2026-02-01'", row)).toBe(true);
    expect(matches("Status ge 3 and Blocked eq false and Name ne null", row)).toBe(true);
  });

  it("respects precedence, parentheses and not", () => {
    expect(matches("Status eq 1 or Status eq 3 and Blocked eq true", row)).toBe(false);
    expect(matches("(Status eq 1 or Status eq 3) and not (Blocked eq true)", row)).toBe(true);
    expect(matches("not Blocked", row)).toBe(true);
  });

  it("supports substringof and startswith, case-insensitively", () => {
    expect(matches("substringof('o''brien', Name)", row)).toBe(true);
    expect(matches("startswith(Name, 'o''b')", row)).toBe(true);
    expect(matches("startswith(Name, 'Consult')", row)).toBe(false);
  });

  it.each([
    ["substringof('O'Brien', Name)"],
    ["Name eq 'unterminated"],
    ["(Status eq 1"],
    ["Status eq"],
    ["Nope eq 1"],
    ["ID eq 'a1b2c3d4-0000-4000-8000-000000000001'"],
    ["Name eq 'x' Status"],
    ["Status"],
    ["Name eq 'x' && Status eq 1"],
  ])("rejects %s", (filter) => {
    expect(() => parseFilter(filter, (n) => FIELDS[n])).toThrow(ODataQueryError);
  });
});
