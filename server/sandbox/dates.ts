/** Exact's JSON dates: "/Date(1641034800000)/", epoch milliseconds (UTC). */
export function toExactDate(epochMs: number): string {
  return `/Date(${epochMs})/`;
}

/**
 * Reads a date written by a client: "/Date(ms)/" or an ISO 8601 string.
 * Date-only and zone-less ISO strings are read as UTC, as Exact does for datetime literals.
 */
export function parseClientDate(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string") return undefined;
  const wrapped = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (wrapped) return Number(wrapped[1]);
  return parseIsoAsUtc(value);
}

/** `datetime'2026-01-01T00:00:00'` carries no zone; Exact reads it as UTC. */
export function parseIsoAsUtc(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(text) && text.includes("T");
  const iso = text.includes("T") ? text : `${text}T00:00:00`;
  const ms = Date.parse(hasZone ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
