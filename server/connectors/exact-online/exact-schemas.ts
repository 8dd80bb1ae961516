import { z } from "zod";
import { MorphError } from "../../errors";

/**
 * Exact's JSON envelopes as zod schemas, for the boundary (exact-http.ts checks every answer's envelope)
 * and for code that reads `d.results` or a single record (resources.ts): a shape Exact does not send is
 * a 502 PROVIDER_ERROR, never an empty list or garbage records.
 */

/** One Exact record: a plain JSON object (never an array, null or a string). */
export const exactRecord = z.record(z.string(), z.unknown());
export type ExactRecordShape = z.infer<typeof exactRecord>;

/** Every JSON answer Exact gives to a REST call: `{ d: { … } }`; when `d.results` is there, it is a list of records. */
export const exactEnvelope = z.object({ d: z.object({ results: z.array(exactRecord).optional() }).catchall(z.unknown()) });

/** A list page: `{ d: { results: [...], __next?: "<url>", __count?: "<n>" } }`. */
export const exactListPage = z.object({
  d: z
    .object({
      results: z.array(exactRecord),
      __next: z.string().optional(),
      __count: z.union([z.string(), z.number()]).optional(),
    })
    .catchall(z.unknown()),
});

/** A single record: `{ d: { … } }`, or (as `current/Me` and some GETs by key answer) a collection of one. */
export const exactSingle = z.object({ d: exactRecord });

const malformed = (what: string, issues: z.core.$ZodIssue[]) =>
  new MorphError("PROVIDER_ERROR", `Exact Online sent a malformed ${what}.`, {
    issues: issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
  });

/** `d.results` and `d.__next` of a list answer's body; throws PROVIDER_ERROR (502) for any other shape. */
export function parseExactList(body: unknown): { results: ExactRecordShape[]; next?: string } {
  const parsed = exactListPage.safeParse(body);
  if (!parsed.success) throw malformed("list page", parsed.error.issues);
  const { results, __next } = parsed.data.d;
  return __next === undefined ? { results } : { results, next: __next };
}

/** The record of a single-record answer's body; throws PROVIDER_ERROR (502) for any other shape. */
export function parseExactRecord(body: unknown): ExactRecordShape {
  const parsed = exactSingle.safeParse(body);
  if (!parsed.success) throw malformed("record", parsed.error.issues);
  const { d } = parsed.data;
  if (!("results" in d)) return d;
  const results = z.array(exactRecord).length(1).safeParse(d.results);
  if (!results.success) throw malformed("record", results.error.issues);
  return results.data[0]!;
}
