import { MorphError } from "../errors";

/**
 * What one path segment may hold once decoded: the characters of Exact's REST paths
 * (`crm/Accounts(guid'…')`, `{division}`, `$count`) and nothing that a URL parser treats specially.
 */
const SEGMENT = /^[A-Za-z0-9_\-.(),'$:{}=+@!~*]+$/;
// C0 and C1 controls: WHATWG URL parsing drops tab and newlines, so `.%09.` would become `..`.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const invalidPath = (reason: string) =>
  new MorphError(
    "VALIDATION_ERROR",
    `path: ${reason}; the proxy reaches Exact's REST API only, e.g. /v1/proxy/api/v1/{division}/crm/Accounts`,
    { field: "path" },
  );

/**
 * Parses the proxied path once (the part after `/v1/proxy`, as the server received it, still
 * percent-encoded) into decoded segments. Decoding happens exactly once here and nowhere after, so a
 * double-encoded `%252e%252e` stays the literal text `%2e%2e` and is refused rather than decoded again.
 */
export function parseProxyPath(encodedPath: string): string[] {
  if (!encodedPath.startsWith("/")) throw invalidPath("must start with /api/v1/");
  const segments = encodedPath.slice(1).split("/").map(decodeSegment);
  if (segments.length < 3 || segments[0] !== "api" || segments[1] !== "v1") throw invalidPath("must start with /api/v1/");
  return segments;
}

function decodeSegment(encoded: string): string {
  if (encoded === "") throw invalidPath("empty segment");
  let segment: string;
  try {
    segment = decodeURIComponent(encoded);
  } catch {
    throw invalidPath("malformed percent-escape (a lone % or broken UTF-8)");
  }
  if (CONTROL.test(segment)) throw invalidPath("control characters are not allowed");
  if (/[/\\]/.test(segment)) throw invalidPath("encoded separators (%2F, %5C) are not allowed");
  if (segment.includes("%")) throw invalidPath("percent-escapes may not be encoded twice");
  if (segment === "." || segment === "..") throw invalidPath("dot segments are not allowed");
  if (!SEGMENT.test(segment)) throw invalidPath(`segment "${segment.slice(0, 40)}" has characters Exact's paths never use`);
  return segment;
}

/**
 * The final URL at Exact: `{division}` filled in, then checked as a whole before anything is sent:
 * same origin as Exact's base URL, under its `/api/v1/`, and each segment as parsed (nothing normalised away).
 */
export function proxyTarget(baseUrl: string, segments: string[], division: number, search: string): URL {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const filled = segments.map((segment) => segment.replaceAll("{division}", String(division)));
  const target = new URL(`${base.origin}${basePath}/${filled.join("/")}${search}`);
  const targetSegments = target.pathname.slice(basePath.length + 1).split("/");
  const sameSegments = targetSegments.length === filled.length && targetSegments.every((s, i) => safeDecode(s) === filled[i]);
  if (target.origin !== base.origin || !target.pathname.startsWith(`${basePath}/api/v1/`) || !sameSegments) {
    throw invalidPath("does not stay under Exact's /api/v1/");
  }
  return target;
}

const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** Exact answers Atom XML unless asked for JSON: a wildcard (curl's and fetch's default) or no Accept means JSON. */
export function acceptForExact(accept: string | undefined): string {
  const ranges = (accept ?? "")
    .split(",")
    .map((range) => range.split(";")[0]!.trim().toLowerCase())
    .filter(Boolean);
  return ranges.length === 0 || ranges.every((range) => range === "*/*") ? "application/json" : accept!;
}
