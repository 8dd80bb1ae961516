/**
 * Shareable connect links (issue 17): the backend's `authorize()` call makes one, the hosted page opens it
 * (no side effect: mail scanners open links), its Continue starts a single-use OAuth state exactly as the
 * widget's popup does, and the callback marks it used (connect-flow.ts `claimLink`).
 */
import { randomBytes } from "node:crypto";
import { DEFAULT_REGION, REGIONS, type AuthorizationLink, type DivisionSelection, type Operation, type Region } from "../../src/protocol";
import { allowedReturnUrl, storeStateAndAuthorizeUrl } from "../connect-flow/connect-flow";
import { connectionRecord } from "../connections/connections";
import type { ServerContext } from "../context";
import { MorphError, validationError } from "../errors";
import { findLinkByToken, insertConnectLink, revokeLink, type ConnectLink } from "../storage/connect-links-repo";
import type { ConnectionRecord } from "../storage/connections-repo";
import { STATE_TTL_MS } from "../storage/oauth-states-repo";

export const DEFAULT_LINK_SECONDS = 86_400;
export const MAX_LINK_SECONDS = 7 * 86_400;
/** `mcl_` + 43 base64url characters: 256 random bits, well over the 128 a bearer capability needs. */
export const LINK_TOKEN_PATTERN = /^mcl_[A-Za-z0-9_-]{43}$/;
export const LINK_ID_PATTERN = /^cl_[A-Za-z0-9_-]{22}$/;
/** The hosted page's path; the token is the last segment. */
export const LINK_PATH = "/connect";

export interface CreateLinkInput {
  redirectUrl?: string;
  region?: string;
  expiresIn?: number;
  allowUserChange?: boolean;
  divisionSelection?: DivisionSelection;
}

/** `POST /v1/connections/:connectorId/:ownerId/authorize`: the connection must exist (POST /v1/connections first). */
export async function createLink(ctx: ServerContext, connectorId: string, ownerId: string, input: CreateLinkInput): Promise<AuthorizationLink> {
  await connectionRecord(ctx, connectorId, ownerId);
  const redirectUrl = input.redirectUrl === undefined ? null : allowedReturnUrl(ctx, "redirectUrl", input.redirectUrl);
  const region = (input.region ?? DEFAULT_REGION) as Region;
  if (!REGIONS.includes(region)) throw validationError("region", `must be one of ${REGIONS.join(", ")}`);
  const seconds = input.expiresIn ?? DEFAULT_LINK_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_LINK_SECONDS) throw validationError("expiresIn", `must be an integer from 1 to ${MAX_LINK_SECONDS} seconds`);
  const now = ctx.clock.now();
  const token = `mcl_${randomBytes(32).toString("base64url")}`;
  const link: ConnectLink = {
    id: `cl_${randomBytes(16).toString("base64url")}`,
    connectorId,
    ownerId,
    redirectUrl,
    region,
    allowUserChange: input.allowUserChange === true,
    divisionSelection: input.divisionSelection ?? "multiple",
    status: "open",
    expiresAt: now + seconds * 1000,
    usedAt: null,
    createdAt: now,
  };
  await insertConnectLink(ctx.db, link, token);
  return { id: link.id, authorizationUrl: `${ctx.config.publicUrl}${LINK_PATH}/${token}`, expiresAt: new Date(link.expiresAt).toISOString() };
}

/** `DELETE …/authorize/:id`: an id the owner never had is 404 NOT_FOUND; revoking a used or revoked link changes nothing. */
export async function revokeConnectLink(ctx: ServerContext, connectorId: string, ownerId: string, id: string): Promise<void> {
  if (!LINK_ID_PATTERN.test(id) || !(await revokeLink(ctx.db, { connectorId, ownerId }, id))) {
    throw new MorphError("NOT_FOUND", "No such connect link for this owner.");
  }
}

/** What a link token opens: an open link (with what the page shows), a gone one (410), or nothing (404). */
export type OpenedLink =
  | { kind: "open"; link: ConnectLink; connection: ConnectionRecord; permissions: PermissionGroup[] }
  | { kind: "gone"; reason: "expired" | "used" | "revoked" }
  | { kind: "unknown" };

/** One model's actions on the page: required ones locked on, optional ones as checkboxes. */
export interface PermissionGroup {
  model: string;
  /** The model registry's English label (the page translates built-in models). */
  label: string;
  actions: Array<{ operation: Operation; action: string; required: boolean }>;
}

/** Reads only: opening a link (GET) never writes, so a mail scanner that follows it changes nothing. */
export async function openLink(ctx: ServerContext, token: string): Promise<OpenedLink> {
  const link = LINK_TOKEN_PATTERN.test(token) ? await findLinkByToken(ctx.db, token) : undefined;
  if (!link) return { kind: "unknown" };
  if (link.status !== "open") return { kind: "gone", reason: link.status };
  if (link.expiresAt <= ctx.clock.now()) return { kind: "gone", reason: "expired" };
  let connection: ConnectionRecord;
  try {
    connection = await connectionRecord(ctx, link.connectorId, link.ownerId);
  } catch {
    // The connection was deleted without a disconnect through this server's routes: the link is dead too.
    return { kind: "gone", reason: "revoked" };
  }
  return { kind: "open", link, connection, permissions: permissionGroups(ctx, connection) };
}

/** Required operations are what `POST /v1/connections` asked for; optional ones, its `optionalOperations`. */
function permissionGroups(ctx: ServerContext, connection: ConnectionRecord): PermissionGroup[] {
  const groups = new Map<string, PermissionGroup>();
  const add = (operation: Operation, required: boolean) => {
    const [model = operation, action = ""] = operation.split("::");
    const label = ctx.models.sessionModels([operation])[0]?.label ?? model;
    const group = groups.get(model) ?? { model, label, actions: [] };
    if (!group.actions.some((a) => a.operation === operation)) group.actions.push({ operation, action, required });
    groups.set(model, group);
  };
  for (const operation of connection.requestedOperations) add(operation, true);
  for (const operation of connection.requestedOptionalOperations) add(operation, false);
  return [...groups.values()];
}

/** The page's form: the region and the optional operations the user switched on. */
export interface ContinueInput {
  region: string | undefined;
  operations: string[];
  /** The page's language and theme, kept with the attempt for the division picker after Exact. */
  locale?: string;
  theme?: string;
}

/**
 * Continue: the link must still be open; creates the single-use state (the popup flow's storage and rules,
 * at most MAX_OPEN_ATTEMPTS_PER_SESSION open per link) and returns Exact's consent URL.
 */
export async function continueLink(ctx: ServerContext, opened: Extract<OpenedLink, { kind: "open" }>, input: ContinueInput): Promise<string> {
  const { link, connection } = opened;
  const region = (input.region ?? link.region) as Region;
  if (!REGIONS.includes(region)) throw validationError("region", `must be one of ${REGIONS.join(", ")}`);
  const notOffered = input.operations.filter((op) => !connection.requestedOptionalOperations.includes(op as Operation));
  if (notOffered.length) throw validationError("operations", `not offered by this link: ${notOffered.join(", ")}`);
  return storeStateAndAuthorizeUrl(ctx, {
    nonce: randomBytes(16).toString("base64url"),
    // Attempts through a link are capped per link, as a session's are per session.
    sessionJti: `link:${link.id}`,
    connectorId: link.connectorId,
    ownerId: link.ownerId,
    region,
    origin: new URL(ctx.config.publicUrl).origin,
    operations: [...connection.requestedOperations, ...(input.operations as Operation[])],
    expiresAt: ctx.clock.now() + STATE_TTL_MS,
    mode: "link",
    linkId: link.id,
    divisionSelection: link.divisionSelection,
    locale: input.locale ?? null,
    theme: input.theme ?? null,
  });
}
