import { z } from "zod";
import type { ListParams } from "../resources/resources";

export const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 20;
const LIMIT_MESSAGE = `must be an integer from 1 to ${MAX_LIMIT}`;
const FILTER_KEY = /^filter\[([A-Za-z][A-Za-z0-9]*)\]$/;

/** A repeated parameter arrives as an array: the first value counts, as `URLSearchParams.get` gave it. */
const first = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (Array.isArray(value) ? value[0] : value), schema);
/** `raw=true` and nothing else turns raw Exact records on. */
const flag = first(z.string().optional()).transform((value) => value === "true");

/** `GET /v1/resources/:model?limit&cursor&search&filter[field]&raw`, with the messages v1 has always given. */
export const listQuery = z
  .object({
    // Digits only: Number() would also take "1e2", "0x10" or " 5". Up to 1000: one page of Exact's bulk endpoints.
    limit: first(
      z
        .string()
        .regex(/^\d{1,4}$/, LIMIT_MESSAGE)
        .transform(Number)
        .pipe(z.number().min(1, LIMIT_MESSAGE).max(MAX_LIMIT, LIMIT_MESSAGE))
        .optional(),
    ),
    search: first(z.string().min(1, "must be 1 to 200 characters").max(200, "must be 1 to 200 characters").optional()),
    cursor: first(z.string().optional()),
    raw: flag,
  })
  // Every other parameter: `filter[field]` ones are filters, other keys that start with "filter" are refused.
  .catchall(z.union([z.string(), z.array(z.string())]))
  .superRefine((query, issues) => {
    for (const key of Object.keys(query)) {
      if (key.startsWith("filter") && !FILTER_KEY.test(key)) issues.addIssue({ code: "custom", path: [key], message: "use filter[field]=value" });
    }
  })
  .transform(({ limit, search, cursor, raw, ...rest }): ListParams => {
    const filters: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) {
      const field = FILTER_KEY.exec(key)?.[1];
      // Repeated, the last value counts (as it always has for filters).
      if (field) filters[field] = Array.isArray(value) ? value[value.length - 1]! : value;
    }
    return { limit: limit ?? DEFAULT_LIMIT, cursor, search, filters, raw };
  });

/** `GET /v1/resources/:model/:id?raw`. */
export const retrieveQuery = z.object({ raw: flag });
