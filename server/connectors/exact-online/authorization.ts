import type { Operation, Region } from "../../../src/protocol";
import { assertOk, type ExactRequest, type ExactResponse, type ExactTimeouts } from "./exact-http";
import { exchangeCode, type ExactClientCredentials, type TokenSet } from "./oauth-client";
import type { ModelRegistry } from "./model-registry";
import { checkPermissions } from "./permissions";
import { logger } from "../../observability/logger";
import { MorphError } from "../../errors";
import { parseExactList } from "./exact-schemas";


/**
 * A call to Exact with a fresh access token, before any connection is stored: the server passes its API
 * client's `callAuthorizing`, so these calls share the division's rate budget and wait out a 429 like every
 * other call. Exact's answer comes back as it is (errors included) for `assertOk`.
 */
export type AuthorizingCall = (accessToken: string, request: ExactRequest) => Promise<ExactResponse>;

/** Enough for an accountant's firm (hundreds of divisions at 60 a page); beyond it the list is cut, not looped. */
export const MAX_DIVISION_PAGES = 50;

/**
 * Every division the token reaches (`system/Divisions`, all pages; a `__next` link to another host is not followed).
 * Not exact-reader's readPages: there is no connection yet, only the fresh access token.
 */
async function grantedDivisions(call: AuthorizingCall, baseUrl: string, accessToken: string, anyDivision: number): Promise<ReachableDivision[]> {
  const found: ReachableDivision[] = [];
  let request: ExactRequest | undefined = {
    url: `/api/v1/${anyDivision}/system/Divisions`,
    query: { $select: "Code,Description,CustomerName,IsMainDivision" },
  };
  for (let page = 0; request && page < MAX_DIVISION_PAGES; page++) {
    // Parsed as every list is (exact-schemas): a malformed answer is a provider error, never "no division granted".
    const { results, next } = parseExactList(assertOk(await call(accessToken, request)).body);
    for (const row of results) {
      const code = Number(row.Code);
      if (Number.isInteger(code)) found.push({ code, name: String(row.Description || row.CustomerName || ""), isMain: row.IsMainDivision === true });
    }
    request = next && new URL(next, baseUrl).origin === new URL(baseUrl).origin ? { url: new URL(next, baseUrl).toString() } : undefined;
  }
  return found;
}

/** A division the fresh token reaches, as `system/Divisions` names it. */
export interface ReachableDivision {
  code: number;
  name: string;
  isMain: boolean;
}

/** Who consented and every division the token reaches; nothing is asked per division yet. */
export interface AuthorizedAccount {
  tokens: TokenSet;
  userId: string;
  /** current/Me's CurrentDivision: possibly not one of `divisions` (picqer/exact-php-client#470). */
  currentDivision: number;
  /** Never empty: no division granted is an INSUFFICIENT_PERMISSIONS error. */
  divisions: ReachableDivision[];
}

/**
 * The provider side of the OAuth callback: code → tokens → who (`current/Me`) → every division the token
 * reaches (`system/Divisions`, all pages). Rights are asked later, per chosen division (`divisionRights`).
 */
export async function completeAuthorization(input: {
  baseUrl: string;
  credentials: ExactClientCredentials;
  code: string;
  redirectUri: string;
  now: () => number;
  timeouts?: ExactTimeouts;
  call: AuthorizingCall;
}): Promise<AuthorizedAccount> {
  const { timeouts, call } = input;
  const tokens = await exchangeCode(input.baseUrl, input.credentials, { code: input.code, redirectUri: input.redirectUri }, input.now, timeouts);
  const me = assertOk(await call(tokens.accessToken, { url: "/api/v1/current/Me" }));
  // current/Me is a collection of one, not a single entity.
  const user = (me.body as { d?: { results?: Array<Record<string, unknown>> } }).d?.results?.[0];
  const current = Number(user?.CurrentDivision);
  if (!user || !Number.isInteger(current)) throw new Error("Exact Online's current/Me has no CurrentDivision");
  // CurrentDivision may lie outside the divisions the user granted at consent (picqer/exact-php-client#470): every
  // call there answers 403 NoDivisionAccess. system/Divisions lists the granted ones (its URL division is not checked).
  const granted = await grantedDivisions(call, input.baseUrl, tokens.accessToken, current);
  if (!granted.length) {
    throw new MorphError("INSUFFICIENT_PERMISSIONS", "No Exact Online administration (division) was granted to the app at consent. Connect again and allow at least one.");
  }
  const currentName = String(user.DivisionCustomerName ?? "");
  const divisions = granted.map((d) => ({ ...d, name: d.name || (d.code === current ? currentName : "") || `Division ${d.code}` }));
  return { tokens, userId: String(user.UserID), currentDivision: current, divisions };
}

/** The division a connection defaults to among `candidates`: current/Me's when among them, else the main one, else the first. */
export function preferredDivision(candidates: readonly ReachableDivision[], currentDivision: number): ReachableDivision {
  const chosen = candidates.find((d) => d.code === currentDivision) ?? candidates.find((d) => d.isMain) ?? candidates[0];
  if (!chosen) throw new Error("no division to choose from");
  return chosen;
}

/** A chosen division with the requested operations Exact's UserHasRights refuses there (null: not asked). */
export interface DivisionRights {
  code: number;
  name: string;
  missingOperations: Operation[] | null;
}

/**
 * An accountant may keep hundreds of divisions: UserHasRights is asked for the first ones at connect time and
 * left unknown (null, asked again on use) for the rest, so a big choice does not spend minutes of Exact's limits.
 */
const MAX_DIVISIONS_CHECKED_AT_CONNECT = 50;
/** Divisions asked at once: each asks one question per distinct endpoint and method. */
const RIGHTS_CONCURRENCY = 4;

/** Exact's UserHasRights per chosen division, with the fresh access token; a division Exact could not be asked about is null. */
export async function divisionRights(input: {
  call: AuthorizingCall;
  accessToken: string;
  divisions: ReadonlyArray<{ code: number; name: string }>;
  operations: Operation[];
  models: ModelRegistry;
}): Promise<DivisionRights[]> {
  const call = async (request: ExactRequest) => assertOk(await input.call(input.accessToken, request));
  const results: DivisionRights[] = input.divisions.map((d) => ({ code: d.code, name: d.name, missingOperations: null }));
  const toCheck = results.slice(0, MAX_DIVISIONS_CHECKED_AT_CONNECT);
  let next = 0;
  const worker = async () => {
    while (next < toCheck.length) {
      const entry = toCheck[next++]!;
      try {
        entry.missingOperations = (await checkPermissions(call, entry.code, input.operations, input.models)).missing;
      } catch (error) {
        // The connection itself is fine: store it with these permissions unknown, and ask again on the next call.
        logger.warn(`UserHasRights failed at connect time for division ${entry.code}; permissions left unknown: ${error instanceof Error ? error.message : "error"}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RIGHTS_CONCURRENCY, toCheck.length) }, worker));
  return results;
}

export function authorizeUrl(baseUrl: string, input: { clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(`${baseUrl}/api/oauth2/auth`);
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", input.state);
  return url.toString();
}

export const regionBaseUrl = (region: Region, override: string | undefined) => override ?? `https://start.exactonline.${region}`;
