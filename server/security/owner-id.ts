import { z } from "zod";
import { MorphError } from "../errors";

/**
 * An owner id names one of the customer's own customers, and backends send it as the `x-owner-id`
 * header. HTTP strips a header value's leading and trailing whitespace, and only visible ASCII
 * survives every client unchanged (RFC 9110 §5.5: obs-text bytes are decoded as Latin-1 by some,
 * refused by others). So an owner id is exactly what a header carries faithfully: 1–255 visible
 * ASCII characters, with spaces allowed inside but not at either end. Anything else could name one
 * owner when minted and another when read back (issue 14, finding 6: "ownerW " read ownerW's data).
 */
const OWNER_ID_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

export const OWNER_ID_RULE = "must be 1 to 255 visible ASCII characters, spaces allowed only between them";

export const isOwnerId = (value: unknown): value is string => typeof value === "string" && OWNER_ID_PATTERN.test(value);

/** For request bodies: a failure reads "ownerId: must be 1 to 255 …". */
export const ownerIdSchema = z.string().regex(OWNER_ID_PATTERN, OWNER_ID_RULE);

export const OWNER_HEADER = "x-owner-id";

/** Refuses an `x-owner-id` header that is present but not an owner id (an absent one is the route's business). */
export function assertOwnerHeader(value: string | undefined): void {
  if (value !== undefined && value !== "" && !isOwnerId(value)) {
    throw new MorphError("VALIDATION_ERROR", `${OWNER_HEADER}: ${OWNER_ID_RULE}`, { field: OWNER_HEADER });
  }
}

// The rule before issue 14 (no control characters; PostgreSQL refuses NUL in text): connections made then
// may be stored under ids the rule above now refuses.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
export const isLegacyOwnerId = (value: string) => value.length >= 1 && value.length <= 255 && !CONTROL_CHARACTERS.test(value);

/** The 400 for a path's `:ownerId` that is not an owner id. */
export function invalidOwnerIdParam(): MorphError {
  return new MorphError("VALIDATION_ERROR", `ownerId: ${OWNER_ID_RULE}`, { field: "ownerId" });
}
