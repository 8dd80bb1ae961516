import { MorphError } from "../../errors";

/**
 * The list cursor: opaque to API users (base64url JSON), it carries Exact's `$skiptoken` — the key of
 * the last record served, as Exact's own `__next` links do. It is parsed strictly on the way back in,
 * so a crafted cursor cannot carry OData syntax.
 */
export interface CursorState {
  /** An OData key literal: guid'…' or an integer. */
  after: string;
}

const KEY_LITERAL = /^(guid'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'|-?\d{1,15})$/i;

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ v: 1, a: state.after })).toString("base64url");
}

export function decodeCursor(cursor: string): CursorState {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { v?: unknown; a?: unknown };
    if (parsed.v === 1 && typeof parsed.a === "string" && KEY_LITERAL.test(parsed.a)) return { after: parsed.a };
  } catch {
    // fall through
  }
  throw new MorphError("VALIDATION_ERROR", "cursor: not a cursor returned by this API", { field: "cursor" });
}

/** The `$skiptoken` of an Exact `__next` link. */
export function skiptokenOf(nextUrl: string): string | undefined {
  const value = new URL(nextUrl).searchParams.get("$skiptoken") ?? undefined;
  return value && KEY_LITERAL.test(value) ? value : undefined;
}
