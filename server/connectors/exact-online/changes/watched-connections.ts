/**
 * Which connections events concern: the live ones reaching a division, and the models each may read. A
 * connection reaches one or several divisions (issue 18); each is handed out as the connection seen from
 * that division (`viewAtDivision`), so the calls, rights and records that follow are that division's.
 */
import type { Operation } from "../../../../src/protocol";
import type { Db } from "../../../storage/database";
import { toConnection, viewAtDivision, type Connection } from "../../../storage/connections-repo";
import type { ModelMapping } from "../models/types";

/** Every division of a connection, each as the connection seen from it (the default first). */
export function divisionViews(connection: Connection): Connection[] {
  const codes = [connection.defaultDivision, ...connection.divisions.map((d) => d.code).filter((code) => code !== connection.defaultDivision)];
  return codes.flatMap((code) => viewAtDivision(connection, code) ?? []);
}

/** The live connections that reach `division`, each seen from it. */
export async function connectionsOnDivision(db: Db, division: number): Promise<Connection[]> {
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("connector_id", "=", "exact-online")
    .where("status", "=", "connected")
    // A narrowing only (the JSON is read below): the default column, or the code as the divisions array writes it.
    .where((eb) => eb.or([eb("division", "=", division), eb("divisions", "like", `%"code":${division},%`), eb("divisions", "like", `%"code":${division}}%`)]))
    .orderBy("created_at")
    .execute();
  return rows.flatMap((row) => viewAtDivision(toConnection(row), division) ?? []);
}

export async function liveConnections(db: Db): Promise<Connection[]> {
  const rows = await db.selectFrom("connections").selectAll().where("connector_id", "=", "exact-online").where("status", "=", "connected").orderBy("created_at").execute();
  return rows.map(toConnection);
}

/** Every division of every live connection, each as the connection seen from it. */
export async function liveDivisionViews(db: Db): Promise<Connection[]> {
  return (await liveConnections(db)).flatMap(divisionViews);
}

/**
 * A connection gets a model's records (events, polls, a read on behalf of the division) only if its owner
 * was granted reading the model AND Exact's UserHasRights did not refuse that right to its user: the inbox
 * reads a record once and fans it out, so a grant alone would hand a user records Exact keeps from them.
 * Rights Exact could not be asked about (`missingOperations` null) count as refused until they are known.
 */
export function mayRead(connection: Connection, mapping: ModelMapping): boolean {
  const missing = connection.missingOperations;
  if (missing === null) return false;
  const reads: Operation[] = [`${mapping.model}::list`, `${mapping.model}::retrieve`];
  return reads.some((op) => connection.grantedOperations.includes(op) && !missing.includes(op));
}

/** The models of a topic: those at the endpoint named like the topic (SalesInvoices → salesinvoice/SalesInvoices). */
export function modelsOfTopic(models: readonly ModelMapping[], topic: string): ModelMapping[] {
  const wanted = topic.toLowerCase();
  return models.filter((m) => m.reference?.webhookTopic === topic && m.endpoint.split("/").pop()?.toLowerCase() === wanted);
}
