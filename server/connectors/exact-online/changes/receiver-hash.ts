/**
 * Exact signs a notification with `HashCode` = uppercase hex HMAC-SHA256 of the `Content` JSON text exactly
 * as it appears in the body, keyed with the app's webhook secret. So the text is cut out of the raw body
 * (never re-serialised: key order, spacing and escapes would differ) and compared in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function exactHashCode(contentText: string, secret: string): string {
  return createHmac("sha256", secret).update(contentText, "utf8").digest("hex").toUpperCase();
}

/** The body's `Content` and `HashCode`, as raw text and string; undefined when the body is not that shape. */
export function signedParts(body: string): { contentText: string; hashCode: string } | undefined {
  const members = topLevelMembers(body);
  if (!members) return undefined;
  const content = members.get("Content");
  const hash = members.get("HashCode");
  if (!content || !hash || !content.startsWith("{")) return undefined;
  let hashCode: unknown;
  try {
    hashCode = JSON.parse(hash);
  } catch {
    return undefined;
  }
  return typeof hashCode === "string" ? { contentText: content, hashCode } : undefined;
}

/** Constant-time: a 64-digit hex string compared byte by byte, whatever it holds. */
export function hashCodeMatches(contentText: string, hashCode: string, secret: string): boolean {
  if (!/^[0-9A-Fa-f]{64}$/.test(hashCode)) return false;
  const expected = Buffer.from(exactHashCode(contentText, secret), "ascii");
  return timingSafeEqual(expected, Buffer.from(hashCode.toUpperCase(), "ascii"));
}

/**
 * The members of a top-level JSON object: name → the raw text of its value. Undefined for anything that is
 * not one well-formed object, or one that names a member twice (which of the two was signed?).
 */
export function topLevelMembers(text: string): Map<string, string> | undefined {
  try {
    JSON.parse(text); // well-formed first: the scanner below may then trust the grammar
  } catch {
    return undefined;
  }
  const members = new Map<string, string>();
  let i = skipSpace(text, 0);
  if (text[i] !== "{") return undefined;
  i = skipSpace(text, i + 1);
  if (text[i] === "}") return members;
  for (;;) {
    const nameEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, nameEnd)) as string;
    i = skipSpace(text, nameEnd);
    i = skipSpace(text, i + 1); // the ':'
    const valueEnd = valueEndAt(text, i);
    if (members.has(name)) return undefined;
    members.set(name, text.slice(i, valueEnd));
    i = skipSpace(text, valueEnd);
    if (text[i] === "}") return members;
    i = skipSpace(text, i + 1); // the ','
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  return i;
}

/** `text[i]` is a '"'; returns the index after the closing one. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** The end of the value starting at `i`: strings, nested objects and arrays skipped whole. */
function valueEndAt(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  if (text[i] === "{" || text[i] === "[") {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const ch = text[j];
      if (ch === '"') j = stringEnd(text, j) - 1;
      else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !",}] \t\n\r".includes(text[j]!)) j++;
  return j;
}
