/**
 * What each route of the HTTP contract answers, attached to the route itself with `describe(OPERATIONS.x)`
 * (a route whose request schema lives in its own file adds `body`). The error codes listed are those the
 * route can answer besides the ones its auth and body bring (describe.ts `commonErrors`); the test harness
 * fails any test whose answer is not documented here.
 */
import type { OpenAPIV3_1 } from "openapi-types";
import { z } from "zod";
import { REGIONS } from "../../src/protocol";
import { MAX_METADATA_ENTRIES, MAX_METADATA_VALUE, MAX_TAGS } from "../connections/labels";
import type { ServerErrorCode } from "../errors";
import { pathParameter, queryParameter, type OperationSpec } from "./describe";
import {
  attemptOutcomeSchema,
  authorizationLinkSchema,
  connectionDetailsSchema,
  connectionDivisionChoiceSchema,
  connectionResourceSchema,
  connectionResponseSchema,
  data,
  fieldMappingSchema,
  healthSchema,
  page,
  permissionsSchema,
  previewResponseSchema,
  sessionCreatedSchema,
  sessionInfoSchema,
  testEventSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "./schemas";

/** Any call that reaches Exact with a connection's tokens. */
export const EXACT_ERRORS: ServerErrorCode[] = [
  "CONNECTION_NOT_FOUND",
  "NEEDS_REAUTH",
  "INSUFFICIENT_PERMISSIONS",
  "RATE_LIMITED",
  "PROVIDER_ERROR",
  "PROVIDER_TIMEOUT",
  "UNAVAILABLE",
];

const CONNECTION_PATH = [
  pathParameter("connectorId", "The connector: `exact-online`."),
  pathParameter("ownerId", "Your customer's id (URL-encoded)."),
];

/** The labels as labels.ts checks them (the route's own schema takes any JSON there, to name the bad key itself). */
export const metadataSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), z.string().max(MAX_METADATA_VALUE))
  .meta({ description: `At most ${MAX_METADATA_ENTRIES} entries; keys of 1–40 \`[A-Za-z0-9_.-]\`, values of at most ${MAX_METADATA_VALUE} characters.` });
export const tagsSchema = z.array(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/)).max(MAX_TAGS);

const noContent: { description: string } = { description: "Done." };
const html = (description: string) => ({ description, html: true }) as const;

const SPECS = {
  health: {
    tag: "Operations",
    summary: "Liveness: the process runs",
    auth: "none",
    responses: { 200: { description: "Running; `sandbox` tells whether it talks to the built-in Exact sandbox.", json: healthSchema } },
  },
  ready: {
    tag: "Operations",
    summary: "Readiness: the database answers and every migration is applied",
    auth: "none",
    errors: ["UNAVAILABLE"],
    responses: { 200: { description: "Ready.", json: z.object({ ok: z.literal(true) }) } },
  },
  metrics: {
    tag: "Operations",
    summary: "Prometheus metrics (`morph_…`)",
    description: "With `MORPH_METRICS_TOKEN` set, `Authorization: Bearer <token>`; without it, loopback requests only (no forwarding headers).",
    auth: "none",
    errors: ["UNAUTHORIZED", "ACCESS_DENIED"],
    responses: { 200: { description: "The Prometheus text format.", any: true } },
  },
  openapi: {
    tag: "Operations",
    summary: "This OpenAPI 3.1 document",
    auth: "none",
    responses: {
      200: { description: "The document, generated from the routes (and this server's models).", any: true },
      304: { description: "Not changed since the `ETag` sent as `If-None-Match`.", empty: true },
    },
  },
  docs: {
    tag: "Operations",
    summary: "The API reference, rendered from this document",
    auth: "none",
    parameters: [queryParameter("theme", "`light` or `dark`; default: the browser's preference.", { type: "string", enum: ["light", "dark"] })],
    responses: { 200: html("An HTML page.") },
  },

  createSession: {
    tag: "Sessions",
    summary: "Mint a widget session token",
    description: "For one of your customers (`ownerId`): the operations the widget asks for (required) and may ask for (optional). At most 30 minutes.",
    auth: "secretKey",
    responses: { 201: { description: "The token to hand to `<Connect sessionToken>`.", json: sessionCreatedSchema } },
  },

  sessionInfo: {
    tag: "Widget",
    summary: "The session: connector, regions, requested operations and models, current connection",
    auth: "session",
    responses: { 200: { description: "What the dialog shows.", json: sessionInfoSchema } },
  },
  authorize: {
    tag: "Widget",
    summary: "Start an attempt: redirect to Exact's consent page",
    description:
      "A browser navigation (the popup, or the tab in redirect mode): errors are an HTML page that posts the result to `origin` when that origin is allowed, never JSON.",
    auth: "none",
    parameters: [
      queryParameter("sessionToken", "The session token (a browser navigation cannot send a header)."),
      queryParameter("region", "Exact's region: nl, be, de, fr, es, co.uk or com."),
      queryParameter("origin", "The embedding page's origin (one of MORPH_ALLOWED_ORIGINS)."),
      queryParameter("nonce", "The widget's attempt id."),
      queryParameter("operations", "Comma-separated optional operations the user switched on."),
      queryParameter("mode", "`popup` (default) or `redirect`.", { type: "string", enum: ["popup", "redirect"] }),
      queryParameter("returnUrl", "Redirect mode: where the tab comes back to."),
    ],
    responses: {
      302: { description: "To Exact's consent page.", empty: true, headers: { location: { schema: { type: "string" } } } },
      400: html("The request was refused (the page says why)."),
      401: html("The session token is missing, invalid or expired."),
      403: html("The origin is not allowed, or the session does not allow an operation."),
      429: html("Too many attempts for this session."),
      500: html("Unexpected server error."),
      503: html("The database is busy; try again."),
    },
  },
  currentConnection: {
    tag: "Widget",
    summary: "This owner's connection",
    auth: "session",
    responses: { 200: { description: "The connection, or null (a pending one shows as none).", json: connectionResponseSchema } },
  },
  disconnectCurrent: {
    tag: "Widget",
    summary: "Disconnect this owner",
    auth: "session",
    errors: ["CONNECTION_NOT_FOUND", "UNAVAILABLE"],
    responses: { 204: noContent },
  },
  attempt: {
    tag: "Widget",
    summary: "Long-poll one popup attempt",
    description: "Answers as soon as the attempt changes, or `pending` after `wait` seconds (at most 25).",
    auth: "session",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("nonce", "The attempt's nonce."), queryParameter("wait", "Seconds to wait for a change (0–25).", { type: "integer", minimum: 0, maximum: 25 })],
    responses: { 200: { description: "The attempt's state.", json: attemptOutcomeSchema } },
  },
  returnedAttempt: {
    tag: "Widget",
    summary: "Read a redirect-mode attempt from the page it returned to",
    auth: "session",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("attemptId", "`att_…` from the `morph_attempt` query parameter."), queryParameter("wait", "Seconds to wait for a change (0–25).", { type: "integer", minimum: 0, maximum: 25 })],
    responses: { 200: { description: "The attempt's state.", json: attemptOutcomeSchema } },
  },
  cancelAttempt: {
    tag: "Widget",
    summary: "Cancel one popup attempt for good",
    auth: "session",
    parameters: [pathParameter("nonce", "The attempt's nonce.")],
    responses: { 204: noContent },
  },
  preview: {
    tag: "Widget",
    summary: "The first rows of a model the session may list (the widget's preview)",
    auth: "session",
    errors: ["NOT_FOUND", "TOO_MANY_ATTEMPTS", ...EXACT_ERRORS],
    parameters: [pathParameter("model", "A model the session's operations may list.")],
    responses: { 200: { description: "At most five records.", json: previewResponseSchema } },
  },

  oauthCallback: {
    tag: "Widget",
    summary: "Exact's redirect back: token exchange, then an HTML page that posts the result",
    description: "Where Exact sends the user. The page posts a typed result to the origin recorded in the state and closes; redirect-mode and link attempts are redirected instead.",
    auth: "none",
    parameters: [queryParameter("code", "Exact's authorization code."), queryParameter("state", "The single-use state."), queryParameter("error", "Exact's error, when the user declined.")],
    responses: {
      200: html("Connected: the page posts the connection. Or, when the token reaches several divisions, the division picker (nothing stored yet)."),
      302: { description: "Back to the redirect-mode page or the link's `redirectUrl`.", empty: true, headers: { location: { schema: { type: "string" } } } },
      303: { description: "Back to the link's `redirectUrl`.", empty: true, headers: { location: { schema: { type: "string" } } } },
      400: html("Refused (a forged, used or expired state)."),
      401: html("The session ended."),
      403: html("The user declined, or lacks a right."),
      404: html("Not found."),
      409: html("The connection needs a new authorization."),
      429: html("Exact's rate limit."),
      500: html("Unexpected server error."),
      502: html("Exact failed."),
      503: html("The database is busy: reload the page."),
      504: html("Exact did not answer in time."),
    },
  },

  createConnection: {
    tag: "Connections",
    summary: "Create a pending connection, or replace an existing one's request and labels",
    auth: "secretKey",
    responses: {
      201: { description: "A new, pending connection.", json: data(connectionResourceSchema) },
      200: { description: "The existing connection, its request (and labels, when given) replaced.", json: data(connectionResourceSchema) },
    },
  },
  listConnections: {
    tag: "Connections",
    summary: "List connections, newest first",
    auth: "secretKey",
    parameters: [
      queryParameter("connectorId", "`exact-online`."),
      queryParameter("status", "Only this status.", { type: "string", enum: ["pending", "connected", "needs_reauth"] }),
      queryParameter("ownerId", "Only this owner."),
      { ...queryParameter("tag", "Connections with every one of these tags (repeat the parameter).", { type: "array", items: { type: "string" } }), style: "form", explode: true },
      queryParameter("search", "Case-insensitive substring of the owner id or of any metadata value."),
      queryParameter("limit", "1–200, default 50.", { type: "integer", minimum: 1, maximum: 200 }),
      queryParameter("cursor", "`next` of the previous page."),
    ],
    responses: { 200: { description: "One page.", json: page(connectionResourceSchema) } },
  },
  getConnection: {
    tag: "Connections",
    summary: "One connection: status, divisions, permissions, labels, token expiries (never the tokens)",
    auth: "secretKey",
    errors: ["CONNECTION_NOT_FOUND"],
    parameters: CONNECTION_PATH,
    responses: { 200: { description: "The connection.", json: data(connectionDetailsSchema) } },
  },
  updateConnection: {
    tag: "Connections",
    summary: "Replace metadata, tags or divisions",
    auth: "secretKey",
    errors: ["CONNECTION_NOT_FOUND", ...EXACT_ERRORS],
    parameters: CONNECTION_PATH,
    responses: { 200: { description: "The connection.", json: data(connectionResourceSchema) } },
  },
  deleteConnection: {
    tag: "Connections",
    summary: "Disconnect (any status, pending included)",
    auth: "secretKey",
    errors: ["CONNECTION_NOT_FOUND", "UNAVAILABLE"],
    parameters: CONNECTION_PATH,
    responses: { 204: noContent },
  },
  connectionPermissions: {
    tag: "Connections",
    summary: "Ask Exact again which granted operations this user may perform",
    auth: "secretKey",
    division: true,
    errors: EXACT_ERRORS,
    parameters: CONNECTION_PATH,
    responses: { 200: { description: "Granted, allowed and missing operations.", json: data(permissionsSchema) } },
  },
  connectionDivisions: {
    tag: "Connections",
    summary: "Every division the connection's token reaches",
    auth: "secretKey",
    errors: EXACT_ERRORS,
    parameters: CONNECTION_PATH,
    responses: {
      200: {
        description: "Each division, and whether the connection serves it.",
        json: data(z.array(connectionDivisionChoiceSchema)),
      },
    },
  },
  setFieldMapping: {
    tag: "Connections",
    summary: "Map extra unified fields to Exact fields, per model",
    auth: "secretKey",
    errors: [...EXACT_ERRORS, "NOT_FOUND"],
    parameters: CONNECTION_PATH,
    responses: { 200: { description: "The mapping as stored.", json: data(fieldMappingSchema) } },
  },
  getFieldMapping: {
    tag: "Connections",
    summary: "The connection's field mapping",
    auth: "secretKey",
    errors: ["CONNECTION_NOT_FOUND"],
    parameters: CONNECTION_PATH,
    responses: { 200: { description: "The mapping.", json: data(fieldMappingSchema) } },
  },
  authorizeConnection: {
    tag: "Connections",
    summary: "A shareable, hosted connect link",
    description:
      "The user opens `authorizationUrl`, chooses, consents at Exact and comes back to `redirectUrl` with `connectionId`, `ownerId`, `status=connected` (or `error`, `message`) added: not proof, read the connection.",
    auth: "secretKey",
    errors: ["CONNECTION_NOT_FOUND"],
    parameters: CONNECTION_PATH,
    responses: { 201: { description: "The link.", json: data(authorizationLinkSchema) } },
  },
  revokeConnectLink: {
    tag: "Connections",
    summary: "Revoke a connect link",
    auth: "secretKey",
    errors: ["CONNECTION_NOT_FOUND", "NOT_FOUND"],
    parameters: [...CONNECTION_PATH, pathParameter("id", "`cl_…`")],
    responses: { 204: noContent },
  },

  proxy: {
    tag: "Proxy",
    summary: "A raw Exact REST call with the connection's token",
    description:
      "`/v1/proxy/api/v1/{division}/…`: `{division}` is filled in. Exact's status and body are passed through (its 5xx become 502 `PROVIDER_ERROR`). Only Exact's REST API is reachable, only in the connection's divisions, only within its grants (`proxy::read`/`proxy::write` or a granted model's endpoint).",
    auth: "secretKey",
    ownerHeaders: true,
    division: true,
    errors: [...EXACT_ERRORS, "NOT_FOUND", "VALIDATION_ERROR", "PAYLOAD_TOO_LARGE"],
    passthrough: true,
    anyBody: true,
    parameters: [
      {
        name: "exactPath",
        in: "path",
        required: true,
        description: "The rest of the path, slashes included: Exact's REST path, e.g. `api/v1/{division}/crm/Contacts` (`{division}` literally, or the division's code).",
        schema: { type: "string" },
        "x-multi-segment": true,
      } as OpenAPIV3_1.ParameterObject,
    ],
    responses: {
      default: {
        description: "Exact's answer, status and body as Exact sent them; or this server's own error (`ErrorBody`) with one of the codes below, before any call to Exact or when Exact fails (5xx → 502).",
        any: true,
      },
    },
  },

  exactWebhooks: {
    tag: "Exact webhooks",
    summary: "Receiver for Exact's webhook notifications",
    description: "Exact signs each notification with its HashCode (EXACT_WEBHOOK_SECRET). Answered quickly with 200; the work happens after.",
    auth: "none",
    errors: ["UNAUTHORIZED", "PAYLOAD_TOO_LARGE"],
    responses: { 200: { description: "Received (stored, ignored, or Exact's validation call).", empty: true } },
  },

  createWebhookEndpoint: {
    tag: "Webhooks",
    summary: "Add an endpoint that receives events",
    auth: "secretKey",
    responses: { 201: { description: "The endpoint, with its secret (shown once).", json: data(webhookEndpointWithSecretSchema) } },
  },
  listWebhookEndpoints: {
    tag: "Webhooks",
    summary: "Every endpoint",
    auth: "secretKey",
    responses: { 200: { description: "The endpoints.", json: data(z.array(webhookEndpointSchema)) } },
  },
  getWebhookEndpoint: {
    tag: "Webhooks",
    summary: "One endpoint",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`we_…`")],
    responses: { 200: { description: "The endpoint.", json: data(webhookEndpointSchema) } },
  },
  updateWebhookEndpoint: {
    tag: "Webhooks",
    summary: "Change an endpoint (`{ disabled: false }` re-enables one)",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`we_…`")],
    responses: { 200: { description: "The endpoint.", json: data(webhookEndpointSchema) } },
  },
  deleteWebhookEndpoint: {
    tag: "Webhooks",
    summary: "Remove an endpoint",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`we_…`")],
    responses: { 204: noContent },
  },
  rotateWebhookSecret: {
    tag: "Webhooks",
    summary: "A new secret (the old one keeps signing beside it for 24 hours)",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`we_…`")],
    responses: { 200: { description: "The endpoint, with its new secret (shown once).", json: data(webhookEndpointWithSecretSchema) } },
  },
  testWebhookEndpoint: {
    tag: "Webhooks",
    summary: "Send a signed `webhook.test` event",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`we_…`")],
    responses: { 202: { description: "Queued.", json: data(testEventSchema) } },
  },
  listDeliveries: {
    tag: "Webhooks",
    summary: "The delivery log, newest first",
    auth: "secretKey",
    parameters: [
      queryParameter("endpointId", "Only this endpoint's."),
      queryParameter("status", "Only this status.", { type: "string", enum: ["pending", "retrying", "delivered", "failed"] }),
      queryParameter("limit", "1–100, default 20.", { type: "integer", minimum: 1, maximum: 100 }),
      queryParameter("cursor", "`next` of the previous page."),
    ],
    responses: { 200: { description: "One page.", json: page(webhookDeliverySchema) } },
  },
  getDelivery: {
    tag: "Webhooks",
    summary: "One delivery, with its attempts",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`wd_…`")],
    responses: { 200: { description: "The delivery.", json: data(webhookDeliverySchema) } },
  },
  retryDelivery: {
    tag: "Webhooks",
    summary: "Deliver again",
    auth: "secretKey",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("id", "`wd_…`")],
    responses: { 202: { description: "Queued.", json: data(webhookDeliverySchema) } },
  },

  demoPage: {
    tag: "Demo",
    summary: "The embeddable demo page",
    auth: "none",
    parameters: [queryParameter("theme", "light, dark or system.", { type: "string", enum: ["light", "dark", "system"] })],
    responses: { 200: html("The page.") },
  },
  demoAsset: {
    tag: "Demo",
    summary: "The demo's script and stylesheet",
    auth: "none",
    errors: ["NOT_FOUND"],
    parameters: [pathParameter("file", "`demo.js` or `demo.css`.")],
    responses: { 200: { description: "The file.", any: true } },
  },
  demoSession: {
    tag: "Demo",
    summary: "A session token for a throw-away owner (sandbox mode only)",
    auth: "none",
    errors: ["NOT_FOUND"],
    responses: {
      200: { description: "A session for the demo.", json: sessionCreatedSchema.extend({ ownerId: z.string(), sandbox: z.boolean() }) },
    },
  },

  divisionChoice: {
    tag: "Widget",
    summary: "The division picker's Continue: stores the connection on the chosen divisions",
    description:
      "A form post from the picker the callback rendered (`choice`: its single-use token; `division`: each chosen code, repeated). Same-site only. Then the same ending as the callback: the page that posts the result, the redirect back, or the hosted outcome.",
    auth: "none",
    responses: {
      200: html("Connected (or the attempt failed): the page posts the result, or the hosted Connected page."),
      303: { description: "Back to the redirect-mode page or the link's `redirectUrl`.", empty: true, headers: { location: { schema: { type: "string" } } } },
      400: html("Refused: a used, forged or expired choice token, a code outside the list, two codes where one is asked, or none (the picker again)."),
      403: html("Sent from another site, or the user lacks a right."),
      409: html("The connection needs a new authorization."),
      413: html("The form is too large."),
      500: html("Unexpected server error."),
      502: html("Exact failed."),
      503: html("The database is busy."),
      504: html("Exact did not answer in time."),
    },
  },
  divisionChoiceCancel: {
    tag: "Widget",
    summary: "The division picker's beacon when the user leaves: the attempt ends as cancelled",
    description: "A form post with `choice`. Same-site only. Nothing is stored; a later choice is refused.",
    auth: "none",
    responses: {
      204: { description: "Cancelled (or nothing to cancel).", empty: true },
      403: { description: "Sent from another site.", empty: true },
      413: { description: "The form is too large.", empty: true },
      500: html("Unexpected server error."),
    },
  },
  connectLinkPage: {
    tag: "Connect links",
    summary: "The hosted connect page of a link",
    description: "The token in the path is the capability. No side effect.",
    auth: "none",
    parameters: [
      pathParameter("token", "The link's token."),
      queryParameter("locale", "`en` or `nl`; default: Accept-Language."),
      queryParameter("theme", "`light`, `dark` or `system`."),
    ],
    responses: { 200: html("The page."), 404: html("No such link."), 410: html("The link expired, was used or revoked."), 500: html("Unexpected server error.") },
  },
  connectLinkContinue: {
    tag: "Connect links",
    summary: "The page's Continue: starts the OAuth state and 303s to Exact",
    description: "The page's own form post (same-site only: `Sec-Fetch-Site`, else `Origin`), at most 16 KB.",
    auth: "none",
    form: {
      type: "object",
      properties: {
        region: { type: "string", enum: [...REGIONS], description: "The region the user chose." },
        operations: { type: "array", items: { type: "string" }, description: "The optional operations the user switched on (the field repeated)." },
      },
    },
    parameters: [pathParameter("token", "The link's token."), queryParameter("locale", "`en` or `nl`."), queryParameter("theme", "`light`, `dark` or `system`.")],
    responses: {
      303: { description: "To Exact's consent page.", empty: true, headers: { location: { schema: { type: "string" } } } },
      400: html("The choice was refused."),
      403: html("Sent from another site."),
      404: html("No such link."),
      410: html("The link expired, was used or revoked."),
      413: html("The form is too large."),
      429: html("Too many attempts."),
      500: html("Unexpected server error."),
    },
  },
} satisfies Record<string, OperationSpec>;

type Specs = typeof SPECS;
/** Each route's description; its key is its operationId (what client generators name the method). */
export const OPERATIONS = Object.fromEntries(Object.entries(SPECS).map(([operationId, spec]) => [operationId, { ...spec, operationId }])) as {
  [K in keyof Specs]: Specs[K] & { operationId: K };
};
