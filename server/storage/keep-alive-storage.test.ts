import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import type { Db } from "./database";
import { dueForKeepAlive, keepAliveCounts } from "./keep-alive-repo";
import { migrateToLatest, StaticMigrations } from "./migrations";

// Migration 010 (last_refreshed_at, last_error) on a database with connections, and the keep-alive's reads, on
// both databases: the same SQL must order "never refreshed" first and count on each.
const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];
const DAY = 86_400_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration, untyped on purpose
type AnyDb = Kysely<any>;

describe.each(DATABASES)("keep-alive storage on $name", ({ postgres }) => {
  let server: TempPostgres | undefined;
  let dir: string;
  let db: AnyDb;

  const row = (id: string, fields: Record<string, unknown>) => ({
    id,
    connector_id: "exact-online",
    owner_id: `org_${id}`,
    region: "nl",
    division: 1,
    division_name: "Division",
    provider_user_id: "user",
    status: "connected",
    tokens: "jwe",
    access_token_expires_at: 1_000,
    refresh_token_expires_at: 30 * DAY,
    refresh_lock_until: null,
    granted_operations: "[]",
    missing_operations: "[]",
    created_at: 0,
    updated_at: 0,
    ...fields,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-keep-alive-"));
    server = postgres ? startTempPostgres(await freePort()) : undefined;
    db = new Kysely({
      dialect: server ? new PostgresDialect({ pool: new pg.Pool({ connectionString: server.url }) }) : new SqliteDialect({ database: new SQLite(join(dir, "morph.db")) }),
    });
    const before = await new Migrator({ db, provider: new StaticMigrations() }).migrateTo("2026_12_03_009_connection_resource");
    if (before.error) throw before.error;
    // Made before the upgrade: its pair was issued on day 5 (its refresh token lapses on day 35).
    await db.insertInto("connections").values(row("old", { refresh_token_expires_at: 35 * DAY })).execute();
    await migrateToLatest(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes a connection made before the upgrade as refreshed when its pair was issued", async () => {
    const upgraded = await db.selectFrom("connections").select(["last_refreshed_at", "last_error"]).where("id", "=", "old").executeTakeFirstOrThrow();
    expect(Number(upgraded.last_refreshed_at)).toBe(5 * DAY);
    expect(upgraded.last_error).toBeNull();
  });

  it("reads the due connections, never refreshed first, and counts the connected and the urgent", async () => {
    await db
      .insertInto("connections")
      .values([
        row("never", { last_refreshed_at: null }),
        row("day2", { last_refreshed_at: 2 * DAY }),
        row("day9", { last_refreshed_at: 9.5 * DAY }), // refreshed less than a day ago
        row("fresh", { last_refreshed_at: 9 * DAY, access_token_expires_at: 20 * DAY }), // its access token still valid
        row("leased", { last_refreshed_at: 1 * DAY, refresh_lock_until: 50 * DAY }),
        row("reauth", { last_refreshed_at: 1 * DAY, status: "needs_reauth" }),
      ])
      .execute();
    const now = 10 * DAY;
    const due = await dueForKeepAlive(db as Db, { refreshedBefore: now - DAY, refreshableBy: now + 30_000, now, limit: 10 });
    expect(due).toEqual(["never", "day2", "old"]);
    expect(await dueForKeepAlive(db as Db, { refreshedBefore: now - DAY, refreshableBy: now + 30_000, now, limit: 2 })).toEqual(["never", "day2"]);
    // Connected: old, never, day2, day9, fresh, leased (not reauth); refreshed on day 2 or before: day2, leased.
    expect(await keepAliveCounts(db as Db, 2 * DAY)).toEqual({ connected: 6, urgent: 2 });
    expect(await keepAliveCounts(db as Db, 0)).toEqual({ connected: 6, urgent: 0 });
  });
});
