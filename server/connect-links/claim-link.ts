/**
 * A connect link at the OAuth callback: marked used once, and for a reconnect link only the same Exact user may
 * come back (unless the link allows a change). Runs inside the connection's transaction.
 */
import type { OAuthStateRecord } from "../storage/oauth-states-repo";
import { findLinkById, markLinkUsed } from "../storage/connect-links-repo";
import { findConnectionRecordForUpdate } from "../storage/connections-repo";
import type { Db } from "../storage/database";
import { MorphError } from "../errors";
import { USER_MISMATCH_MESSAGE } from "./messages";

/** A link attempt Exact approved that must still not connect: the link is gone, or another Exact user came. */
export class LinkRefused extends MorphError {}

/**
 * Marks the link used (once) and, for a reconnect link, checks that the same Exact user came back unless the
 * link allows a change. Inside the connection's transaction: a refusal leaves the link and the connection as they were.
 */
export async function claimLink(trx: Db, record: OAuthStateRecord, providerUserId: string, now: number): Promise<void> {
  const link = await findLinkById(trx, record.linkId!);
  if (!link || !(await markLinkUsed(trx, link.id, now))) {
    throw new LinkRefused("INVALID_STATE", "This connect link was revoked or has already been used.");
  }
  const existing = await findConnectionRecordForUpdate(trx, record.connectorId, record.ownerId);
  if (existing && existing.status !== "pending" && existing.providerUserId !== providerUserId && !link.allowUserChange) {
    throw new LinkRefused("ACCESS_DENIED", USER_MISMATCH_MESSAGE);
  }
}

