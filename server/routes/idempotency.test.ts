import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_idempotent";
type Answer = { status: number; replayed: string | null; body: { data?: { id: string; name: string }; error?: { code: string; details?: Record<string, unknown> } } };

function suite(name: string, start: () => Promise<{ server: TestServer; stop?: () => void }>) {
  describe(name, () => {
    let server: TestServer;
    let stop: (() => void) | undefined;
    beforeAll(async () => {
      ({ server, stop } = await start());
      await server.connect(OWNER, ["genericCompany::create", "genericCompany::retrieve"]);
      await server.connect("org_other", ["genericCompany::create"]);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      stop?.();
    });

    const create = async (body: unknown, key?: string, ownerId = OWNER): Promise<Answer> => {
      const response = await server.backend("/v1/resources/genericCompany", {
        method: "POST",
        ownerId,
        headers: key === undefined ? {} : { "idempotency-key": key },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: response.status, replayed: response.headers.get("idempotent-replayed"), body: (await response.json()) as Answer["body"] };
    };
    const exactCalls = () => server.sandbox.control.stats().restCalls;

    it("a retry with the same key gets the first answer and never reaches Exact", async () => {
      const before = exactCalls();
      const first = await create({ name: "Bakkerij Eenmaal", email: "een@example.nl" }, "key-retry-0001");
      expect(first.status).toBe(201);
      expect(first.replayed).toBeNull();
      const afterFirst = exactCalls();
      expect(afterFirst).toBeGreaterThan(before);

      // Same request, keys in another order: the same request.
      const retry = await create({ email: "een@example.nl", name: "Bakkerij Eenmaal" }, "key-retry-0001");
      expect(retry.status).toBe(201);
      expect(retry.replayed).toBe("true");
      expect(retry.body).toEqual(first.body);
      expect(exactCalls()).toBe(afterFirst);
    });

    it("the same key with a different body is 409 IDEMPOTENCY_CONFLICT, without calling Exact", async () => {
      await create({ name: "Bakkerij Tweemaal" }, "key-conflict-01");
      const before = exactCalls();
      const other = await create({ name: "Bakkerij Anders" }, "key-conflict-01");
      expect(other.status).toBe(409);
      expect(other.body.error).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", details: { field: "Idempotency-Key" } });
      expect(exactCalls()).toBe(before);
    });

    it("keys are per owner", async () => {
      const mine = await create({ name: "Eigen Zaak" }, "key-shared-0001");
      const theirs = await create({ name: "Eigen Zaak" }, "key-shared-0001", "org_other");
      expect(mine.status).toBe(201);
      expect(theirs.status).toBe(201);
      expect(theirs.replayed).toBeNull();
      expect(theirs.body.data!.id).not.toBe(mine.body.data!.id);
    });

    it("simultaneous requests with one key create one record", async () => {
      const before = exactCalls();
      const answers = await Promise.all(Array.from({ length: 8 }, () => create({ name: "Gelijktijdig BV" }, "key-burst-00001")));
      const burstCalls = exactCalls() - before;
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((a) => a.body.data!.id)).size).toBe(1);
      for (const answer of answers) if (answer.status !== 201) expect(answer.body.error).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", details: { reason: "in_progress" } });
      const replay = await create({ name: "Gelijktijdig BV" }, "key-burst-00001");
      expect(replay.replayed).toBe("true");
      expect(replay.body.data!.id).toBe(created[0]!.body.data!.id);
      // The burst cost Exact exactly what one create costs.
      const beforeOne = exactCalls();
      expect((await create({ name: "Referentie BV" }, "key-reference-1")).status).toBe(201);
      expect(burstCalls).toBe(exactCalls() - beforeOne);
    });

    it("a refused request (4xx) is not kept: the corrected retry with the key runs", async () => {
      const invalid = await create({ email: "geen-naam@example.nl" }, "key-fixed-00001");
      expect(invalid.status).toBe(400);
      const fixed = await create({ name: "Nu Met Naam", email: "geen-naam@example.nl" }, "key-fixed-00001");
      expect(fixed.status).toBe(201);
      expect(fixed.replayed).toBeNull();
    });

    it("a key is kept 24 hours", async () => {
      const first = await create({ name: "Dagelijks BV" }, "key-expiry-0001");
      server.clock.advance(23 * 3600_000);
      try {
        expect((await create({ name: "Dagelijks BV" }, "key-expiry-0001")).replayed).toBe("true");
      } finally {
        server.clock.advance(-23 * 3600_000);
      }
      server.clock.advance(24 * 3600_000 + 1000);
      try {
        const later = await create({ name: "Dagelijks BV" }, "key-expiry-0001");
        expect(later.status).toBe(201);
        expect(later.replayed).toBeNull();
        expect(later.body.data!.id).not.toBe(first.body.data!.id);
      } finally {
        server.clock.advance(-(24 * 3600_000 + 1000));
      }
    });

    it.each(["", "x".repeat(256), "has space", "tab\there", "ünïcode"])("an invalid key %j is 400 VALIDATION_ERROR", async (key) => {
      const before = exactCalls();
      const response = await server.backend("/v1/resources/genericCompany", {
        method: "POST",
        ownerId: OWNER,
        headers: { "idempotency-key": key },
        body: JSON.stringify({ name: "Nooit" }),
      }).catch(() => undefined);
      // fetch's Headers refuse some of these outright; those never reach the server at all.
      if (response) {
        expect(response.status).toBe(400);
        expect(((await response.json()) as Answer["body"]).error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "Idempotency-Key" } });
      }
      expect(exactCalls()).toBe(before);
    });

    it("without a key, two creates are two records", async () => {
      const one = await create({ name: "Zonder Sleutel" });
      const two = await create({ name: "Zonder Sleutel" });
      expect(one.status).toBe(201);
      expect(two.status).toBe(201);
      expect(two.body.data!.id).not.toBe(one.body.data!.id);
    });
  });
}


suite("Idempotency-Key on POST /v1/resources/:model (SQLite)", async () => ({ server: await startTestServer({ sandbox: { minutelyLimit: 10_000 } }) }));

if (postgresBinDir()) {
  suite("Idempotency-Key on POST /v1/resources/:model (PostgreSQL)", async () => {
    const pg: TempPostgres = startTempPostgres(await freePort());
    return { server: await startTestServer({ env: { DATABASE_URL: pg.url }, sandbox: { minutelyLimit: 10_000 } }), stop: () => pg.stop() };
  });
}
