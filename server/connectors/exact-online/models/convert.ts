/**
 * Value conversions shared by the model mappings: Exact's JSON values in, unified values out, and back.
 * Every reader is null-safe and tolerant of a missing field: a record read with a narrower `$select`
 * (or an older Exact version) yields nulls, never an exception.
 */
import { z } from "zod";
import type { ExactRecord } from "./types";

/** Exact's JSON dates: "/Date(1641034800000)/", epoch milliseconds, sometimes with an offset suffix. */
const EXACT_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/** A moment as an ISO 8601 string (UTC), or null. Accepts "/Date(ms)/", epoch ms, or an ISO string. */
export function isoDateTime(value: unknown): string | null {
  const ms = epochMs(value);
  return ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * A calendar date as "YYYY-MM-DD", or null. Exact's date-only fields (InvoiceDate, DueDate) carry no zone:
 * Exact serialises them as midnight UTC of the date, so the UTC date is the date the user typed.
 */
export function isoDate(value: unknown): string | null {
  return isoDateTime(value)?.slice(0, 10) ?? null;
}

function epochMs(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value === "") return undefined;
  const wrapped = EXACT_DATE.exec(value);
  if (wrapped) return Number(wrapped[1]);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * A unified date ("YYYY-MM-DD" or an ISO date-time) as Exact takes it for a date-only Edm.DateTime field:
 * the calendar date the caller wrote, at midnight, with no zone. Keeping only the written date avoids
 * "2026-01-31T23:30:00-02:00" turning into 1 February once converted to UTC.
 */
export function exactCalendarDate(value: string): string {
  return `${value.slice(0, 10)}T00:00:00`;
}

/** A string, or null for a missing or empty one (Exact sends both `null` and `""` for "not set"). */
export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The first non-empty string among the values, or null (e.g. Email, then BusinessEmail). */
export function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const found = text(value);
    if (found !== null) return found;
  }
  return null;
}

/** A number, or null. Exact sends Edm.Decimal as a JSON number, but a numeric string is accepted too. */
export function num(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function bool(value: unknown): boolean | null {
  return typeof value === "boolean" ? value : null;
}

/** A unified reference `{ id }`, or null when Exact has no related record. */
export function ref(id: unknown): { id: string } | null {
  if (typeof id === "number" && Number.isFinite(id)) return { id: String(id) };
  return typeof id === "string" && id !== "" ? { id } : null;
}

/** The id of a unified reference given on write, or null to unlink. */
export function refId(value: unknown): string | null {
  return typeof value === "object" && value !== null && "id" in value && typeof value.id === "string" ? value.id : null;
}

/** `id`, `createdAt`, `updatedAt` of every unified record, from Exact's key, `Created` and `Modified`. */
/**
 * A record's unified `id`: its Exact key as a string. Model mappings build `{ id, createdAt, updatedAt, … }`
 * as one flat literal: spreading a helper's object into it makes V8 build each record ~6× slower.
 */
export function recordId(raw: ExactRecord, keyField: string): string {
  const key = raw[keyField];
  return typeof key === "string" || typeof key === "number" ? String(key) : "";
}

/** Builds a two-way table between Exact codes and unified values (status, type). */
export function codeTable<Code extends string | number, Value extends string>(pairs: ReadonlyArray<readonly [Code, Value]>) {
  return {
    values: pairs.map(([, value]) => value) as [Value, ...Value[]],
    toUnified(code: unknown): Value | null {
      return pairs.find(([c]) => String(c) === String(code))?.[1] ?? null;
    },
    toExact(value: unknown): Code | undefined {
      return pairs.find(([, v]) => v === value)?.[0];
    },
  };
}

// ---- Zod building blocks for create/update inputs ----

/** A unified reference on write: `{ id }` with an Exact GUID. */
export const guidRef = z.strictObject({ id: z.guid() });

/** A date on write: "YYYY-MM-DD" or an ISO 8601 date-time. */
export const dateInput = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
  error: "Expected a date such as 2026-01-31 or an ISO 8601 date-time",
});

export const email = z.email();

/** An update must change something: an empty body is a validation error, not a silent no-op. */
export function atLeastOneField<T extends Record<string, unknown>>(value: T): boolean {
  return Object.values(value).some((v) => v !== undefined);
}
export const AT_LEAST_ONE_FIELD = "Give at least one field to update";
