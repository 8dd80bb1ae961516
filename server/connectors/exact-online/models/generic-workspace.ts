/**
 * genericWorkspace ↔ Exact `system/Divisions`: the administrations (companies) a connection can reach.
 * Read only in Exact. The key is the integer division Code, which is also the `{division}` of every URL.
 */
import { divisions } from "../reference/system-divisions";
import { codeTable } from "./convert";
import { defineModel } from "./define-model";
import type { ModelMapping } from "./types";

/** Exact's division Status: 0 inactive, 1 active, 2 archived. */
export const WORKSPACE_STATUS = codeTable([
  [0, "inactive"],
  [1, "active"],
  [2, "archived"],
] as const);

const workspaceModel = defineModel({
  model: "genericWorkspace",
  label: "Administrations",
  reference: divisions,
  actions: ["list", "retrieve"],
  fields: [
    { name: "name", exact: "Description", type: "string", search: true, description: "The division's name (Exact's Description)" },
    { name: "companyName", exact: "CustomerName", type: "string", search: true, description: "The legal name of the company that owns the division" },
    { name: "code", exact: "Code", type: "integer", filter: true, description: "Exact's division code (the id as a number)" },
    { name: "currency", exact: "Currency", type: "string", filter: true, description: "Default currency (ISO 4217), e.g. EUR" },
    { name: "country", exact: "Country", type: "string", filter: true, description: "ISO 3166 country code, e.g. NL" },
    { name: "status", exact: "Status", type: "string", filter: true, codes: WORKSPACE_STATUS, description: "inactive | active | archived (Exact's 0/1/2)" },
    { name: "isMain", exact: "IsMainDivision", type: "boolean", filter: true, description: "The main division of the Exact license" },
  ],
});

/**
 * The connection's own divisions only (issue 18): Exact's system/Divisions lists every division the token
 * reaches, and the connection holds those its user or backend chose. Codes are integers from storage, never input.
 */
export const genericWorkspace: ModelMapping = {
  ...workspaceModel,
  connectionScope: {
    filter: (connection) => `(${connection.divisions.map((d) => `Code eq ${Math.trunc(d.code)}`).join(" or ")})`,
    includes: (connection, id) => connection.divisions.some((d) => String(d.code) === id),
  },
};
