import { randomUUID } from "node:crypto";
import type { ConnectionSummary, ConnectorId, Operation, Region } from "../../src/protocol";
import type { Db } from "./database";
import type { ConnectionsTable } from "./schema";

export type ConnectionRow = ConnectionsTable;

export interface NewConnection {
  connectorId: ConnectorId;
  ownerId: string;
  region: Region;
  division: number;
  divisionName: string;
  providerUserId: string;
  encryptedTokens: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  grantedOperations: Operation[];
  /** null: Exact could not be asked (it failed, or timed out); asked again on the next call. */
  missingOperations: Operation[] | null;
}

/**
 * Creates or replaces the connection of (connector, owner) in one statement, so a reconnect never
 * leaves two rows or a half-written one. A reconnect keeps the id and the field mapping.
 */
export async function upsertConnection(db: Db, input: NewConnection, now: number): Promise<ConnectionRow> {
  const values = {
    region: input.region,
    division: input.division,
    division_name: input.divisionName,
    provider_user_id: input.providerUserId,
    status: "connected",
    tokens: input.encryptedTokens,
    access_token_expires_at: input.accessTokenExpiresAt,
    refresh_token_expires_at: input.refreshTokenExpiresAt,
    refresh_lock_until: null,
    granted_operations: JSON.stringify(input.grantedOperations),
    missing_operations: JSON.stringify(input.missingOperations),
    updated_at: now,
  };
  await db
    .insertInto("connections")
    .values({
      ...values,
      id: randomUUID(),
      connector_id: input.connectorId,
      owner_id: input.ownerId,
      field_mapping: "{}",
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["connector_id", "owner_id"]).doUpdateSet(values))
    .execute();
  const row = await findConnection(db, input.connectorId, input.ownerId);
  if (!row) throw new Error("connection vanished right after upsert");
  return row;
}

export function findConnection(db: Db, connectorId: string, ownerId: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom("connections").selectAll().where("connector_id", "=", connectorId).where("owner_id", "=", ownerId).executeTakeFirst();
}

export function findConnectionById(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function deleteConnection(db: Db, connectorId: string, ownerId: string): Promise<boolean> {
  const result = await db.deleteFrom("connections").where("connector_id", "=", connectorId).where("owner_id", "=", ownerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updateConnection(
  db: Db,
  id: string,
  values: Partial<Omit<ConnectionRow, "id" | "connector_id" | "owner_id" | "created_at">>,
): Promise<void> {
  await db.updateTable("connections").set(values).where("id", "=", id).execute();
}

/** Whether Exact's UserHasRights answered for this connection (stored as JSON null when it did not). */
export function permissionsKnown(row: ConnectionRow): boolean {
  return JSON.parse(row.missing_operations) !== null;
}

export function toSummary(row: ConnectionRow): ConnectionSummary {
  return {
    connectionId: row.id,
    connectorId: row.connector_id as ConnectorId,
    ownerId: row.owner_id,
    region: row.region as Region,
    division: Number(row.division),
    divisionName: row.division_name,
    status: row.status === "needs_reauth" ? "needs_reauth" : "connected",
    grantedOperations: JSON.parse(row.granted_operations) as Operation[],
    missingOperations: (JSON.parse(row.missing_operations) as Operation[] | null) ?? [],
    permissions: permissionsKnown(row) ? "checked" : "unknown",
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}
