import { describe, expect, it } from "vitest";
import { createExactSandbox } from "./index";
import { TEST_PUBLIC_URL, TEST_REDIRECT_URI, connectSandbox, createTestClock, revokeTokenChain, submitConsent, tokenRequest } from "../test-support/sandbox-client";

function newSandbox() {
  const clock = createTestClock();
  return { clock, sandbox: createExactSandbox({ publicUrl: TEST_PUBLIC_URL, now: clock.now }) };
}

describe("consent page", () => {
  it("sends Cross-Origin-Opener-Policy only when asked to", async () => {
    const query = new URLSearchParams({ client_id: "sandbox-client-id", redirect_uri: TEST_REDIRECT_URI, response_type: "code", state: "s1" });
    const plain = await newSandbox().sandbox.app.request(`/api/oauth2/auth?${query}`);
    expect(plain.headers.get("cross-origin-opener-policy")).toBeNull();
    const coop = createExactSandbox({ publicUrl: TEST_PUBLIC_URL, crossOriginOpenerPolicy: true });
    expect((await coop.app.request(`/api/oauth2/auth?${query}`)).headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("renders Approve, Deny and a labelled division select with a strict CSP", async () => {
    const { sandbox } = newSandbox();
    const query = new URLSearchParams({ client_id: "sandbox-client-id", redirect_uri: TEST_REDIRECT_URI, response_type: "code", state: "s1" });
    const page = await sandbox.app.request(`/api/oauth2/auth?${query}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Exact Online – Sign in and authorize (Sandbox)</title>");
    expect(html).toMatch(/<button[^>]*>Approve<\/button>/);
    expect(html).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(html).toContain('<label for="division">Division</label>');
    expect(html).toMatch(/<select id="division" name="division" multiple size="3" aria-describedby="division-hint"><option value="1234567" selected>Bakkerij De Gouden Korenschoof B.V./);
    expect(html).toContain("Korenschoof Vastgoed B.V.");
    expect(html).toContain("Sanne de Vries");
    expect(html).toContain(`action="${TEST_PUBLIC_URL}/api/oauth2/auth"`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'none'/);
    // No form-action: the redirects after the form post go on to the app's callback and from there to any
    // page of the app (redirect mode's returnUrl), and Chromium checks form-action on each of them.
    expect(csp).not.toContain("form-action");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html).not.toMatch(/<script|https?:\/\/(?!sandbox\.test|127\.0\.0\.1)[a-z]/i);
  });

  it("rejects an unknown client with Exact's message and no redirect", async () => {
    const { sandbox } = newSandbox();
    const page = await sandbox.app.request(`/api/oauth2/auth?client_id=nope&redirect_uri=${encodeURIComponent(TEST_REDIRECT_URI)}&response_type=code`);
    expect(page.status).toBe(400);
    expect(page.headers.get("location")).toBeNull();
    expect(await page.text()).toContain("Client with identifier &#39;nope&#39; not found");
  });

  it("redirects unsupported_response_type", async () => {
    const { sandbox } = newSandbox();
    const page = await sandbox.app.request(
      `/api/oauth2/auth?client_id=sandbox-client-id&redirect_uri=${encodeURIComponent(TEST_REDIRECT_URI)}&response_type=token&state=x`,
    );
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("x");
  });

  it("Deny comes back as access_denied with the state", async () => {
    const { sandbox } = newSandbox();
    const location = await submitConsent(sandbox, { decision: "deny", state: "abc" });
    expect(location.origin + location.pathname).toBe(TEST_REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("abc");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("refuses a consent form whose ticket was tampered with", async () => {
    const { sandbox } = newSandbox();
    const answer = await sandbox.app.request("/api/oauth2/auth", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "sandbox-client-id", redirect_uri: TEST_REDIRECT_URI, state: "s", ticket: "forged", decision: "approve", division: "1234567" }).toString(),
    });
    expect(answer.status).toBe(400);
  });
});

describe("token endpoint", () => {
  it("exchanges a code once; expires_in is a string", async () => {
    const { sandbox } = newSandbox();
    const location = await submitConsent(sandbox, { state: "st" });
    expect(location.searchParams.get("state")).toBe("st");
    const code = location.searchParams.get("code") ?? "";
    const first = await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT_URI });
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: "600" });
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");

    const reuse = await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT_URI });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: "invalid_grant" });
  });

  it("refuses a code older than 3 minutes, a wrong redirect URI, a wrong secret and a JSON body", async () => {
    const { sandbox, clock } = newSandbox();
    const late = (await submitConsent(sandbox)).searchParams.get("code") ?? "";
    clock.advance(3 * 60_000 + 1);
    expect((await tokenRequest(sandbox, { grant_type: "authorization_code", code: late, redirect_uri: TEST_REDIRECT_URI })).status).toBe(400);

    const mismatch = (await submitConsent(sandbox)).searchParams.get("code") ?? "";
    const answer = await tokenRequest(sandbox, { grant_type: "authorization_code", code: mismatch, redirect_uri: "http://127.0.0.1:8787/other" });
    expect(await answer.json()).toEqual({ error: "invalid_grant" });

    const code = (await submitConsent(sandbox)).searchParams.get("code") ?? "";
    const wrongSecret = await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT_URI, client_secret: "x" });
    expect(wrongSecret.status).toBe(400);
    expect(await wrongSecret.json()).toEqual({ error: "invalid_client" });

    const json = await sandbox.app.request("/api/oauth2/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code", code, client_id: "sandbox-client-id", client_secret: "sandbox-client-secret" }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
  });

  it("refuses an early refresh, rotates in the last 30 s, and rejects the old refresh token", async () => {
    const connected = await connectSandbox();
    const { sandbox, clock } = connected;
    const early = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: connected.refreshToken });
    expect(early.status).toBe(401);
    expect(((await early.json()) as { error_description: string }).error_description).toBe("Access Token not expired");

    clock.advance(571_000); // 29 s left
    const refreshed = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: connected.refreshToken });
    expect(refreshed.status).toBe(200);
    const pair = (await refreshed.json()) as { access_token: string; refresh_token: string; expires_in: string };
    expect(pair.expires_in).toBe("600");
    expect(pair.refresh_token).not.toBe(connected.refreshToken);

    // the previous access token died with the refresh
    expect((await connected.api("/api/v1/current/Me")).status).toBe(401);
    connected.accessToken = pair.access_token;
    expect((await connected.api("/api/v1/current/Me")).status).toBe(200);

    const reuse = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: connected.refreshToken });
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toEqual({ error: "unauthorized_client", error_description: "Old refresh token used." });
    expect(sandbox.control.stats()).toMatchObject({ refreshes: 1, refreshFailures: 2 });
  });

  it("reports an expired refresh token and an unknown one", async () => {
    const connected = await connectSandbox();
    connected.clock.advance(600_000);
    connected.sandbox.control.expireRefreshTokens();
    const expired = await tokenRequest(connected.sandbox, { grant_type: "refresh_token", refresh_token: connected.refreshToken });
    expect(expired.status).toBe(400);
    const body = (await expired.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(/^The refresh token expired at /);

    const unknown = await tokenRequest(connected.sandbox, { grant_type: "refresh_token", refresh_token: "nope" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: "invalid_grant" });
  });
  it("lets a test shorten both token lifetimes", async () => {
    const connected = await connectSandbox({ accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 300 });
    const { sandbox, clock } = connected;
    clock.advance(31_000); // 29 s left of a 60 s access token: refreshable
    const refreshed = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: connected.refreshToken });
    const pair = (await refreshed.json()) as { access_token: string; refresh_token: string; expires_in: string };
    expect(pair.expires_in).toBe("60");
    clock.advance(300_000); // the new refresh token's 300 s are over
    const expired = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: pair.refresh_token });
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { error_description: string }).error_description).toMatch(/^The refresh token expired at /);
  });

  it("ends a user's earlier chain when the same user authorizes the app again (another user's lives on); Me names the user", async () => {
    const first = await connectSandbox();
    const { sandbox } = first;
    const exchange = async (login: string) => {
      const code = (await submitConsent(sandbox, { login })).searchParams.get("code") ?? "";
      return (await (await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT_URI })).json()) as { access_token: string; refresh_token: string };
    };
    const me = async (token: string) => sandbox.app.request("/api/v1/current/Me", { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
    const guest = await exchange("guest-one");
    expect((await first.api("/api/v1/current/Me")).status).toBe(200);
    const guestMe = (await (await me(guest.access_token)).json()) as { d: { results: Array<{ FullName: string; UserID: string }> } };
    expect(guestMe.d.results[0]?.FullName).toBe("guest-one");

    const again = await exchange("guest-one");
    expect((await me(guest.access_token)).status).toBe(401);
    expect((await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: guest.refresh_token })).status).toBe(400);
    expect((await me(again.access_token)).status).toBe(200);
    expect((await first.api("/api/v1/current/Me")).status).toBe(200);
  });

  it("revokes a token chain through the control API: its tokens die, other chains live on", async () => {
    const revoked = await connectSandbox();
    const { sandbox, clock } = revoked;
    // A second consent on the same sandbox (by another user: the same user's would end the first chain), refreshed once.
    const code = (await submitConsent(sandbox, { login: "another-user" })).searchParams.get("code") ?? "";
    const other = (await (await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT_URI })).json()) as { access_token: string; refresh_token: string };
    clock.advance(580_000);
    const rotated = (await (await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: revoked.refreshToken })).json()) as { access_token: string; refresh_token: string };
    revoked.accessToken = rotated.access_token;
    expect((await revoked.api("/api/v1/current/Me")).status).toBe(200);

    await revokeTokenChain(sandbox, rotated.refresh_token);
    expect((await revoked.api("/api/v1/current/Me")).status).toBe(401);
    const refusal = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: rotated.refresh_token });
    expect(refusal.status).toBe(400);
    expect(await refusal.json()).toEqual({ error: "invalid_grant" });
    const unknown = await sandbox.app.request("/_control/oauth/revoke", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: rotated.refresh_token }) });
    expect(unknown.status).toBe(404);

    const survivor = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: other.refresh_token });
    expect(survivor.status).toBe(200);
  });
});
