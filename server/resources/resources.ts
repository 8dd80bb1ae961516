/**
 * The unified resources use-case (`/v1/resources/:model`): what a backend may read and write of a model,
 * given a grant from resource-access.ts. `ResourceService` (the connector) does the asking of Exact; this
 * module decides with which connection, mapping and field map, and shapes `/fields`.
 */
import type { ListParams } from "../connectors/exact-online/resources";
import { ResourceService } from "../connectors/exact-online/resources";
import type { ModelMapping, UnifiedRecord } from "../connectors/exact-online/models/types";
import type { ServerContext } from "../context";
import { assertAnyOperationGranted, connectionFor, fieldMapFor, modelMapping, recordCustomerUse, type ConnectionRef, type ModelGrant } from "./resource-access";

export type { ListParams };

/** A client that goes away cancels its queued or running calls through `signal` (the request's). */
const service = (ctx: ServerContext, grant: ModelGrant, signal?: AbortSignal) =>
  new ResourceService(ctx.exact, grant.connection, grant.mapping, grant.fieldMap, signal);

export function listResources(ctx: ServerContext, grant: ModelGrant<"list">, params: ListParams, signal?: AbortSignal): Promise<{ data: UnifiedRecord[]; next: string | null }> {
  return service(ctx, grant, signal).list(params);
}

export function retrieveResource(ctx: ServerContext, grant: ModelGrant<"retrieve">, id: string, raw: boolean, signal?: AbortSignal): Promise<UnifiedRecord> {
  return service(ctx, grant, signal).retrieve(id, raw);
}

/** The input is checked against the model's schema by the connector; with an `Idempotency-Key`, see idempotency.ts. */
export function createResource(ctx: ServerContext, grant: ModelGrant<"create">, input: unknown, signal?: AbortSignal): Promise<UnifiedRecord> {
  return service(ctx, grant, signal).create(input);
}

export function updateResource(ctx: ServerContext, grant: ModelGrant<"update">, id: string, input: unknown, signal?: AbortSignal): Promise<UnifiedRecord> {
  return service(ctx, grant, signal).update(id, input);
}

export function deleteResource(ctx: ServerContext, grant: ModelGrant<"delete">, id: string, signal?: AbortSignal): Promise<void> {
  return service(ctx, grant, signal).delete(id);
}

export interface ModelFields {
  model: string;
  operations: ModelMapping["actions"];
  unified: ModelMapping["fields"];
  /** The connection's own extra fields of this model. */
  mapped: Array<{ name: string; exactField: string }>;
  /** Every field Exact has on the model's endpoint, for choosing new mappings. */
  exact: string[];
}

/**
 * `/fields`: what the model offers and what this connection maps. Any granted operation of the model will
 * do, since it describes the model rather than reading its records.
 */
export async function describeFields(ctx: ServerContext, ref: ConnectionRef, modelName: string): Promise<ModelFields> {
  const mapping = modelMapping(ctx, modelName);
  const connection = await connectionFor(ctx, ref);
  assertAnyOperationGranted(connection, mapping);
  await recordCustomerUse(ctx, connection);
  const fieldMap = fieldMapFor(connection, mapping.model);
  const exact = await new ResourceService(ctx.exact, connection, mapping, fieldMap).availableExactFields();
  return {
    model: mapping.model,
    operations: mapping.actions,
    unified: mapping.fields,
    mapped: Object.entries(fieldMap).map(([name, exactField]) => ({ name, exactField })),
    exact,
  };
}
