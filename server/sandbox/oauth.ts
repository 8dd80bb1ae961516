/** Exact's OAuth 2 endpoints: the consent page (`/api/oauth2/auth`) and the token endpoint (`/api/oauth2/token`). */
import { createHash, randomBytes } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { renderConsentPage, renderErrorPage } from "./consent-page";
import { faultsFor } from "./faults";
import type { SandboxOptions } from "./options";
import type { Grant, Row, SandboxState } from "./state";

const CODE_TTL_MS = 3 * 60_000; // Exact: an authorization code is valid for 3 minutes
const CONSENT_TTL_MS = 30 * 60_000;
const EARLY_REFRESH_WINDOW_MS = 30_000; // Exact refuses a refresh before the last 30 s of the access token

const APP_NAME = "morph-connect (sandbox app)";
const SCOPES = [
  "CRM – accounts and contacts: read and write",
  "Sales invoices: read and write",
  "Organization – users and divisions: read",
  "Webhooks: manage subscriptions",
];

const token = (bytes = 32): string => randomBytes(bytes).toString("base64url");

interface OAuthDeps {
  state: SandboxState;
  options: Required<SandboxOptions>;
}

function withParams(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

function parseRedirectUri(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function htmlResponse(
  c: Context,
  status: 200 | 400,
  render: (nonce: string) => string,
  formTargets: string[] | null = [],
  extraHeaders: Record<string, string> = {},
): Response {
  const nonce = token(16);
  // The form posts back here and Exact then redirects to the app: form-action must allow both origins
  // (Chromium applies form-action to the redirect after a form submission too). The consent page passes
  // null: the app's callback may redirect on to any page of its own (a redirect-mode returnUrl, a link's
  // redirectUrl), which a form-action list would block, so it sends none (no app could do that otherwise).
  const formAction = formTargets === null ? "" : ` form-action ${["'self'", ...new Set(formTargets)].join(" ")};`;
  return c.html(render(nonce), status, {
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}';${formAction} frame-ancestors 'none'; base-uri 'none'`,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    ...extraHeaders,
  });
}

/**
 * Ends the token chain `token` belongs to (its current access or refresh token), as a user who revokes the
 * app in Exact does: every token of that consent stops working, a refresh answers `invalid_grant`.
 * Returns false when no current token matches.
 */
export function revokeTokenChain(state: SandboxState, token: string): boolean {
  const chainId = (state.grantsByAccessToken.get(token) ?? state.grantsByRefreshToken.get(token))?.chainId;
  if (chainId === undefined) return false;
  for (const grants of [state.grantsByAccessToken, state.grantsByRefreshToken]) {
    for (const [key, grant] of grants) if (grant.chainId === chainId) grants.delete(key);
  }
  return true;
}

/** Guest users per sandbox: the Exact users of other companies, who sign in by name (tests: one per customer). */
const guests = new WeakMap<SandboxState, Map<string, Row>>();

/** The guest user `login` names (made on first sign-in, the same id after), or undefined for a malformed login. */
function guestSignIn(state: SandboxState, login: string): string | undefined {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(login)) return undefined;
  const known = guests.get(state) ?? new Map<string, Row>();
  guests.set(state, known);
  const hex = createHash("sha256").update(login).digest("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  if (!known.has(id)) {
    known.set(id, {
      UserID: id, FirstName: login, LastName: "", FullName: login, Email: `${login.toLowerCase()}@guest.example`, UserName: login,
      Phone: null, Mobile: null, Language: "EN", LanguageCode: "en-GB", Initials: login[0]!.toUpperCase(),
    });
  }
  return id;
}

/** A guest user by id, for `current/Me`. */
export function guestUser(state: SandboxState, id: string): Row | undefined {
  return guests.get(state)?.get(id);
}

function endChainsOfUser(state: SandboxState, clientId: string, userId: string): void {
  for (const grants of [state.grantsByAccessToken, state.grantsByRefreshToken]) {
    for (const [key, grant] of grants) if (grant.clientId === clientId && grant.userId === userId) grants.delete(key);
  }
}

export function createOAuthRoutes({ state, options }: OAuthDeps): Hono {
  const app = new Hono();

  app.get("/api/oauth2/auth", (c) => {
    const q = c.req.query();
    if (q.client_id !== options.clientId) {
      return htmlResponse(c, 400, (n) => renderErrorPage(n, `Client with identifier '${q.client_id ?? ""}' not found`));
    }
    const redirect = parseRedirectUri(q.redirect_uri);
    if (!redirect) return htmlResponse(c, 400, (n) => renderErrorPage(n, "The redirect URI is missing or invalid."));
    if (q.response_type !== "code") {
      return c.redirect(withParams(redirect.toString(), { error: "unsupported_response_type", state: q.state }), 302);
    }
    const ticket = token();
    state.consentTickets.set(ticket, {
      clientId: options.clientId,
      redirectUri: redirect.toString(),
      state: q.state ?? "",
      expiresAt: options.now() + CONSENT_TTL_MS,
    });
    const user = state.users.get(state.signedInUserId);
    return htmlResponse(
      c,
      200,
      (nonce) =>
        renderConsentPage({
          nonce,
          formAction: `${options.publicUrl}/api/oauth2/auth`,
          appName: APP_NAME,
          scopes: SCOPES,
          user: { fullName: String(user?.FullName), email: String(user?.Email) },
          divisions: [...state.divisions.values()].map((d) => ({ code: Number(d.Code), name: String(d.Description) })),
          currentDivision: state.currentDivisionByUser.get(state.signedInUserId) ?? 0,
          hidden: { client_id: options.clientId, redirect_uri: q.redirect_uri ?? "", state: q.state ?? "", ticket },
          forceLogin: q.force_login === "1",
          users: [...state.users.values()].map((u) => ({
            id: String(u.UserID),
            fullName: String(u.FullName),
            email: String(u.Email),
            signedIn: u.UserID === state.signedInUserId,
          })),
        }),
      null,
      options.crossOriginOpenerPolicy ? { "Cross-Origin-Opener-Policy": "same-origin" } : {},
    );
  });

  app.post("/api/oauth2/auth", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const field = (name: string): string => (typeof form[name] === "string" ? (form[name] as string) : "");
    const ticketId = field("ticket");
    const ticket = state.consentTickets.get(ticketId);
    state.consentTickets.delete(ticketId); // single use, whatever the outcome
    const now = options.now();
    if (
      !ticket ||
      ticket.expiresAt < now ||
      ticket.clientId !== field("client_id") ||
      ticket.redirectUri !== (parseRedirectUri(field("redirect_uri"))?.toString() ?? "") ||
      ticket.state !== field("state")
    ) {
      return htmlResponse(c, 400, (n) => renderErrorPage(n, "This sign-in form has expired or was altered. Please start again from the app."));
    }
    if (field("decision") !== "approve") {
      return c.redirect(
        withParams(ticket.redirectUri, { error: "access_denied", error_description: "The user denied access to the app.", state: ticket.state }),
        302,
      );
    }
    // One `division` field (a single choice) or the field repeated (several ticked): the divisions granted.
    const chosen = form.division === undefined ? [] : Array.isArray(form.division) ? form.division : [form.division];
    // A lone empty `division` is every box unticked: a consent that grants no division (whether Exact's page lets a
    // user approve that is unconfirmed; the sandbox allows it so that the app's refusal can be tested).
    const noneTicked = chosen.length === 1 && chosen[0] === "";
    const divisions = noneTicked ? [] : [...new Set(chosen.map((value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN)))];
    if ((divisions.length === 0 && !noneTicked) || !divisions.every((d) => state.divisions.has(d))) {
      return htmlResponse(c, 400, (n) => renderErrorPage(n, "Choose one or more of the listed divisions."));
    }
    // Sandbox only: the user's current division in Exact, which may be one not granted here (Exact's trap,
    // picqer/exact-php-client#470). Tests set it to reproduce the trap; Exact's own page has no such field.
    const currentField = field("current_division");
    const currentDivision = currentField === "" ? undefined : Number(currentField);
    if (currentDivision !== undefined && !state.divisions.has(currentDivision)) return htmlResponse(c, 400, (n) => renderErrorPage(n, "Unknown current division."));
    // Who signs in: the sandbox's signed-in user, or another seeded user the form names (another person of the
    // same company signing in on Exact's page), so tests can authorize as a second Exact user.
    // A `login` is a person of another company: a guest user known to `current/Me`, not in this company's users/Users.
    const login = field("login");
    const userId = login ? guestSignIn(state, login) : field("user") || state.signedInUserId;
    if (!userId || !(state.users.has(userId) || guestUser(state, userId))) return htmlResponse(c, 400, (n) => renderErrorPage(n, "Unknown user."));
    // Without the test field, one granted division becomes the current one, as before; with several (or none) the
    // user's current division stays, granted or not, as in Exact.
    const previous = state.currentDivisionByUser.get(userId);
    const current = currentDivision ?? (previous !== undefined && (divisions.length !== 1 || divisions.includes(previous)) ? previous : divisions[0]);
    if (current !== undefined) state.currentDivisionByUser.set(userId, current);
    const code = token();
    state.codes.set(code, {
      clientId: ticket.clientId,
      redirectUri: ticket.redirectUri,
      userId,
      divisions,
      expiresAt: now + CODE_TTL_MS,
    });
    return c.redirect(withParams(ticket.redirectUri, { code, state: ticket.state }), 302);
  });

  app.post("/api/oauth2/token", async (c) => {
    state.stats.tokenRequests++;
    const injected = await faultsFor(options).intercept(c, "token"); // tests only: see faults.ts
    if (injected) return injected;
    const fail = (status: 400 | 401, error: string, description?: string) => {
      const body: Record<string, string> = { error };
      if (description) body.error_description = description;
      return c.json(body, status, { "Cache-Control": "no-store" });
    };
    const contentType = c.req.header("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return fail(400, "invalid_request", "The token request must be form-encoded (application/x-www-form-urlencoded).");
    }
    const form = new URLSearchParams(await c.req.text());
    const param = (name: string): string => form.get(name) ?? "";
    if (param("client_id") !== options.clientId || param("client_secret") !== options.clientSecret) return fail(400, "invalid_client");
    const now = options.now();

    const issue = (grant: Omit<Grant, "accessToken" | "accessExpiresAt" | "refreshToken" | "refreshExpiresAt">) => {
      const fresh: Grant = {
        ...grant,
        accessToken: token(48),
        accessExpiresAt: now + options.accessTokenTtlSeconds * 1000,
        refreshToken: token(48),
        refreshExpiresAt: now + options.refreshTokenTtlSeconds * 1000, // Exact: 30 days
      };
      state.grantsByAccessToken.set(fresh.accessToken, fresh);
      state.grantsByRefreshToken.set(fresh.refreshToken, fresh);
      return c.json(
        {
          access_token: fresh.accessToken,
          token_type: "bearer",
          expires_in: String(options.accessTokenTtlSeconds), // a string, as Exact sends it
          refresh_token: fresh.refreshToken,
        },
        200,
        { "Cache-Control": "no-store" },
      );
    };

    switch (param("grant_type")) {
      case "authorization_code": {
        const code = state.codes.get(param("code"));
        state.codes.delete(param("code")); // single use, even when the exchange fails
        if (!code || code.expiresAt < now || code.clientId !== param("client_id") || code.redirectUri !== (parseRedirectUri(param("redirect_uri"))?.toString() ?? "")) {
          return fail(400, "invalid_grant");
        }
        // Exact keeps one token chain per user and app: a new authorization ends the user's earlier chain
        // (EXACT_ONLINE.md, pitfalls), whichever owner the app stored it for.
        endChainsOfUser(state, code.clientId, code.userId);
        return issue({ chainId: token(12), clientId: code.clientId, userId: code.userId, divisions: code.divisions });
      }
      case "refresh_token": {
        const presented = param("refresh_token");
        const failRefresh = (status: 400 | 401, error: string, description?: string) => {
          state.stats.refreshFailures++;
          return fail(status, error, description);
        };
        if (state.oldRefreshTokens.has(presented)) return failRefresh(401, "unauthorized_client", "Old refresh token used.");
        const grant = state.grantsByRefreshToken.get(presented);
        if (!grant || grant.clientId !== param("client_id")) return failRefresh(400, "invalid_grant");
        if (grant.refreshExpiresAt <= now) {
          return failRefresh(400, "invalid_request", `The refresh token expired at ${new Date(grant.refreshExpiresAt).toISOString()}`);
        }
        if (grant.accessExpiresAt - now > EARLY_REFRESH_WINDOW_MS) return failRefresh(401, "invalid_request", "Access Token not expired");
        state.grantsByRefreshToken.delete(presented);
        state.grantsByAccessToken.delete(grant.accessToken);
        state.oldRefreshTokens.add(presented);
        state.stats.refreshes++;
        return issue({ chainId: grant.chainId, clientId: grant.clientId, userId: grant.userId, divisions: grant.divisions });
      }
      default:
        return fail(400, "unsupported_grant_type");
    }
  });

  return app;
}
