import type { Operation, Region } from "../../../src/protocol";
import { assertOk, exactFetch, type ExactRequest, type ExactTimeouts } from "./exact-http";
import { exchangeCode, type ExactClientCredentials, type TokenSet } from "./oauth-client";
import type { ModelRegistry } from "./model-registry";
import { checkPermissions } from "./permissions";
import { logger } from "../../observability/logger";
import { MorphError } from "../../errors";
import { parseExactList } from "./exact-schemas";

interface GrantedDivision {
  code: number;
  name: string;
  isMain: boolean;
}

/** Enough for an accountant's firm (hundreds of divisions at 60 a page); beyond it the list is cut, not looped. */
const MAX_DIVISION_PAGES = 50;

/**
 * Every division the token reaches (`system/Divisions`, all pages; a `__next` link to another host is not followed).
 * Not exact-reader's readPages: there is no connection yet, only the fresh access token.
 */
async function grantedDivisions(baseUrl: string, accessToken: string, anyDivision: number, timeouts: ExactTimeouts | undefined): Promise<GrantedDivision[]> {
  const found: GrantedDivision[] = [];
  let request: ExactRequest | undefined = {
    url: `/api/v1/${anyDivision}/system/Divisions`,
    query: { $select: "Code,Description,CustomerName,IsMainDivision" },
    timeouts,
  };
  for (let page = 0; request && page < MAX_DIVISION_PAGES; page++) {
    // Parsed as every list is (exact-schemas): a malformed answer is a provider error, never "no division granted".
    const { results, next } = parseExactList(assertOk(await exactFetch(baseUrl, accessToken, request)).body);
    for (const row of results) {
      const code = Number(row.Code);
      if (Number.isInteger(code)) found.push({ code, name: String(row.Description || row.CustomerName || ""), isMain: row.IsMainDivision === true });
    }
    request = next && new URL(next, baseUrl).origin === new URL(baseUrl).origin ? { url: new URL(next, baseUrl).toString(), timeouts } : undefined;
  }
  return found;
}

export interface AuthorizedAccount {
  tokens: TokenSet;
  userId: string;
  division: number;
  divisionName: string;
  /** null when Exact's UserHasRights could not be asked (5xx, timeout, a scope 403): not a reason to fail. */
  missingOperations: Operation[] | null;
}

/**
 * The provider side of the OAuth callback: code → tokens → who and which division
 * (`current/Me`) → the division's name → which requested operations the user lacks.
 */
export async function completeAuthorization(input: {
  baseUrl: string;
  credentials: ExactClientCredentials;
  code: string;
  redirectUri: string;
  operations: Operation[];
  models: ModelRegistry;
  now: () => number;
  timeouts?: ExactTimeouts;
}): Promise<AuthorizedAccount> {
  const { timeouts } = input;
  const tokens = await exchangeCode(input.baseUrl, input.credentials, { code: input.code, redirectUri: input.redirectUri }, input.now, timeouts);
  const me = assertOk(await exactFetch(input.baseUrl, tokens.accessToken, { url: "/api/v1/current/Me", timeouts }));
  // current/Me is a collection of one, not a single entity.
  const user = (me.body as { d?: { results?: Array<Record<string, unknown>> } }).d?.results?.[0];
  const current = Number(user?.CurrentDivision);
  if (!user || !Number.isInteger(current)) throw new Error("Exact Online's current/Me has no CurrentDivision");
  // CurrentDivision may lie outside the divisions the user granted at consent (picqer/exact-php-client#470): every
  // call there answers 403 NoDivisionAccess. system/Divisions lists the granted ones (its URL division is not checked).
  const granted = await grantedDivisions(input.baseUrl, tokens.accessToken, current, timeouts);
  const chosen = granted.find((d) => d.code === current) ?? granted.find((d) => d.isMain) ?? granted[0];
  if (!chosen) {
    throw new MorphError("INSUFFICIENT_PERMISSIONS", "No Exact Online administration (division) was granted to the app at consent. Connect again and allow at least one.");
  }
  const division = chosen.code;
  const divisionName = chosen.name || (division === current ? String(user.DivisionCustomerName ?? "") : "") || `Division ${division}`;
  const call = async (request: ExactRequest) => assertOk(await exactFetch(input.baseUrl, tokens.accessToken, { timeouts, ...request }));
  let missingOperations: Operation[] | null;
  try {
    missingOperations = (await checkPermissions(call, division, input.operations, input.models)).missing;
  } catch (error) {
    // The connection itself is fine: store it with its permissions unknown, and ask again on the next call.
    logger.warn(`UserHasRights failed at connect time; permissions left unknown: ${error instanceof Error ? error.message : "error"}`);
    missingOperations = null;
  }
  return { tokens, userId: String(user.UserID), division, divisionName, missingOperations };
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
