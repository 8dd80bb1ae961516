import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { migrateToLatest, StaticMigrations } from "./migrations";

// Issue 18: migration 014 keys the poller's cursors and the record versions by division too (SQLite rebuilds both
// tables). Rows stored before belong to the division their connection had; a connection gone leaves division 0.
const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration, untyped on purpose
type AnyDb = Kysely<any>;

describe.each(DATABASES)("cursors and record versions per division: upgrading on $name", ({ postgres }) => {
  let server: TempPostgres | undefined;
  let dir: string;
  let db: AnyDb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-migrate-"));
    server = postgres ? startTempPostgres(await freePort()) : undefined;
    db = new Kysely({
      dialect: server ? new PostgresDialect({ pool: new pg.Pool({ connectionString: server.url }) }) : new SqliteDialect({ database: new SQLite(join(dir, "morph.db")) }),
    });
    const before = await new Migrator({ db, provider: new StaticMigrations() }).migrateTo("2026_12_03_012_connection_divisions");
    if (before.error) throw before.error;
    await db
      .insertInto("connections")
      .values({
        id: "conn-before",
        connector_id: "exact-online",
        owner_id: "org_before",
        region: "nl",
        division: 2345678,
        division_name: "Vastgoed B.V.",
        provider_user_id: "user-1",
        status: "connected",
        tokens: "jwe-not-really",
        access_token_expires_at: 1,
        refresh_token_expires_at: 1,
        granted_operations: "[]",
        missing_operations: "[]",
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    for (const connection of ["conn-before", "conn-gone"]) {
      await db.insertInto("exact_sync_cursors").values({ connection_id: connection, model: "genericContact", cursor: "42", updated_at: 1 }).execute();
      await db
        .insertInto("exact_record_versions")
        .values({ connection_id: connection, model: "genericContact", record_id: "rec-1", version: "m:1", parent_id: null, deleted: 0, updated_at: 1 })
        .execute();
    }
    await migrateToLatest(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives rows stored before the division of their connection (0 for a connection gone), values unchanged", async () => {
    for (const table of ["exact_sync_cursors", "exact_record_versions"]) {
      const rows = await db.selectFrom(table).select(["connection_id", "division"]).orderBy("connection_id").execute();
      expect(rows.map((r: { connection_id: string; division: unknown }) => [r.connection_id, Number(r.division)]), table).toEqual([
        ["conn-before", 2345678],
        ["conn-gone", 0],
      ]);
    }
    expect(await db.selectFrom("exact_sync_cursors").select("cursor").where("connection_id", "=", "conn-before").executeTakeFirst()).toEqual({ cursor: "42" });
  });

  it("keeps the same record and model apart in two divisions of one connection, and one row per division", async () => {
    const row = { connection_id: "conn-before", division: 1234567, model: "genericContact", record_id: "rec-1", version: "m:2", parent_id: null, deleted: 0, updated_at: 2 };
    await db.insertInto("exact_record_versions").values(row).execute();
    await expect(db.insertInto("exact_record_versions").values(row).execute()).rejects.toThrow();
    await db.insertInto("exact_sync_cursors").values({ connection_id: "conn-before", division: 1234567, model: "genericContact", cursor: "7", updated_at: 2 }).execute();
    expect(await db.selectFrom("exact_record_versions").select("version").where("connection_id", "=", "conn-before").orderBy("division").execute()).toEqual([
      { version: "m:2" },
      { version: "m:1" },
    ]);
  });

  it("stores an event's division", async () => {
    await db
      .insertInto("webhook_events")
      .values({ id: "evt_1", type: "genericContact.created", connector_id: "exact-online", owner_id: "o", connection_id: "c", division: 2345678, model: "genericContact", action: "created", data: "{}", raw: null, created_at: 1 })
      .execute();
    expect(Number((await db.selectFrom("webhook_events").select("division").executeTakeFirstOrThrow()).division)).toBe(2345678);
  });
});
