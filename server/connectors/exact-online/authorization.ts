import type { Operation, Region } from "../../../src/protocol";
import { assertOk, exactFetch, type ExactRequest, type ExactTimeouts } from "./exact-http";
import { exchangeCode, type ExactClientCredentials, type TokenSet } from "./oauth-client";
import type { ModelRegistry } from "./model-registry";
import { checkPermissions } from "./permissions";
import { logger } from "../../observability/logger";

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
  const division = Number(user?.CurrentDivision);
  if (!user || !Number.isInteger(division)) throw new Error("Exact Online's current/Me has no CurrentDivision");
  const divisions = assertOk(
    await exactFetch(input.baseUrl, tokens.accessToken, {
      url: `/api/v1/${division}/system/Divisions`,
      query: { $filter: `Code eq ${division}`, $select: "Code,Description,CustomerName" },
      timeouts,
    }),
  );
  const record = (divisions.body as { d?: { results?: Array<Record<string, unknown>> } }).d?.results?.[0];
  const divisionName = String(record?.Description || record?.CustomerName || user.DivisionCustomerName || `Division ${division}`);
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
