import type { Context } from "hono";
import { ATTEMPT_QUERY_PARAM, CALLBACK_MESSAGE_TYPE, type CallbackMessage } from "../../src/protocol";
import type { CallbackResult } from "../connect-flow/connect-flow";
import { linkOutcomeResponse } from "../connect-links/link-pages";
import { pickLocale, pickTheme } from "../connect-links/page-text";
import { redirectBack } from "../connect-links/redirect-back";
import type { ServerContext } from "../context";
import { ERROR_STATUS, type ServerErrorCode } from "../errors";
import { renderCallbackPage } from "./callback-page";
import { renderDivisionPicker } from "./division-picker-page";

/**
 * The page or redirect that ends a callback or a division choice: the picker while the user chooses; the posting
 * page (popup), the redirect back (redirect mode) or the hosted outcome (link) once the attempt has ended.
 */
export async function respondToCallback(ctx: ServerContext, c: Context, result: CallbackResult): Promise<Response> {
  // A forged or replayed state: we do not know whom to tell, so nothing is posted.
  if (result.kind === "refused") {
    const rendered = renderCallbackPage({ title: result.title, text: result.text });
    return c.html(rendered.html, 400, rendered.headers);
  }
  if (result.kind === "choosing") {
    const { record, picker } = result;
    // The hosted page's language and theme when the attempt came through a link, else the browser's language.
    const page = renderDivisionPicker({
      locale: pickLocale(record.locale ?? undefined, c.req.header("accept-language")),
      theme: pickTheme(record.theme ?? undefined),
      picker,
      // Relative to /v1/oauth/callback and /v1/oauth/divisions alike, so a path prefix in front of the server is kept.
      action: "divisions",
      cancelAction: "divisions/cancel",
      formTargets: ctx.config.allowedOrigins,
    });
    return c.html(page.html, picker.error ? 400 : 200, page.headers);
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
}
