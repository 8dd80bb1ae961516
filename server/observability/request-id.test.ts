import { describe, expect, it } from "vitest";
import { requestIdFor } from "./request-id";

describe("requestIdFor", () => {
  it("keeps a plain incoming id of up to 128 characters", () => {
    expect(requestIdFor("abc-123_X.y:z")).toBe("abc-123_X.y:z");
    expect(requestIdFor("a".repeat(128))).toBe("a".repeat(128));
  });

  it("replaces a missing, empty, long or unusual one by a new UUID", () => {
    for (const bad of [undefined, "", "a".repeat(129), "has space", 'quote"', "line\nbreak", "é"]) {
      const id = requestIdFor(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(bad);
    }
  });
});
