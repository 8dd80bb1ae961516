/**
 * A connection whose Exact user granted several divisions at consent, of which the connection holds some
 * (issue 18). The consent and the token exchange are the sandbox's real ones; the connection is stored the
 * way the connect flow stores it, so this does not depend on how the callback lets the user choose.
 */
import { randomUUID } from "node:crypto";
import type { Operation } from "../../src/protocol";
import { regionBaseUrl } from "../connectors/exact-online/authorization";
import { exchangeCode } from "../connectors/exact-online/oauth-client";
import { encryptTokens } from "../security/token-cipher";
import { upsertConnection, type Connection } from "../storage/connections-repo";
import { answerConsent } from "./consent";
import { TEST_ORIGIN, type TestServer } from "./harness";

export async function connectWithDivisions(
  server: TestServer,
  ownerId: string,
  operations: Operation[],
  /** What the user ticks on Exact's consent page: the divisions the token reaches. */
  granted: number[],
  /** What the connection holds, the first being its default (default: the first granted). */
  held: number[] = granted.slice(0, 1),
): Promise<Connection> {
  const { ctx, app } = server;
  const sessionToken = await server.mintSession(ownerId, operations);
  const query = new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce: `nonce-${randomUUID()}` });
  const consentUrl = (await app.request(`/v1/connect/authorize?${query}`)).headers.get("location");
  if (!consentUrl) throw new Error("authorize did not redirect to the consent page");
  const callback = await answerConsent(consentUrl, "approve", granted, fetch, `tester-${randomUUID()}`);
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`consent gave no code: ${callback.search}`);
  const baseUrl = regionBaseUrl("nl", ctx.config.exact.baseUrl);
  const tokens = await exchangeCode(baseUrl, ctx.config.exact, { code, redirectUri: `${ctx.config.publicUrl}/v1/oauth/callback` }, ctx.clock.now);
  const me = (await (await fetch(`${baseUrl}/api/v1/current/Me`, { headers: { authorization: `Bearer ${tokens.accessToken}`, accept: "application/json" } })).json()) as {
    d: { results: Array<{ UserID: string }> };
  };
  const names = new Map(server.sandbox.control.divisions().map((d) => [d.code, d.name]));
  const divisions = held.map((code) => ({ code, name: names.get(code) ?? "", missingOperations: [] as Operation[] }));
  return upsertConnection(
    ctx.db,
    {
      connectorId: "exact-online",
      ownerId,
      region: "nl",
      division: divisions[0]!.code,
      divisionName: divisions[0]!.name,
      divisions,
      providerUserId: me.d.results[0]!.UserID,
      encryptedTokens: await encryptTokens(ctx.config.encryptionKey, tokens),
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      grantedOperations: operations,
      missingOperations: [],
    },
    ctx.clock.now(),
  );
}
