/** The list query's messages are part of the contract: clients and the adversarial suite read `details.field`. */
import { describe, expect, it } from "vitest";
import { zodToMorphError } from "../errors";
import { listQuery } from "./list-query";

const parse = (query: Record<string, string | string[]>) => {
  const result = listQuery.safeParse(query);
  if (result.success) return result.data;
  const error = zodToMorphError(result.error);
  return { message: error.message, field: error.details?.field };
};

describe("the list query", () => {
  it("defaults to 20 records, no search, no filters, no raw", () => {
    expect(parse({})).toEqual({ limit: 20, filters: {}, raw: false });
  });

  it.each(["0", "1001", "1e2", "0x10", " 5", "5.0", "-1", ""])("refuses limit=%j", (limit) => {
    expect(parse({ limit })).toEqual({ message: "limit: must be an integer from 1 to 1000", field: "limit" });
  });

  it("takes the first of a repeated limit and the last of a repeated filter", () => {
    expect(parse({ limit: ["5", "x"], "filter[email]": ["a@x.nl", "b@x.nl"] })).toMatchObject({ limit: 5, filters: { email: "b@x.nl" } });
  });

  it("refuses an empty or long search", () => {
    expect(parse({ search: "" })).toEqual({ message: "search: must be 1 to 200 characters", field: "search" });
    expect(parse({ search: "x".repeat(201) })).toEqual({ message: "search: must be 1 to 200 characters", field: "search" });
  });

  it.each(["filter", "filter[]", "filter[email][x]", "filter[1email]", "filters[email]", "filter.email"])("refuses the key %s", (key) => {
    expect(parse({ [key]: "x" })).toEqual({ message: `${key}: use filter[field]=value`, field: key });
  });

  it("answers limit before search before filter keys", () => {
    expect(parse({ filter: "x", search: "", limit: "0" })).toMatchObject({ field: "limit" });
    expect(parse({ filter: "x", search: "" })).toMatchObject({ field: "search" });
  });

  it("turns raw on with raw=true only", () => {
    expect(parse({ raw: "true", cursor: "abc" })).toMatchObject({ raw: true, cursor: "abc" });
    expect(parse({ raw: "TRUE" })).toMatchObject({ raw: false });
  });
});
