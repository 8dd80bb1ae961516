import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { migrateToLatest, StaticMigrations } from "./migrations";

// Issue 14, finding 14: migration 007 moves the nonce's uniqueness from the column to (session_jti, nonce).
// SQLite rebuilds the table for it, so attempts stored before the upgrade must survive it.
const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration, untyped on purpose
type AnyDb = Kysely<any>;

describe.each(DATABASES)("oauth_states nonce per session: upgrading on $name", ({ postgres }) => {
  let server: TempPostgres | undefined;
  let dir: string;
  let db: AnyDb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-migrate-"));
    server = postgres ? startTempPostgres(await freePort()) : undefined;
    db = new Kysely({
      dialect: server ? new PostgresDialect({ pool: new pg.Pool({ connectionString: server.url }) }) : new SqliteDialect({ database: new SQLite(join(dir, "morph.db")) }),
    });
    const before = await new Migrator({ db, provider: new StaticMigrations() }).migrateTo("2026_11_22_005_exact_events");
    if (before.error) throw before.error;
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const attempt = (stateHash: string, sessionJti: string, nonce: string) => ({
    state_hash: stateHash,
    nonce,
    session_jti: sessionJti,
    connector_id: "exact-online",
    owner_id: "org_upgrade",
    region: "nl",
    origin: "http://app.test:3000",
    operations: "[]",
    status: "pending",
    outcome: null,
    expires_at: 2_000_000_000_000,
    created_at: 1_000_000_000_000,
  });

  it("keeps stored attempts, and then allows one nonce per session instead of one overall", async () => {
    await db.insertInto("oauth_states").values([attempt("hash-1", "jti-a", "nonce-upgrade-0001"), attempt("hash-2", "jti-b", "nonce-upgrade-0002")]).execute();
    await expect(db.insertInto("oauth_states").values(attempt("hash-3", "jti-c", "nonce-upgrade-0001")).execute()).rejects.toThrow(/unique|duplicate/i);

    await migrateToLatest(db);

    const rows = await db.selectFrom("oauth_states").select(["state_hash", "session_jti", "nonce", "expires_at"]).orderBy("state_hash").execute();
    expect(rows.map((row) => ({ ...row, expires_at: Number(row.expires_at) }))).toEqual([
      { state_hash: "hash-1", session_jti: "jti-a", nonce: "nonce-upgrade-0001", expires_at: 2_000_000_000_000 },
      { state_hash: "hash-2", session_jti: "jti-b", nonce: "nonce-upgrade-0002", expires_at: 2_000_000_000_000 },
    ]);
    await db.insertInto("oauth_states").values(attempt("hash-3", "jti-c", "nonce-upgrade-0001")).execute();
    await expect(db.insertInto("oauth_states").values(attempt("hash-4", "jti-a", "nonce-upgrade-0001")).execute()).rejects.toThrow(/unique|duplicate/i);
  });

  it("keeps the expiry index that the clean-up uses", async () => {
    const names = postgres
      ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'oauth_states'`.execute(db)).rows
      : (await sql<{ name: string }>`select name from pragma_index_list('oauth_states')`.execute(db)).rows;
    expect(names.map((row) => row.name)).toEqual(expect.arrayContaining(["oauth_states_expires_idx", "oauth_states_session_nonce_unique"]));
  });
});
