/**
 * The backend's labels on a connection: `metadata` (string values under short keys) and `tags`. Checked
 * here by hand rather than with z.record, which drops a "__proto__" key without a word; the result is
 * built with Object.fromEntries (own properties only), so no key reaches a prototype.
 */
import { MorphError } from "../errors";

export const MAX_METADATA_ENTRIES = 20;
export const MAX_METADATA_VALUE = 500;
export const MAX_TAGS = 20;
const METADATA_KEY = /^[A-Za-z0-9_.-]{1,40}$/;
export const TAG = /^[A-Za-z0-9_.:-]{1,64}$/;
// PostgreSQL refuses NUL in text, and search matches one value per line: no control characters in a value.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const invalid = (field: string, message: string) => new MorphError("VALIDATION_ERROR", `${field}: ${message}`, { field });
/** A field name that quotes the caller's key without letting it run on (a key is at most 40 characters when valid). */
const keyField = (key: string) => `metadata.${key.slice(0, 64)}`;

export function parseMetadata(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("metadata", "must be an object of string values");
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_ENTRIES) throw invalid("metadata", `at most ${MAX_METADATA_ENTRIES} entries`);
  for (const [key, entry] of entries) {
    if (!METADATA_KEY.test(key)) throw invalid(keyField(key), "keys are 1 to 40 characters of A-Z, a-z, 0-9, _ . -");
    if (typeof entry !== "string") throw invalid(keyField(key), "must be a string");
    if (entry.length > MAX_METADATA_VALUE) throw invalid(keyField(key), `at most ${MAX_METADATA_VALUE} characters`);
    if (CONTROL_CHARACTERS.test(entry)) throw invalid(keyField(key), "must not contain control characters");
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Duplicates are dropped (a tag is there or not); the order given is kept. */
export function parseTags(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid("tags", "must be an array of strings");
  if (value.length > MAX_TAGS) throw invalid("tags", `at most ${MAX_TAGS} tags`);
  value.forEach((tag, i) => {
    if (typeof tag !== "string" || !TAG.test(tag)) throw invalid(`tags.${i}`, "must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -");
  });
  return [...new Set(value as string[])];
}

/** Order does not matter for either: the same entries or tags are no change (and no `connection.updated`). */
export const sameMetadata = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => Object.hasOwn(b, key) && b[key] === value);
export const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((tag) => b.includes(tag));
