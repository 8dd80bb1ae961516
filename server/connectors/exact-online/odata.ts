/**
 * Building OData query text for Exact. User input only ever enters a filter through these functions:
 * strings are quoted with `'` and an inner `'` is doubled (OData's only escape), ids must be real
 * GUIDs or integers. Nothing is spliced.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** `guid'…'`, or undefined when the value is not a GUID (so it can never smuggle syntax). */
export function guidLiteral(value: string): string | undefined {
  return isGuid(value) ? `guid'${value.toLowerCase()}'` : undefined;
}

/** A plain integer literal, or undefined (keys: see keyLiteralOf, which also bounds them to the key's width). */
export function integerLiteral(value: string): string | undefined {
  return /^-?\d{1,15}$/.test(value) ? String(Number(value)) : undefined;
}

export type LiteralType = "string" | "guid" | "integer" | "number" | "boolean" | "datetime";

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?$/;

/** The OData literal of a filter value of a given type, or undefined when the value does not fit. */
export function literal(type: LiteralType, value: string): string | undefined {
  switch (type) {
    case "string":
      return stringLiteral(value);
    case "guid":
      return guidLiteral(value);
    case "integer":
      return integerLiteral(value);
    case "number":
      return value.trim() !== "" && Number.isFinite(Number(value)) ? String(Number(value)) : undefined;
    case "boolean":
      return value === "true" || value === "false" ? value : undefined;
    case "datetime": {
      // Exact compares its zone-less dates: "2026-01-31" or "2026-01-31T08:00[:00]", nothing else.
      const match = ISO_DATE_TIME.exec(value);
      if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) return undefined;
      const time = match[2] ?? "00:00:00";
      return `datetime'${match[1]}T${time.length === 5 ? `${time}:00` : time}'`;
    }
    default:
      return type satisfies never;
  }
}

/** Free-text search: `(substringof('x', A) or substringof('x', B))`. */
export function searchFilter(fields: readonly string[], text: string): string {
  const quoted = stringLiteral(text);
  return `(${fields.map((field) => `substringof(${quoted}, ${field})`).join(" or ")})`;
}

export function and(clauses: Array<string | undefined>): string | undefined {
  const present = clauses.filter((c): c is string => Boolean(c));
  return present.length ? present.join(" and ") : undefined;
}
