import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxFaults } from "../sandbox/faults";
import { findConnection } from "../storage/connections-repo";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, type TestServer } from "../test-support/harness";

// Issue 14 §10: a create whose client went away is never replayed as "client went away".
const OWNER = "org_idempotent_cancel";

function suite(name: string, start: () => Promise<{ server: TestServer; stop?: () => void }>) {
  describe(name, () => {
    let server: TestServer;
    let stop: (() => void) | undefined;
    beforeAll(async () => {
      ({ server, stop } = await start());
      await server.connect(OWNER, ["genericCompany::create", "genericCompany::list"]);
    }, 60_000);
    afterAll(async () => {
      sandboxFaults(server.sandbox).clear();
      await server?.close();
      stop?.();
    });

    const create = async (name: string, key: string, signal?: AbortSignal) => {
      const response = await server.backend("/v1/resources/genericCompany", {
        method: "POST",
        ownerId: OWNER,
        headers: { "idempotency-key": key },
        body: JSON.stringify({ name }),
        signal,
      });
      return { status: response.status, replayed: response.headers.get("idempotent-replayed"), body: (await response.json()) as { data?: { id: string } } };
    };
    const storedKey = (key: string) => server.ctx.db.selectFrom("idempotency_keys").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
    const accountsNamed = async (name: string) => {
      const row = (await findConnection(server.ctx.db, "exact-online", OWNER))!;
      const response = await server.ctx.exact.call(row, { url: "/api/v1/{division}/crm/Accounts", query: { $filter: `Name eq '${name}'`, $select: "ID" } });
      return (response.body as { d: { results: unknown[] } }).d.results.length;
    };
    const until = async (condition: () => boolean) => {
      for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(condition()).toBe(true);
    };

    it("a client that leaves while its create waits in the queue leaves nothing stored: the retry creates once", async () => {
      const faults = sandboxFaults(server.sandbox);
      // One second into Exact's minute, then a 429: the division's budget is spent for 59 s.
      server.clock.advance(60_000 - (server.clock.now() % 60_000) + 1_000);
      const spent = faults.inject({ target: "crm/Accounts", method: "GET", fault: { kind: "rate-limit" }, times: 1 });
      const row = (await findConnection(server.ctx.db, "exact-online", OWNER))!;
      const reader = new AbortController();
      const read = server.ctx.exact.call(row, { url: "/api/v1/{division}/crm/Accounts" }, { signal: reader.signal }).catch(() => undefined);
      await until(() => spent.hits === 1);
      // The sandbox counts the hit before its 429 is back at the client: give the limiter time to learn it, or the
      // abort can come first and the budget never reads as spent (the create then goes straight to Exact).
      await new Promise((resolve) => setTimeout(resolve, 50));
      reader.abort();
      await read;

      const callsBefore = server.sandbox.control.stats().restCalls;
      const client = new AbortController();
      const first = create("Wachtrij Vertrokken BV", "key-left-queued-1", client.signal);
      await new Promise((resolve) => setTimeout(resolve, 100));
      client.abort();
      await first;
      expect(server.sandbox.control.stats().restCalls).toBe(callsBefore); // never reached Exact
      expect(await storedKey("key-left-queued-1")).toBeUndefined();

      server.clock.advance(60_000); // the window turned over
      const retry = await create("Wachtrij Vertrokken BV", "key-left-queued-1");
      expect(retry.status).toBe(201);
      expect(retry.replayed).toBeNull();
      expect(await accountsNamed("Wachtrij Vertrokken BV")).toBe(1);
    });

    it("a client that leaves while its create is at Exact: the create finishes, and the retry replays the record", async () => {
      const slow = sandboxFaults(server.sandbox).inject({ target: "crm/Accounts", method: "POST", fault: { kind: "slow", delayMs: 400 }, times: 1 });
      const client = new AbortController();
      const first = create("Onderweg Vertrokken BV", "key-left-in-flight", client.signal);
      await until(() => slow.hits === 1);
      client.abort();
      await first; // the request runs on without its client

      const retry = await create("Onderweg Vertrokken BV", "key-left-in-flight");
      expect(retry.status).toBe(201);
      expect(retry.replayed).toBe("true");
      expect(retry.body.data?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await accountsNamed("Onderweg Vertrokken BV")).toBe(1);
    });
  });
}

suite("Idempotency-Key and a client that goes away (SQLite)", async () => ({ server: await startTestServer({ sandbox: { minutelyLimit: 10_000 } }) }));

if (postgresBinDir()) {
  suite("Idempotency-Key and a client that goes away (PostgreSQL)", async () => {
    const pg: TempPostgres = startTempPostgres(await freePort());
    return { server: await startTestServer({ env: { DATABASE_URL: pg.url }, sandbox: { minutelyLimit: 10_000 } }), stop: () => pg.stop() };
  });
}
