/**
 * Exact Online's REST reference, as data. Each entity the product touches is transcribed once from
 * Exact's reference page (`start.exactonline.nl/docs/HlpRestAPIResourcesDetails.aspx?name=…`), so that
 * the sandbox enforces the same rules Exact does, and the model mappings can be checked against them.
 */

/** The EDM types Exact's reference names per property. */
export type EdmType =
  | "Edm.Guid"
  | "Edm.String"
  | "Edm.Byte"
  | "Edm.Int16"
  | "Edm.Int32"
  | "Edm.Int64"
  | "Edm.Double"
  | "Edm.Decimal"
  | "Edm.Boolean"
  | "Edm.DateTime"
  | "Edm.Binary";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface ExactProperty {
  type: EdmType;
  /** Must be given on POST ("Mandatory" on Exact's page). */
  mandatory?: true;
  /** Exact fills it in; a write that sends it is refused (the reference lists it for GET only). */
  readOnly?: true;
  /** False where Exact's page says the property cannot be used in `$filter`. Default: filterable. */
  filterable?: false;
  /** One of the properties of which a list GET must filter on at least one ("Mandatory filter"). */
  mandatoryFilter?: true;
}

/** A navigation property: a collection of another entity, written inline on create. */
export interface ExactNavigation {
  /** the related entity's endpoint, e.g. "salesinvoice/SalesInvoiceLines" */
  entity: string;
  /** On POST, at least one related record must be given inline. */
  mandatory?: true;
  /** The related records' property pointing back to this record's key. */
  foreignKey: string;
}

export interface ExactEntity {
  /** `{service}/{Entity}` under `/api/v1/{division}/`, e.g. "crm/Accounts". */
  endpoint: string;
  /** Exact's reference page for the entity. */
  source: string;
  key: string;
  keyType: "guid" | "int";
  /** HTTP methods the regular endpoint accepts. */
  methods: readonly HttpMethod[];
  /**
   * The other API types of the same data: paths under `/api/v1/{division}/` (1000 records a page,
   * `$select` required). Absent: Exact has none for this entity.
   */
  bulk?: string;
  sync?: string;
  /**
   * The only properties the bulk endpoint lets `$filter` name, where Exact's bulk page lists them ("Only the
   * following filters are supported for this endpoint"). Absent: the bulk page names no restriction.
   */
  bulkFilters?: readonly string[];
  /** Exact's `EntityType` code for this entity's rows in `sync/Deleted` (see sync-deleted.ts). */
  deletedEntityType?: number;
  /** Exact's webhook topic for changes of this entity, if it has one. */
  webhookTopic?: string;
  properties: Readonly<Record<string, ExactProperty>>;
  navigation?: Readonly<Record<string, ExactNavigation>>;
}
