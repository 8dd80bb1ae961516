import { MorphError } from "../../errors";
import { DEFAULT_EXACT_TIMEOUTS, ExactTransportError, sendToExact, type ExactTimeouts, type RawAnswer } from "./exact-http";

/** Exact's token endpoint answers, normalised. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
}

export interface ExactClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Why a token request failed: decides between "try later" and "the user must consent again".
 * `old_refresh_token`: Exact's "Old refresh token used": another process may have refreshed first.
 */
export type RefreshFailure = "not_expired" | "needs_reauth" | "old_refresh_token" | "provider" | "timeout";

export class TokenRequestError extends Error {
  constructor(
    readonly failure: RefreshFailure,
    readonly status: number,
    readonly providerError: string,
    message: string,
  ) {
    super(message);
    this.name = "TokenRequestError";
  }
}

// Exact documents a 30-day refresh token; it does not return its expiry, so we track it.
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export async function exchangeCode(
  baseUrl: string,
  credentials: ExactClientCredentials,
  input: { code: string; redirectUri: string },
  now: () => number,
  timeouts: ExactTimeouts = DEFAULT_EXACT_TIMEOUTS,
): Promise<TokenSet> {
  return requestTokens(
    baseUrl,
    { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri, ...clientFields(credentials) },
    now,
    timeouts,
  );
}

export async function refreshTokens(
  baseUrl: string,
  credentials: ExactClientCredentials,
  refreshToken: string,
  now: () => number,
  timeouts: ExactTimeouts = DEFAULT_EXACT_TIMEOUTS,
): Promise<TokenSet> {
  return requestTokens(baseUrl, { grant_type: "refresh_token", refresh_token: refreshToken, ...clientFields(credentials) }, now, timeouts);
}

function clientFields(credentials: ExactClientCredentials) {
  return { client_id: credentials.clientId, client_secret: credentials.clientSecret };
}

async function requestTokens(baseUrl: string, form: Record<string, string>, now: () => number, timeouts: ExactTimeouts): Promise<TokenSet> {
  let response: RawAnswer;
  try {
    // One deadline over the whole request (tokenMs), well inside the refresh lease.
    response = await sendToExact(
      new URL(`${baseUrl}/api/oauth2/token`),
      {
        method: "POST",
        // Exact accepts only form-encoded token requests.
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams(form).toString(),
      },
      timeouts,
      timeouts.tokenMs,
    );
  } catch (error) {
    if (error instanceof ExactTransportError && error.kind === "timeout") {
      throw new TokenRequestError("timeout", 0, "timeout", `Exact Online's token endpoint did not answer within ${timeouts.tokenMs / 1000} s.`);
    }
    throw new TokenRequestError("provider", 0, "network", `Exact Online's token endpoint is unreachable: ${(error as Error).message}`);
  }
  const body = safeJson(response.text);
  if (response.status < 200 || response.status >= 300) throw classifyTokenError(response.status, body);
  const accessToken = body?.access_token;
  const refreshToken = body?.refresh_token;
  // Exact sends expires_in as a string ("600"); accept a number too.
  const expiresIn = Number(body?.expires_in);
  if (typeof accessToken !== "string" || typeof refreshToken !== "string" || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new TokenRequestError("provider", response.status, "malformed", "Exact Online's token response is malformed.");
  }
  const issuedAt = now();
  return {
    accessToken,
    refreshToken,
    accessTokenExpiresAt: issuedAt + expiresIn * 1000,
    refreshTokenExpiresAt: issuedAt + REFRESH_TOKEN_LIFETIME_MS,
  };
}

function classifyTokenError(status: number, body: Record<string, unknown> | undefined): TokenRequestError {
  const error = typeof body?.error === "string" ? body.error : "unknown";
  const description = typeof body?.error_description === "string" ? body.error_description : "";
  const message = `Exact Online refused the token request (${status} ${error}${description ? `: ${description}` : ""}).`;
  // "Access Token not expired": we asked before the last 30 s; the current token is still good.
  if (/not expired/i.test(description)) return new TokenRequestError("not_expired", status, error, message);
  if (/old refresh token/i.test(description)) return new TokenRequestError("old_refresh_token", status, error, message);
  // invalid_grant, "refresh token expired at …": only a new consent helps.
  if (/expired/i.test(description) || error === "invalid_grant" || error === "unauthorized_client") {
    return new TokenRequestError("needs_reauth", status, error, message);
  }
  return new TokenRequestError("provider", status, error, message);
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const providerError = (message: string, details?: Record<string, unknown>) => new MorphError("PROVIDER_ERROR", message, details);
export const providerTimeout = (message: string) => new MorphError("PROVIDER_TIMEOUT", message);
