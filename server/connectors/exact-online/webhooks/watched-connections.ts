/** Which connections events concern: the live ones on a division, and the models each may read. */
import type { Db } from "../../../storage/database";
import { toConnection, type Connection } from "../../../storage/connections-repo";
import type { ModelMapping } from "../models/types";

export async function connectionsOnDivision(db: Db, division: number): Promise<Connection[]> {
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("connector_id", "=", "exact-online")
    .where("division", "=", division)
    .where("status", "=", "connected")
    .orderBy("created_at")
    .execute();
  return rows.map(toConnection);
}

export async function liveConnections(db: Db): Promise<Connection[]> {
  const rows = await db.selectFrom("connections").selectAll().where("connector_id", "=", "exact-online").where("status", "=", "connected").orderBy("created_at").execute();
  return rows.map(toConnection);
}

/** A connection gets a model's events only if its owner was granted reading that model. */
export function mayRead(connection: Connection, mapping: ModelMapping): boolean {
  return connection.grantedOperations.some((op) => op === `${mapping.model}::list` || op === `${mapping.model}::retrieve`);
}

/** The models of a topic: those at the endpoint named like the topic (SalesInvoices → salesinvoice/SalesInvoices). */
export function modelsOfTopic(models: readonly ModelMapping[], topic: string): ModelMapping[] {
  const wanted = topic.toLowerCase();
  return models.filter((m) => m.reference?.webhookTopic === topic && m.endpoint.split("/").pop()?.toLowerCase() === wanted);
}
