/**
 * Issue 14, findings 7, 9 and 12, against the real server in production mode (no private webhook targets)
 * on SQLite and, where its binaries are installed, PostgreSQL: webhook URLs that reach inside by an
 * unusual spelling of a private address, URLs that grow past the limit once normalised, and control
 * characters in each text field of an endpoint. Each must be a 400 VALIDATION_ERROR naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedLookup } from "../webhooks/target-url";
import { isPrivateAddress } from "../webhooks/private-address";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, type TestServer } from "../test-support/harness";

/** Private, loopback, reserved or documentation addresses, as literals in a URL's host. */
const REFUSED_HOSTS = [
  // issue 14's gaps
  "[::127.0.0.1]",
  "[::ffff:0:127.0.0.1]",
  "[64:ff9b:1::7f00:1]",
  "[2002:7f00:1::]",
  "[fec0::1]",
  "[100::1]",
  "192.0.2.1",
  "198.51.100.7",
  "203.0.113.9",
  // Teredo: a client address of 127.0.0.1 (inverted), and RFC 4380's example (client 192.0.2.45)
  "[2001:0:4136:e378::80ff:fffe]",
  "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
  "[64:ff9b:1:7f00:0:100:808:808]", // local-use NAT64: 8.8.8.8 as a /96 would carry it, 127.0.0.1 as a /48 would
  "[2001:db8::1]",
  // the cases refused before
  "127.0.0.1",
  "127.9.9.9",
  "10.0.0.1",
  "172.16.0.1",
  "192.168.0.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "224.0.0.1",
  "255.255.255.255",
  "[::1]",
  "[::]",
  "[fe80::1]",
  "[fd00::1]",
  "[::ffff:127.0.0.1]",
  "[::ffff:7f00:1]",
  "[64:ff9b::a00:1]",
  "localhost",
  "localhost.",
  "api.localhost",
  "2130706433",
  "0x7f.1",
];

/** Public addresses, also when carried inside IPv6 (NAT64, 6to4, mapped): a receiver may be one. */
const ACCEPTED_HOSTS = ["hooks.example.com", "93.184.215.14", "8.8.8.8", "[2606:4700::1111]", "[::ffff:8.8.8.8]", "[64:ff9b::808:808]", "[2002:808:808::1]"];

/** Text that percent-encoding makes longer than 2,048 characters, each part under the limit as typed. */
const GROWING_URLS = [
  `https://hooks.example.com/${"é".repeat(1000)}`, // 1,026 characters typed, 6,026 sent
  `https://hooks.example.com/in?q=${"é".repeat(400)}`,
  `https://hooks.example.com/in#${"€".repeat(250)}`,
  `https://hooks.example.com/${" ".repeat(700)}x`,
  `https://hooks.example.com/${"<>".repeat(400)}`,
];

const CONTROL_CHARACTERS = ["\u0000", "\u0001", "\u001b", "\u007f"];

const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

describe.each(DATABASES)("webhook endpoint inputs on $name", ({ postgres }) => {
  let pg: TempPostgres | undefined;
  let server: TestServer;
  let existingId: string;

  const post = (body: Record<string, unknown>) => server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify(body) });
  const patch = (body: Record<string, unknown>) => server.backend(`/v1/webhooks/endpoints/${existingId}`, { method: "PATCH", body: JSON.stringify(body) });
  const expectRefused = async (answer: Response, field: string, message?: RegExp) => {
    const body = (await answer.json()) as { error: { code: string; message: string; details?: { field?: string } } };
    expect({ status: answer.status, code: body.error?.code }).toEqual({ status: 400, code: "VALIDATION_ERROR" });
    expect(body.error.details?.field).toBe(field);
    if (message) expect(body.error.message).toMatch(message);
  };

  beforeAll(async () => {
    pg = postgres ? startTempPostgres(await freePort()) : undefined;
    // Exact credentials: production mode, where private webhook targets are refused
    server = await startTestServer({ env: { EXACT_CLIENT_ID: "client", EXACT_CLIENT_SECRET: "secret", ...(pg ? { DATABASE_URL: pg.url } : {}) } });
    const created = await post({ url: "https://hooks.example.com/existing", description: "the one PATCH changes" });
    expect(created.status).toBe(201);
    existingId = ((await created.json()) as { data: { id: string } }).data.id;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  describe("private addresses (SSRF)", () => {
    it.each(REFUSED_HOSTS)("refuses http://%s/ on POST and PATCH", async (host) => {
      await expectRefused(await post({ url: `http://${host}/hooks` }), "url", /private, loopback or link-local/);
      await expectRefused(await patch({ url: `https://${host}:8443/hooks` }), "url", /private, loopback or link-local/);
    });

    it.each(ACCEPTED_HOSTS)("accepts https://%s/", async (host) => {
      const answer = await post({ url: `https://${host}/hooks` });
      expect(answer.status).toBe(201);
      const { data } = (await answer.json()) as { data: { id: string } };
      expect((await server.backend(`/v1/webhooks/endpoints/${data.id}`, { method: "DELETE" })).status).toBe(204);
    });

    it("classifies resolved addresses the same way at delivery, and names none in the error", async () => {
      for (const address of ["::7f00:1", "::ffff:0:7f00:1", "64:ff9b:1::7f00:1", "2002:7f00:1::", "fec0::1", "100::1", "192.0.2.1", "198.51.100.1", "203.0.113.1", "2001:0:4136:e378::80ff:fffe"]) {
        expect(isPrivateAddress(address), address).toBe(true);
      }
      for (const address of ["8.8.8.8", "2606:4700::1111", "::ffff:808:808", "64:ff9b::808:808", "2002:808:808::"]) expect(isPrivateAddress(address), address).toBe(false);
      const error = await new Promise<Error | null>((resolve) => guardedLookup("localhost", { all: true }, (e) => resolve(e)));
      expect(error?.message).toBe("private address");
    });
  });

  describe("URL length as sent (2,048 characters once normalised)", () => {
    it.each(GROWING_URLS.map((url) => [url.length, new URL(url).href.length, url] as const))("refuses %i characters that are sent as %i, on POST and PATCH", async (_typed, _sent, url) => {
      await expectRefused(await post({ url }), "url", /2048 characters once normalised/);
      await expectRefused(await patch({ url }), "url", /2048 characters once normalised/);
    });

    it("accepts a URL exactly 2,048 characters long as sent, and stores it as sent", async () => {
      const base = "https://hooks.example.com/";
      const url = `${base}${"é".repeat(337)}${"x".repeat(2048 - base.length - 337 * 6)}`;
      expect(new URL(url).href).toHaveLength(2048);
      const answer = await post({ url });
      expect(answer.status).toBe(201);
      const { data } = (await answer.json()) as { data: { id: string; url: string } };
      expect(data.url).toBe(new URL(url).href);
      await server.backend(`/v1/webhooks/endpoints/${data.id}`, { method: "DELETE" });
      await expectRefused(await post({ url: `${url}x` }), "url", /2048/);
    });
  });

  describe("control characters in text fields", () => {
    const fields = (c: string) =>
      [
        ["url", { url: `https://hooks.example.com/in${c}x` }, "url"],
        ["events", { events: [`genericContact.created${c}`] }, "events.0"],
        ["ownerId", { ownerId: `org${c}1` }, "ownerId"],
        ["description", { description: `billing${c}hooks` }, "description"],
      ] as const;

    it.each(CONTROL_CHARACTERS.flatMap((c) => fields(c).map(([name, body, field]) => [name, `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`, body, field] as const)))(
      "refuses %s containing %s on POST and PATCH",
      async (_name, _char, body, field) => {
        await expectRefused(await post({ url: "https://hooks.example.com/in", ...body }), field, /control characters|visible ASCII/);
        await expectRefused(await patch(body), field, /control characters|visible ASCII/);
      },
    );

    it("keeps line breaks and tabs in a description, and the endpoint unchanged after a refused PATCH", async () => {
      const answer = await patch({ description: "line one\nline two\r\n\tindented" });
      expect(answer.status).toBe(200);
      expect((await answer.json()) as unknown).toMatchObject({ data: { description: "line one\nline two\r\n\tindented", url: "https://hooks.example.com/existing" } });
      await expectRefused(await patch({ description: "a\u0000b", url: "https://hooks.example.com/other" }), "description");
      expect((await (await server.backend(`/v1/webhooks/endpoints/${existingId}`)).json()) as unknown).toMatchObject({ data: { url: "https://hooks.example.com/existing" } });
    });
  });
});
