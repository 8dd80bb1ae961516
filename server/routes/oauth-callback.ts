import { Hono, type Context } from "hono";
import { CALLBACK_MESSAGE_TYPE, type AttemptOutcome, type CallbackMessage, type ConnectorId } from "../../src/protocol";
import { completeAuthorization, regionBaseUrl } from "../connectors/exact-online/authorization";
import { ExactApiError, ExactTransportError } from "../connectors/exact-online/exact-http";
import { TokenRequestError } from "../connectors/exact-online/oauth-client";
import type { ServerContext } from "../context";
import { ERROR_STATUS, MorphError, type ServerErrorCode } from "../errors";
import { encryptTokens } from "../security/token-cipher";
import { toSummary, upsertConnection } from "../storage/connections-repo";
import { consumeState, recordOutcome, type OAuthStateRecord } from "../storage/oauth-states-repo";
import { renderCallbackPage } from "./callback-page";
import { redirectUri } from "./connect";

/** `GET /v1/oauth/callback?code&state` (or `?error`): where Exact sends the user back. */
export function oauthCallbackRoutes(ctx: ServerContext) {
  return new Hono().get("/callback", async (c) => {
    try {
      return await handleCallback(c);
    } catch (cause) {
      // The database is busy (another process holds SQLite's write lock): say so on the page. The state was
      // not consumed if the busy write was that one, so reloading the page finishes the connection.
      if (!(cause instanceof MorphError) || cause.code !== "UNAVAILABLE") throw cause;
      const rendered = renderCallbackPage({
        title: "The server is busy",
        text: "The connection could not be saved just now because the database is busy. Reload this page in a moment to finish connecting.",
      });
      return c.html(rendered.html, 503, { ...rendered.headers, "retry-after": "1" });
    }
  });

  async function handleCallback(c: Context) {
    const { state, code, error } = c.req.query();
    const page = (status: 200 | (typeof ERROR_STATUS)[ServerErrorCode], title: string, text: string, record?: OAuthStateRecord, outcome?: AttemptOutcome) => {
      const message: CallbackMessage | undefined =
        record && outcome
          ? {
              type: CALLBACK_MESSAGE_TYPE,
              nonce: record.nonce,
              result:
                outcome.status === "succeeded"
                  ? { ok: true, connection: outcome.connection }
                  : { ok: false, error: outcome.status === "failed" ? outcome.error : { code: "STATE_EXPIRED", message: text } },
            }
          : undefined;
      const rendered = renderCallbackPage({ title, text, origin: record?.origin, message });
      return c.html(rendered.html, status, rendered.headers);
    };

    if (!state) return page(400, "Invalid request", "The state parameter is missing.");
    const consumed = await consumeState(ctx.db, state, ctx.clock.now());
    // A forged or replayed state: we do not know whom to tell, so nothing is posted.
    if (consumed.kind === "invalid") return page(400, "This link was already used", "Start the connection again from the app.");
    const record = consumed.record;
    const finish = async (outcome: AttemptOutcome) => {
      await recordOutcome(ctx.db, record.nonce, outcome);
      ctx.attemptEvents.notify(record.nonce);
    };
    const failure = async (code: ServerErrorCode, message: string) => {
      const outcome: AttemptOutcome = { status: "failed", error: { code, message } };
      await finish(outcome);
      return page(ERROR_STATUS[code], "Connection failed", message, record, outcome);
    };

    if (consumed.kind === "expired") {
      await finish({ status: "expired" });
      return page(400, "This connection attempt expired", "Start the connection again from the app.", record, { status: "expired" });
    }
    if (error) {
      if (error === "access_denied") return failure("ACCESS_DENIED", "Access to Exact Online was denied.");
      return failure("PROVIDER_ERROR", `Exact Online answered: ${error}`);
    }
    if (!code) return failure("VALIDATION_ERROR", "The authorization code is missing.");

    try {
      const account = await completeAuthorization({
        baseUrl: regionBaseUrl(record.region, ctx.config.exact.baseUrl),
        credentials: ctx.config.exact,
        code,
        redirectUri: redirectUri(ctx),
        operations: record.operations,
        models: ctx.models,
        now: ctx.clock.now,
        timeouts: ctx.exact.timeouts,
      });
      const row = await upsertConnection(
        ctx.db,
        {
          connectorId: record.connectorId as ConnectorId,
          ownerId: record.ownerId,
          region: record.region,
          division: account.division,
          divisionName: account.divisionName,
          providerUserId: account.userId,
          encryptedTokens: await encryptTokens(ctx.config.encryptionKey, account.tokens),
          accessTokenExpiresAt: account.tokens.accessTokenExpiresAt,
          refreshTokenExpiresAt: account.tokens.refreshTokenExpiresAt,
          grantedOperations: record.operations,
          missingOperations: account.missingOperations,
        },
        ctx.clock.now(),
      );
      const outcome: AttemptOutcome = { status: "succeeded", connection: toSummary(row) };
      await finish(outcome);
      return page(200, "Connected to Exact Online", `${row.division_name} is connected. This window closes by itself.`, record, outcome);
    } catch (cause) {
      // Log the reason without secrets: the code and tokens are never part of these messages.
      const reason = cause instanceof TokenRequestError || cause instanceof ExactApiError ? cause.message : "unexpected error";
      console.error(`[morph] OAuth callback failed for owner ${JSON.stringify(record.ownerId)}: ${reason}`);
      if (!(cause instanceof TokenRequestError || cause instanceof ExactApiError)) console.error(cause);
      // A token endpoint or API that does not answer ends the attempt (never left pending) with its own code.
      const timedOut = (cause instanceof TokenRequestError && cause.failure === "timeout") || (cause instanceof ExactTransportError && cause.kind === "timeout");
      if (timedOut) return failure("PROVIDER_TIMEOUT", `Exact Online did not answer in time: ${reason}`);
      if (cause instanceof MorphError && cause.code === "UNAVAILABLE") return failure("UNAVAILABLE", cause.message);
      return failure("PROVIDER_ERROR", `Exact Online could not complete the connection: ${reason}`);
    }
  }
}
