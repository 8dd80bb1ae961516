import { connect as tcpConnect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintSessionToken } from "../security/session-token";
import { answerConsent } from "../test-support/consent";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, TEST_ORIGIN, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";

// Issue 14. Finding 6: an owner id that a header cannot carry unchanged ("ownerW " arrives as "ownerW")
// named one owner at minting and another when read back. Finding 14: nonces were unique across all
// sessions, so one session could learn of another's nonce and take it first.

const BAD_OWNERS: [label: string, ownerId: string][] = [
  ["trailing space", "ownerW "],
  ["leading space", " ownerW"],
  ["tab", "owner\tW"],
  ["NUL", "owner\u0000"],
  ["DEL", "owner\u007f"],
  ["non-ASCII letter", "ownér"],
  ["line separator", "owner\u2028"],
  ["256 characters", "o".repeat(256)],
];

const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

/** A GET whose header line goes out byte for byte (UTF-8), as a client that does not check header values sends it. */
function rawGet(port: number, path: string, headerLines: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
    // Written, not ended: a half-closed socket lets node drop the connection before a slow answer.
    socket.write(Buffer.from([`GET ${path} HTTP/1.1`, "host: 127.0.0.1", "connection: close", ...headerLines, "", ""].join("\r\n"), "utf8"));
  });
}

describe.each(DATABASES)("owner ids and nonces on $name", ({ postgres }) => {
  let pg: TempPostgres | undefined;
  let server: TestServer;
  let port = 0;

  beforeAll(async () => {
    pg = postgres ? startTempPostgres(await freePort()) : undefined;
    server = await startTestServer({ listen: true, env: pg ? { DATABASE_URL: pg.url } : {} });
    port = Number(new URL(server.publicUrl).port);
    await server.connect("ownerW", ["genericContact::list"]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  const mint = (ownerId: string) =>
    server.backend("/v1/sessions", { method: "POST", body: JSON.stringify({ connectorId: "exact-online", ownerId, operations: ["genericContact::list"] }) });

  describe("finding 6: owner ids", () => {
    it.each(BAD_OWNERS)("minting refuses an owner id with %s: 400 naming ownerId", async (_label, ownerId) => {
      const response = await mint(ownerId);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; details?: { field?: string } } };
      expect(error.code).toBe("VALIDATION_ERROR");
      expect(error.details?.field).toBe("ownerId");
    });

    it.each(["a", "owner W", "org_42|eu:acme.nl", "o".repeat(255), "~!@#$%^&*()"])("minting accepts %j", async (ownerId) => {
      expect((await mint(ownerId)).status).toBe(201);
    });

    // What arrives over HTTP, byte for byte: NUL and DEL never get past node's parser; the rest reaches the route.
    const parserRefuses = ["NUL", "DEL"];
    it.each(BAD_OWNERS.filter(([label]) => !parserRefuses.includes(label) && !label.includes("space")))("an x-owner-id with %s is a 400 naming the header", async (_label, ownerId) => {
      const answer = await rawGet(port, "/v1/resources/genericContact", [`authorization: Bearer ${TEST_SECRET_KEY}`, `x-owner-id: ${ownerId}`]);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "x-owner-id" } } });
    });

    it.each(BAD_OWNERS.filter(([label]) => parserRefuses.includes(label)))("an x-owner-id with %s is refused before any route", async (_label, ownerId) => {
      const answer = await rawGet(port, "/v1/resources/genericContact", [`authorization: Bearer ${TEST_SECRET_KEY}`, `x-owner-id: ${ownerId}`]);
      expect(answer.status).toBe(400);
    });

    // A client's Headers refuses what node's parser would; one that builds the request in-process is refused by the route.
    it.each([["DEL", "owner\u007f"], ["tab", "owner\tW"], ["Latin-1 letter", "ownér"]])("an in-process x-owner-id with %s is a 400 naming the header", async (_label, ownerId) => {
      const response = await server.backend("/v1/resources/genericContact", { ownerId });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "x-owner-id" } } });
    });

    // HTTP trims header values: this is why minting must refuse such ids, since the header cannot tell them apart.
    it.each(["ownerW ", " ownerW"])("x-owner-id %j arrives as ownerW, the only owner it can name", async (ownerId) => {
      const answer = await rawGet(port, "/v1/resources/genericContact", [`authorization: Bearer ${TEST_SECRET_KEY}`, `x-owner-id: ${ownerId}`]);
      expect(answer.status).toBe(200);
    });

    it("the owner header is checked only after the secret key", async () => {
      const answer = await rawGet(port, "/v1/resources/genericContact", ["authorization: Bearer wrong", "x-owner-id: owner\tW"]);
      expect(answer.status).toBe(401);
    });

    it.each(BAD_OWNERS)("a path owner id with %s is a 400 naming ownerId, not a 404", async (_label, ownerId) => {
      for (const suffix of ["", "/permissions", "/field-mapping"]) {
        const response = await server.backend(`/v1/connections/exact-online/${encodeURIComponent(ownerId)}${suffix}`);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: { field: "ownerId" } } });
      }
      expect((await server.backend(`/v1/connections/exact-online/${encodeURIComponent(ownerId)}`, { method: "DELETE" })).status).toBe(400);
    });

    it("a valid path owner id without a connection is still a 404", async () => {
      expect((await server.backend("/v1/connections/exact-online/nobody-here")).status).toBe(404);
    });

    it("a connection stored before the rule under such an id can still be read and deleted by its path", async () => {
      const row = await server.ctx.db.selectFrom("connections").selectAll().where("owner_id", "=", "ownerW").executeTakeFirstOrThrow();
      await server.ctx.db
        .insertInto("connections")
        .values({ ...row, id: `legacy-${row.id}`.slice(0, 64), owner_id: "ownerW " })
        .execute();
      const path = "/v1/connections/exact-online/ownerW%20";
      const read = await server.backend(path);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ data: { ownerId: "ownerW " } });
      expect((await server.backend(path, { method: "DELETE" })).status).toBe(204);
      expect((await server.backend(path)).status).toBe(400);
      expect((await server.backend("/v1/connections/exact-online/ownerW")).status).toBe(200);
    });

    it("a session token minted for such an id before the rule is no longer honoured", async () => {
      const { sessionToken } = await mintSessionToken(
        server.ctx.config.signingKey,
        { connectorId: "exact-online", ownerId: "ownerW ", operations: ["genericContact::list"], optionalOperations: [] },
        600,
        server.clock.now(),
      );
      const response = await server.app.request("/v1/connect/session", { headers: { authorization: `Bearer ${sessionToken}` } });
      expect(response.status).toBe(401);
    });
  });

  describe("finding 14: nonces belong to their session", () => {
    const authorize = (sessionToken: string, nonce: string) =>
      server.app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce })}`);
    const consentUrl = (response: Response) => {
      expect(response.status).toBe(302);
      return response.headers.get("location")!;
    };
    const callback = async (consent: string, decision: "approve" | "deny" = "approve") => {
      const url = await answerConsent(consent, decision);
      return server.app.request(`${url.pathname}${url.search}`);
    };
    const attempt = (sessionToken: string, nonce: string, init: RequestInit = {}, wait = 0) =>
      server.app.request(`/v1/connect/attempts/${nonce}?wait=${wait}`, { ...init, headers: { authorization: `Bearer ${sessionToken}` } });
    const outcome = async (sessionToken: string, nonce: string) => (await attempt(sessionToken, nonce)).json() as Promise<Record<string, unknown>>;
    let counter = 0;
    const freshNonce = () => `shared-nonce-${Date.now()}-${counter++}`;
    const session = (ownerId: string) => server.mintSession(ownerId, ["genericContact::list"]);

    it("two owners' sessions with the same nonce both complete, each attempt with its own outcome", async () => {
      const nonce = freshNonce();
      const [victim, attacker] = [await session("victim-org"), await session("attacker-org")];
      const victimConsent = consentUrl(await authorize(victim, nonce));
      const attackerConsent = consentUrl(await authorize(attacker, nonce));

      expect((await callback(attackerConsent)).status).toBe(200);
      expect(await outcome(victim, nonce)).toEqual({ status: "pending" });
      expect((await callback(victimConsent)).status).toBe(200);

      expect(await outcome(victim, nonce)).toMatchObject({ status: "succeeded", connection: { ownerId: "victim-org" } });
      expect(await outcome(attacker, nonce)).toMatchObject({ status: "succeeded", connection: { ownerId: "attacker-org" } });
    });

    it("two sessions of one owner with the same nonce end independently (one denied, one approved)", async () => {
      const nonce = freshNonce();
      const [first, second] = [await session("same-org"), await session("same-org")];
      const firstConsent = consentUrl(await authorize(first, nonce));
      const secondConsent = consentUrl(await authorize(second, nonce));

      await callback(firstConsent, "deny");
      expect(await outcome(second, nonce)).toEqual({ status: "pending" });
      await callback(secondConsent);

      expect(await outcome(first, nonce)).toMatchObject({ status: "failed", error: { code: "ACCESS_DENIED" } });
      expect(await outcome(second, nonce)).toMatchObject({ status: "succeeded", connection: { ownerId: "same-org" } });
    });

    it("a session that takes a nonce first does not stop another session's attempt with it", async () => {
      const nonce = freshNonce();
      const [attacker, victim] = [await session("early-attacker"), await session("late-victim")];
      consentUrl(await authorize(attacker, nonce));
      const victimConsent = consentUrl(await authorize(victim, nonce));
      await callback(victimConsent);
      expect(await outcome(victim, nonce)).toMatchObject({ status: "succeeded", connection: { ownerId: "late-victim" } });
      expect(await outcome(attacker, nonce)).toEqual({ status: "pending" });
    });

    it("another session's nonce answers exactly like an unknown one, and GET/DELETE leave the victim's attempt alone", async () => {
      const nonce = freshNonce();
      const [victim, attacker] = [await session("probed-victim"), await session("prober")];
      const victimConsent = consentUrl(await authorize(victim, nonce));

      const [probed, unknown] = [await attempt(attacker, nonce), await attempt(attacker, freshNonce())];
      expect(probed.status).toBe(404);
      expect([probed.status, await probed.text()]).toEqual([unknown.status, await unknown.text()]);
      expect((await attempt(attacker, nonce, { method: "DELETE" })).status).toBe(204);
      expect(await outcome(victim, nonce)).toEqual({ status: "pending" });

      // The attacker's own attempt under the nonce, cancelled, cancels nothing of the victim's.
      consentUrl(await authorize(attacker, nonce));
      expect((await attempt(attacker, nonce, { method: "DELETE" })).status).toBe(204);
      expect(await outcome(attacker, nonce)).toEqual({ status: "cancelled" });
      expect(await outcome(victim, nonce)).toEqual({ status: "pending" });

      await callback(victimConsent);
      expect(await outcome(victim, nonce)).toMatchObject({ status: "succeeded", connection: { ownerId: "probed-victim" } });
    });

    it("a long-poll is not answered by another session's attempt with the same nonce", async () => {
      const nonce = freshNonce();
      const [waiter, other] = [await session("waiting-org"), await session("other-org")];
      consentUrl(await authorize(waiter, nonce));
      const otherConsent = consentUrl(await authorize(other, nonce));
      const poll = attempt(waiter, nonce, {}, 1);
      await callback(otherConsent);
      expect(await (await poll).json()).toEqual({ status: "pending" });
    });

    it("one session still cannot start two attempts with one nonce", async () => {
      const nonce = freshNonce();
      const sessionToken = await session("reusing-org");
      consentUrl(await authorize(sessionToken, nonce));
      const again = await authorize(sessionToken, nonce);
      expect(again.status).toBe(400);
      expect(await again.text()).toContain("already started");
    });
  });
});
