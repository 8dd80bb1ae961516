import { Hono } from "hono";
import { completeCallback, type CallbackResult } from "../connect-flow/connect-flow";
import type { ServerContext } from "../context";
import { MorphError } from "../errors";
import { renderCallbackPage } from "./callback-page";
import { respondToCallback } from "./callback-response";
import { divisionChoiceRoutes } from "./division-choice";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";

/**
 * `GET /v1/oauth/callback?code&state` (or `?error`): where Exact sends the user back. `POST /v1/oauth/divisions`
 * (and `/divisions/cancel`): the division picker's answer, when the token reaches several (division-choice.ts).
 */
export function oauthCallbackRoutes(ctx: ServerContext) {
  return new Hono().route("/divisions", divisionChoiceRoutes(ctx)).get("/callback", describe(OPERATIONS.oauthCallback), async (c) => {
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
    return respondToCallback(ctx, c, result);
  });
}
