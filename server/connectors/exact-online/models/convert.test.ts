import { describe, expect, test } from "vitest";
import { codeTable, exactCalendarDate, firstText, isoDate, isoDateTime, isoString, num, recordId, ref, refId, text } from "./convert";

describe("isoDateTime", () => {
  test("reads Exact's /Date(ms)/, with or without an offset suffix", () => {
    expect(isoDateTime("/Date(1739187554000)/")).toBe("2025-02-10T11:39:14.000Z");
    expect(isoDateTime("/Date(1739187554000+0100)/")).toBe("2025-02-10T11:39:14.000Z");
  });

  test("accepts epoch milliseconds and ISO strings, and gives null for anything else", () => {
    expect(isoDateTime(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoDateTime("2026-01-31T10:00:00Z")).toBe("2026-01-31T10:00:00.000Z");
    expect(isoDateTime(null)).toBeNull();
    expect(isoDateTime(undefined)).toBeNull();
    expect(isoDateTime("")).toBeNull();
    expect(isoDateTime("/Date(abc)/")).toBeNull();
    expect(isoDateTime({})).toBeNull();
  });
});

test("isoDate keeps the UTC calendar date", () => {
  expect(isoDate("/Date(1761494091000)/")).toBe("2025-10-26");
  expect(isoDate(null)).toBeNull();
});

test("exactCalendarDate keeps the date the caller wrote, at midnight without a zone", () => {
  expect(exactCalendarDate("2026-01-31")).toBe("2026-01-31T00:00:00");
  // 23:30 at UTC-2 is already 1 February in UTC: the written date must win.
  expect(exactCalendarDate("2026-01-31T23:30:00-02:00")).toBe("2026-01-31T00:00:00");
});

test("text and firstText treat empty strings as absent", () => {
  expect(text("")).toBeNull();
  expect(text(42)).toBeNull();
  expect(text("a")).toBe("a");
  expect(firstText(null, "", "b", "c")).toBe("b");
  expect(firstText(undefined, null)).toBeNull();
});

test("num reads numbers and numeric strings only", () => {
  expect(num(12.5)).toBe(12.5);
  expect(num("12.5")).toBe(12.5);
  expect(num(" ")).toBeNull();
  expect(num("abc")).toBeNull();
  expect(num(Number.NaN)).toBeNull();
  expect(num(null)).toBeNull();
});

test("ref and refId", () => {
  expect(ref("7eae4a6c-6512-4394-bf2b-b83ebdae12da")).toEqual({ id: "7eae4a6c-6512-4394-bf2b-b83ebdae12da" });
  expect(ref(1234567)).toEqual({ id: "1234567" });
  expect(ref(null)).toBeNull();
  expect(ref("")).toBeNull();
  expect(refId({ id: "abc" })).toBe("abc");
  expect(refId(null)).toBeNull();
});

test("recordId takes the id from the key field, as a string", () => {
  expect(recordId({ Code: 1234567 }, "Code")).toBe("1234567");
  expect(recordId({ ID: "9fb0bad2-ec3d-41fb-aa86-d05165354a6f" }, "ID")).toBe("9fb0bad2-ec3d-41fb-aa86-d05165354a6f");
  expect(recordId({}, "ID")).toBe("");
});

test("codeTable maps both ways and refuses unknown values", () => {
  const table = codeTable([
    [10, "draft"],
    [20, "open"],
  ] as const);
  expect(table.toUnified(20)).toBe("open");
  expect(table.toUnified("10")).toBe("draft");
  expect(table.toUnified(99)).toBeNull();
  expect(table.toExact("draft")).toBe(10);
  expect(table.toExact("paid")).toBeUndefined();
  expect(table.values).toEqual(["draft", "open"]);
});

test("isoString writes what toISOString writes, and throws where it throws", () => {
  const edges = [0, -1, 1, 951_782_400_000, 951_868_800_000, 4_107_542_399_999, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15, 1.5, -0.5];
  const random = Array.from({ length: 20_000 }, () => Math.floor((Math.random() * 2 - 1) * 2.6e14));
  for (const ms of [...edges, ...random]) expect(isoString(ms)).toBe(new Date(ms).toISOString());
  for (const ms of [8.64e15 + 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => isoString(ms)).toThrow(RangeError);
});
