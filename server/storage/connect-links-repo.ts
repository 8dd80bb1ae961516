import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import type { DivisionSelection, Region } from "../../src/protocol";
import type { Db } from "./database";
import type { ConnectLinksTable } from "./schema";

/** A shareable connect link as stored: never its token, only the token's SHA-256. */
export interface ConnectLink {
  id: string;
  connectorId: string;
  ownerId: string;
  redirectUrl: string | null;
  region: Region;
  allowUserChange: boolean;
  /** When the token reaches several divisions: keep several or one (issue 18). */
  divisionSelection: DivisionSelection;
  status: "open" | "used" | "revoked";
  expiresAt: number;
  usedAt: number | null;
  createdAt: number;
}

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function insertConnectLink(db: Db, link: ConnectLink, token: string): Promise<void> {
  await db
    .insertInto("connect_links")
    .values({
      id: link.id,
      token_hash: hashLinkToken(token),
      connector_id: link.connectorId,
      owner_id: link.ownerId,
      redirect_url: link.redirectUrl,
      region: link.region,
      allow_user_change: link.allowUserChange ? 1 : 0,
      division_selection: link.divisionSelection,
      status: link.status,
      expires_at: link.expiresAt,
      used_at: null,
      created_at: link.createdAt,
    })
    .execute();
}

/** The link a token opens, in any status (the caller tells open from expired, used and revoked). */
export async function findLinkByToken(db: Db, token: string): Promise<ConnectLink | undefined> {
  const row = await db.selectFrom("connect_links").selectAll().where("token_hash", "=", hashLinkToken(token)).executeTakeFirst();
  return row && toLink(row);
}

export async function findLinkById(db: Db, id: string): Promise<ConnectLink | undefined> {
  const row = await db.selectFrom("connect_links").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toLink(row);
}

/**
 * Open → used, once: one conditional UPDATE, so two callbacks through the same link cannot both connect.
 * Runs in the transaction that stores the connection (a refused or failed connection leaves it open).
 */
export async function markLinkUsed(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable("connect_links").set({ status: "used", used_at: now }).where("id", "=", id).where("status", "=", "open").executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes one of the owner's links; false when the owner has no link with this id (a used or revoked one is left as it is). */
export async function revokeLink(db: Db, owner: { connectorId: string; ownerId: string }, id: string): Promise<boolean> {
  const link = await db
    .selectFrom("connect_links")
    .select(["id"])
    .where("id", "=", id)
    .where("connector_id", "=", owner.connectorId)
    .where("owner_id", "=", owner.ownerId)
    .executeTakeFirst();
  if (!link) return false;
  await db.updateTable("connect_links").set({ status: "revoked" }).where("id", "=", id).where("status", "=", "open").execute();
  return true;
}

/** Disconnecting an owner revokes every link still open for it. */
export async function revokeOpenLinks(db: Db, connectorId: string, ownerId: string): Promise<void> {
  await db
    .updateTable("connect_links")
    .set({ status: "revoked" })
    .where("connector_id", "=", connectorId)
    .where("owner_id", "=", ownerId)
    .where("status", "=", "open")
    .execute();
}

function toLink(row: Selectable<ConnectLinksTable>): ConnectLink {
  return {
    id: row.id,
    connectorId: row.connector_id,
    ownerId: row.owner_id,
    redirectUrl: row.redirect_url,
    region: row.region as Region,
    allowUserChange: Number(row.allow_user_change) === 1,
    divisionSelection: row.division_selection === "single" ? "single" : "multiple",
    status: row.status === "used" || row.status === "revoked" ? row.status : "open",
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    createdAt: Number(row.created_at),
  };
}
