/**
 * genericWorkspace ↔ Exact `system/Divisions`: the administrations (companies) a connection can reach.
 * Read only in Exact. The key is the integer division Code, which is also the `{division}` of every URL.
 */
import { integerLiteral } from "../odata";
import { MODEL_ENDPOINTS } from "../operations";
import { RECORD_FIELDS, STAMP_FIELDS, bool, codeTable, num, isoDateTime, recordId, text } from "./convert";
import type { ExactRecord, ModelMapping, UnifiedRecord } from "./types";

const KEY = "Code";

/** Exact's division Status: 0 inactive, 1 active, 2 archived. */
export const WORKSPACE_STATUS = codeTable([
  [0, "inactive"],
  [1, "active"],
  [2, "archived"],
] as const);

function toUnified(raw: ExactRecord): UnifiedRecord {
  return {
    id: recordId(raw, KEY),
    createdAt: isoDateTime(raw.Created),
    updatedAt: isoDateTime(raw.Modified),
    name: text(raw.Description),
    companyName: text(raw.CustomerName),
    code: num(raw.Code),
    currency: text(raw.Currency),
    country: text(raw.Country),
    status: WORKSPACE_STATUS.toUnified(raw.Status),
    isMain: bool(raw.IsMainDivision),
  };
}

function statusCode(value: string): string | undefined {
  const code = WORKSPACE_STATUS.toExact(value);
  return code === undefined ? undefined : String(code);
}

export const genericWorkspace: ModelMapping = {
  model: "genericWorkspace",
  ...MODEL_ENDPOINTS.genericWorkspace,
  keyField: KEY,
  keyLiteral: integerLiteral,
  select: [KEY, "Description", "CustomerName", "Currency", "Country", "Status", "IsMainDivision", ...STAMP_FIELDS],
  searchFields: ["Description", "CustomerName"],
  filters: {
    code: { exactField: "Code", type: "integer" },
    status: { exactField: "Status", type: "integer", toExactValue: statusCode },
    isMain: { exactField: "IsMainDivision", type: "boolean" },
    currency: { exactField: "Currency", type: "string" },
    country: { exactField: "Country", type: "string" },
  },
  fields: [
    ...RECORD_FIELDS,
    { name: "name", type: "string", description: "The division's name (Exact's Description)", writable: false },
    { name: "companyName", type: "string", description: "The legal name of the company that owns the division", writable: false },
    { name: "code", type: "number", description: "Exact's division code (the id as a number)", writable: false },
    { name: "currency", type: "string", description: "Default currency (ISO 4217), e.g. EUR", writable: false },
    { name: "country", type: "string", description: "ISO 3166 country code, e.g. NL", writable: false },
    { name: "status", type: "string", description: "inactive | active | archived (Exact's 0/1/2)", writable: false },
    { name: "isMain", type: "boolean", description: "The main division of the Exact license", writable: false },
  ],
  toUnified,
};
