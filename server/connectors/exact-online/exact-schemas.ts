import { z } from "zod";
import { MorphError } from "../../errors";

/**
 * Exact's JSON envelopes as zod schemas, for the boundary (exact-http.ts checks every answer's envelope)
 * and the only parsers of a list page or a single record (exact-reader.ts, resources.ts, the events): a
 * shape Exact does not send is a 502 PROVIDER_ERROR, never an empty list or garbage records.
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

/**
 * The shapes are checked by hand first, the same rules as the schemas: zod copies every record (some 3 µs a
 * record, more than the rest of a read's own work), and the answers that pass are nearly all of them. The
 * schema runs only on a refusal, to word it.
 */
const isPlainRecord = (value: unknown): value is ExactRecordShape => typeof value === "object" && value !== null && !Array.isArray(value);

/** `d.results` and `d.__next` of a list answer's body; throws PROVIDER_ERROR (502) for any other shape. */
export function parseExactList(body: unknown): { results: ExactRecordShape[]; next?: string } {
  const d = isPlainRecord(body) ? body.d : undefined;
  if (
    isPlainRecord(d) &&
    Array.isArray(d.results) &&
    d.results.every(isPlainRecord) &&
    (d.__next === undefined || typeof d.__next === "string") &&
    (d.__count === undefined || typeof d.__count === "string" || typeof d.__count === "number")
  ) {
    const results = d.results as ExactRecordShape[];
    return d.__next === undefined ? { results } : { results, next: d.__next };
  }
  const parsed = exactListPage.safeParse(body);
  if (!parsed.success) throw malformed("list page", parsed.error.issues);
  const { results, __next } = parsed.data.d;
  return __next === undefined ? { results } : { results, next: __next };
}

/** The record of a single-record answer's body; throws PROVIDER_ERROR (502) for any other shape. */
export function parseExactRecord(body: unknown): ExactRecordShape {
  const d = isPlainRecord(body) ? body.d : undefined;
  if (isPlainRecord(d)) {
    if (!("results" in d)) return d;
    if (Array.isArray(d.results) && d.results.length === 1 && isPlainRecord(d.results[0])) return d.results[0];
  }
  const parsed = exactSingle.safeParse(body);
  if (!parsed.success) throw malformed("record", parsed.error.issues);
  const results = z.array(exactRecord).length(1).safeParse(parsed.data.d.results);
  if (!results.success) throw malformed("record", results.error.issues);
  return results.data[0]!;
}

/**
 * The records of an expanded navigation property (an invoice's `SalesInvoiceLines`): OData v2 verbose JSON
 * wraps them in `{ results }`; a bare array is accepted too. Lenient where the envelope parsers are strict:
 * the envelope around it was checked already, and an invoice without readable lines still has a header.
 */
export function parseExpanded(value: unknown): ExactRecordShape[] {
  const list = Array.isArray(value) ? value : isPlainRecord(value) ? value.results : undefined;
  return Array.isArray(list) ? list.filter(isPlainRecord) : [];
}
