import type { EdmType, ExactEntity } from "../connectors/exact-online/reference";
import type { FieldType } from "./odata-filter";
import type { Row, SandboxState } from "./state";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface FieldSpec {
  type: FieldType;
  /** Computed or assigned by Exact: a write body that sends it is refused. */
  readOnly?: boolean;
  /** Must be given on POST. */
  mandatory?: boolean;
  /** Part of the entity's mandatory filter set. */
  mandatoryFilter?: boolean;
}

/** Everything a handler knows about the call it serves. */
export interface EntityContext {
  state: SandboxState;
  division: number;
  userId: string;
  clientId: string;
  now: number;
  newId: () => string;
  /** The divisions the caller's consent granted (absent outside a REST call): `system/Divisions` lists only these. */
  grantedDivisions?: number[];
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
  /** Exact's properties, from the reference table; look up with `fieldOf` (own properties only). */
  fields: Readonly<Record<string, FieldSpec>>;
  navigation?: Readonly<Record<string, Navigation & { mandatory?: boolean }>>;
  /** webhook topic raised by writes, if any */
  webhookTopic?: string;
  /** The bulk and sync paths of the same data under /api/v1/{division}/ (from the reference), if Exact has them. */
  bulk?: string;
  sync?: string;
  /** Properties the bulk endpoint lets `$filter` name; absent: any property. */
  bulkFilters?: readonly string[];
  /** Exact's EntityType in sync/Deleted for this entity's removed rows. */
  deletedEntityType?: number;
  /**
   * A record whose changes Exact reports as an Update of another record, e.g. a sales invoice line as its
   * invoice ("Subscribe to the topic SalesInvoices to get updates on the SalesInvoiceLines resource").
   */
  reportsAs?(row: Row, ctx: EntityContext): { entity: EntityDef; key: string } | undefined;
  /**
   * The rows whose sync Timestamp moves when this row changes; default the row itself. A sales invoice and
   * its lines move together ("Any change in the header or the line ... new timestamp value in both").
   */
  syncGroup?(row: Row, ctx: EntityContext): Row[];
  /** Checks that need the network before a new row is stored (a webhook subscription's callback test). */
  beforeCreate?(row: Row, ctx: EntityContext): Promise<void>;
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
  /** may refuse a change of the stored row (e.g. a processed invoice); throws ExactHttpError(400) */
  beforeUpdate?(current: Row, ctx: EntityContext): void;
  beforeDelete?(row: Row, ctx: EntityContext): void;
  afterDelete?(row: Row, ctx: EntityContext): void;
}

const FIELD_TYPES: Record<EdmType, FieldType> = {
  "Edm.Guid": "guid",
  "Edm.String": "string",
  "Edm.Binary": "string",
  "Edm.Byte": "int",
  "Edm.Int16": "int",
  "Edm.Int32": "int",
  "Edm.Int64": "int",
  "Edm.Double": "decimal",
  "Edm.Decimal": "decimal",
  "Edm.Boolean": "boolean",
  "Edm.DateTime": "datetime",
};

/** Where, key, methods, properties and navigation of an endpoint, as Exact's reference table has them. */
export function fromReference(
  reference: ExactEntity,
): Pick<EntityDef, "path" | "key" | "keyType" | "methods" | "fields" | "navigation" | "webhookTopic" | "bulk" | "sync" | "bulkFilters" | "deletedEntityType"> {
  const fields: Record<string, FieldSpec> = {};
  for (const [name, property] of Object.entries(reference.properties)) {
    fields[name] = {
      type: FIELD_TYPES[property.type],
      readOnly: property.readOnly === true,
      mandatory: property.mandatory === true,
      mandatoryFilter: property.mandatoryFilter === true,
    };
  }
  return {
    path: reference.endpoint,
    key: reference.key,
    keyType: reference.keyType,
    methods: new Set(reference.methods),
    fields,
    navigation: reference.navigation,
    webhookTopic: reference.webhookTopic,
    bulk: reference.bulk,
    sync: reference.sync,
    bulkFilters: reference.bulkFilters,
    deletedEntityType: reference.deletedEntityType,
  };
}

/** A property of the entity: own properties only, so "constructor" or "__proto__" is never one. */
export function fieldOf(entity: EntityDef, name: string): FieldSpec | undefined {
  return Object.hasOwn(entity.fields, name) ? entity.fields[name] : undefined;
}

export function navigationOf(entity: EntityDef, name: string): (Navigation & { mandatory?: boolean }) | undefined {
  return entity.navigation && Object.hasOwn(entity.navigation, name) ? entity.navigation[name] : undefined;
}

export function hasStamps(entity: EntityDef): boolean {
  return fieldOf(entity, "Created") !== undefined;
}
