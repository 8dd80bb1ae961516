import type { FieldType } from "./odata-filter";
import type { Row, SandboxState } from "./state";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface FieldSpec {
  type: FieldType;
  /** Computed or assigned by Exact: accepted in a write body but ignored. */
  readOnly?: boolean;
}

/** Everything a handler knows about the call it serves. */
export interface EntityContext {
  state: SandboxState;
  division: number;
  userId: string;
  clientId: string;
  now: number;
  newId: () => string;
}

export interface Navigation {
  /** entity path of the related rows, e.g. "salesinvoice/SalesInvoiceLines" */
  entity: string;
  /** field on the related rows that points back at this row's key */
  foreignKey: string;
}

/** One Exact endpoint as data: where it lives, its key, what it allows, and a few hooks. */
export interface EntityDef {
  path: string;
  key: string;
  keyType: "guid" | "int";
  methods: ReadonlySet<Method>;
  /** the `__metadata.type` Exact reports, e.g. "Exact.Web.Api.Models.Account" */
  metadataType: string;
  fields: Record<string, FieldSpec>;
  navigation?: Record<string, Navigation>;
  /** webhook topic raised by writes, if any */
  webhookTopic?: string;
  table(ctx: EntityContext): Map<string, Row>;
  /** rows this caller may see (e.g. only its own app's webhook subscriptions) */
  visible?(row: Row, ctx: EntityContext): boolean;
  /** fields computed at read time (names of referenced records, the current division) */
  view?(row: Row, ctx: EntityContext): Row;
  defaults?(ctx: EntityContext): Row;
  /** validates a new or updated row and fills derived fields; throws ExactHttpError(400) */
  finish?(row: Row, ctx: EntityContext, mode: "create" | "update"): void;
  /** after the row is stored: nested children, totals of a parent */
  afterWrite?(row: Row, ctx: EntityContext, nested: Record<string, unknown>): void;
  beforeDelete?(row: Row, ctx: EntityContext): void;
  afterDelete?(row: Row, ctx: EntityContext): void;
}

export const methods = (...list: Method[]): ReadonlySet<Method> => new Set(list);

export const stampFields: Record<string, FieldSpec> = {
  Created: { type: "datetime", readOnly: true },
  Modified: { type: "datetime", readOnly: true },
};
