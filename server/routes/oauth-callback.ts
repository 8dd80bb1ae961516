import { Hono } from "hono";
import { ATTEMPT_QUERY_PARAM, CALLBACK_MESSAGE_TYPE, type CallbackMessage } from "../../src/protocol";
import { linkOutcomeResponse } from "../connect-links/link-pages";
import { redirectBack } from "../connect-links/redirect-back";
import { completeCallback, type CallbackResult } from "../connect-flow/connect-flow";
import type { ServerContext } from "../context";
import { ERROR_STATUS, MorphError, type ServerErrorCode } from "../errors";
import { renderCallbackPage } from "./callback-page";

/** `GET /v1/oauth/callback?code&state` (or `?error`): where Exact sends the user back. */
export function oauthCallbackRoutes(ctx: ServerContext) {
  return new Hono().get("/callback", async (c) => {
    const { state, code, error } = c.req.query();
    let result: CallbackResult;
    try {
      result = await completeCallback(ctx, { state, code, error });
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
    // A forged or replayed state: we do not know whom to tell, so nothing is posted.
    if (result.kind === "refused") {
      const rendered = renderCallbackPage({ title: result.title, text: result.text });
      return c.html(rendered.html, 400, rendered.headers);
    }
    const { record, outcome } = result;
    // Whatever the outcome, a redirect-mode attempt goes back to the page it came from (checked against
    // MORPH_ALLOWED_ORIGINS when it started); the page reads the outcome by the attempt id.
    if (record.mode === "redirect" && record.returnUrl && record.attemptId) {
      return redirectBack(record.returnUrl, { [ATTEMPT_QUERY_PARAM]: record.attemptId });
    }
    if (record.mode === "link") return linkOutcomeResponse(ctx, c, result);
    const message: CallbackMessage = {
      type: CALLBACK_MESSAGE_TYPE,
      nonce: record.nonce,
      result:
        outcome.status === "succeeded"
          ? { ok: true, connection: outcome.connection }
          : { ok: false, error: outcome.status === "failed" ? outcome.error : { code: "STATE_EXPIRED", message: result.text } },
    };
    // A failed attempt answers with its code's status from the one error table; an expired one is a 400.
    const failedCode = outcome.status === "failed" ? outcome.error.code : undefined;
    const status = outcome.status === "succeeded" ? 200 : failedCode && Object.hasOwn(ERROR_STATUS, failedCode) ? ERROR_STATUS[failedCode as ServerErrorCode] : 400;
    const rendered = renderCallbackPage({ title: result.title, text: result.text, origin: record.origin, message });
    return c.html(rendered.html, status, rendered.headers);
  });
}
