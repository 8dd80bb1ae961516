/**
 * What an Exact property's EDM type lets through: the OData literal of a filter on it, the JSON value a write
 * may send it, and the key literal of an entity. Exact answers anything else with a 400, and every such 400
 * counts towards Exact blocking the API key for an hour ("10 errors an hour per endpoint per user"), for
 * every owner of that Exact user: so what the type rules out is refused here, before any call.
 */
import { guidLiteral, isGuid, literal, type LiteralType } from "../odata";
import { exactProperty, type EdmType, type ExactEntity } from "../reference";
import { dateInput, exactCalendarDate } from "./convert";

/** A filter value's literal follows Exact's type of the property (a status code is an Int16 however it reads). */
export const EDM_LITERALS: Readonly<Record<EdmType, LiteralType | undefined>> = {
  "Edm.Guid": "guid",
  "Edm.String": "string",
  "Edm.Byte": "integer",
  "Edm.Int16": "integer",
  "Edm.Int32": "integer",
  "Edm.Int64": "integer",
  "Edm.Double": "number",
  "Edm.Decimal": "number",
  "Edm.Boolean": "boolean",
  "Edm.DateTime": "datetime",
  "Edm.Binary": undefined,
};

/** Exact overflows an integer literal beyond its property's width with a 400. Int64 stops at what JSON numbers hold exactly. */
const INTEGER_RANGES: Partial<Record<EdmType, readonly [min: number, max: number]>> = {
  "Edm.Byte": [0, 255],
  "Edm.Int16": [-32_768, 32_767],
  "Edm.Int32": [-2_147_483_648, 2_147_483_647],
  "Edm.Int64": [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const inRange = (type: EdmType, n: number) => {
  const range = INTEGER_RANGES[type];
  return !range || (n >= range[0] && n <= range[1]);
};

/** The OData literal of a filter value on a property of this type, or undefined when Exact would refuse it. */
export function edmFilterLiteral(type: EdmType, value: string): string | undefined {
  const literalType = EDM_LITERALS[type];
  const text = literalType ? literal(literalType, value) : undefined;
  return text !== undefined && literalType === "integer" && !inRange(type, Number(text)) ? undefined : text;
}

/** What a value for a property of this type must be, for error messages. */
export function edmExpectation(type: EdmType): string {
  const range = INTEGER_RANGES[type];
  if (range) return `an integer from ${range[0]} to ${range[1]}`;
  switch (type) {
    case "Edm.Guid":
      return "a GUID";
    case "Edm.String":
      return "a string";
    case "Edm.Double":
    case "Edm.Decimal":
      return "a number";
    case "Edm.Boolean":
      return "true or false";
    case "Edm.DateTime":
      return "a date such as 2026-01-31 or an ISO 8601 date-time";
    case "Edm.Binary":
      return "base64 text (RFC 4648, with padding)";
    default:
      return "nothing: Exact takes no such value through this API";
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Marks a value Exact would refuse for the property's type. */
export const REFUSED = Symbol("refused");

/**
 * A non-null JSON value as Exact takes it for a property of this type, or REFUSED. Strict like the built-in
 * schemas: a number is a JSON number, not a numeric string; a date-only value is sent as midnight, zone-less.
 */
export function edmWriteValue(type: EdmType, value: unknown): unknown {
  switch (type) {
    case "Edm.Guid":
      return typeof value === "string" && isGuid(value) ? value.toLowerCase() : REFUSED;
    case "Edm.String":
      return typeof value === "string" ? value : REFUSED;
    case "Edm.Byte":
    case "Edm.Int16":
    case "Edm.Int32":
    case "Edm.Int64":
      return Number.isSafeInteger(value) && inRange(type, value as number) ? value : REFUSED;
    case "Edm.Double":
    case "Edm.Decimal":
      return typeof value === "number" && Number.isFinite(value) ? value : REFUSED;
    case "Edm.Boolean":
      return typeof value === "boolean" ? value : REFUSED;
    case "Edm.DateTime":
      if (!dateInput.safeParse(value).success) return REFUSED;
      return (value as string).length === 10 ? exactCalendarDate(value as string) : value;
    case "Edm.Binary":
      // Base64 in JSON (picqer/exact-php-client#178: anything else is Exact's 400 "converting ... to type 'Byte[]'").
      return typeof value === "string" && BASE64.test(value) ? value : REFUSED;
    default:
      return type satisfies never;
  }
}

/**
 * How an id becomes the entity's key literal, or undefined for an id no record can have. Integer keys are
 * codes counted from 0 (a division's Code), within the key property's width where the reference table
 * gives it; Exact answers a negative or overflowing key with a 400, not a 404.
 */
export function keyLiteralOf(entity: ExactEntity): (id: string) => string | undefined {
  if (entity.keyType === "guid") return guidLiteral;
  const type = exactProperty(entity, entity.key)?.type ?? "Edm.Int64";
  return (id) => (/^\d{1,16}$/.test(id) && inRange(type, Number(id)) ? String(Number(id)) : undefined);
}
