import { Hono, type Context } from "hono";
import { cancelDivisionChoice, submitDivisionChoice } from "../connect-flow/division-choice";
import { renderMessagePage } from "../connect-links/link-pages";
import { pickLocale, pickTheme } from "../connect-links/page-text";
import type { ServerContext } from "../context";
import { describe } from "../openapi/describe";
import { OPERATIONS } from "../openapi/operations";
import { isCrossSite } from "../security/cross-site";
import { respondToCallback } from "./callback-response";
import { pickerText } from "./division-picker-page";

/** 500 codes and the token fit in a tenth of this; anything larger is not the picker's form. */
const MAX_FORM_BYTES = 64 * 1024;

/** The repeated `division` fields, as strings (a file or anything else is no code). */
function fields(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");
}

/** `POST /v1/oauth/divisions` (the picker's Continue) and `POST /v1/oauth/divisions/cancel` (its beacon when the user leaves). */
export function divisionChoiceRoutes(ctx: ServerContext) {
  const app = new Hono();
  const presentation = (c: Context) => ({ locale: pickLocale(undefined, c.req.header("accept-language")), theme: pickTheme(undefined) });

  app.post("/", describe(OPERATIONS.divisionChoice), async (c) => {
    const { locale, theme } = presentation(c);
    const text = pickerText(locale);
    if (isCrossSite(c, ctx.config.publicUrl)) {
      const page = renderMessagePage({ locale, theme, title: text.refusedTitle, text: text.crossSite, role: "alert" });
      return c.html(page.html, 403, page.headers);
    }
    if (Number(c.req.header("content-length") ?? 0) > MAX_FORM_BYTES) {
      const page = renderMessagePage({ locale, theme, title: text.refusedTitle, text: text.refused, role: "alert" });
      return c.html(page.html, 413, page.headers);
    }
    const form = await c.req.parseBody({ all: true });
    const answer = await submitDivisionChoice(ctx, { choiceToken: fields(form, "choice")[0], codes: fields(form, "division") });
    if (answer.kind === "bad_choice") {
      // In the attempt's language (a link's page), else the browser's; the message says nothing was stored.
      const ownLocale = pickLocale(answer.record.locale ?? undefined, c.req.header("accept-language"));
      const own = pickerText(ownLocale);
      const page = renderMessagePage({ locale: ownLocale, theme: pickTheme(answer.record.theme ?? undefined), title: own.refusedTitle, text: own.refused, role: "alert" });
      return c.html(page.html, 400, page.headers);
    }
    if (answer.kind === "again") return respondToCallback(ctx, c, { kind: "choosing", record: answer.record, picker: answer.picker });
    return respondToCallback(ctx, c, answer);
  });

  app.post("/cancel", describe(OPERATIONS.divisionChoiceCancel), async (c) => {
    if (isCrossSite(c, ctx.config.publicUrl)) return c.body(null, 403);
    if (Number(c.req.header("content-length") ?? 0) > MAX_FORM_BYTES) return c.body(null, 413);
    const form = await c.req.parseBody({ all: true });
    await cancelDivisionChoice(ctx, fields(form, "choice")[0]);
    return c.body(null, 204);
  });

  return app;
}
