import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { toConnection, toConnectionRecord, toSummary, type ConnectionRow } from "./connections-repo";
import { migrateToLatest, StaticMigrations } from "./migrations";

// Issue 16: migration 009 makes the columns only an authorization fills nullable (SQLite rebuilds the
// table for it) and adds the backend's labels. Connections stored before must come through unchanged.
const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before the migration, untyped on purpose
type AnyDb = Kysely<any>;

describe.each(DATABASES)("connections as a resource: upgrading on $name", ({ postgres }) => {
  let server: TempPostgres | undefined;
  let dir: string;
  let db: AnyDb;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "morph-migrate-"));
    server = postgres ? startTempPostgres(await freePort()) : undefined;
    db = new Kysely({
      dialect: server ? new PostgresDialect({ pool: new pg.Pool({ connectionString: server.url }) }) : new SqliteDialect({ database: new SQLite(join(dir, "morph.db")) }),
    });
    const before = await new Migrator({ db, provider: new StaticMigrations() }).migrateTo("2026_12_03_007_oauth_states_nonce_per_session");
    if (before.error) throw before.error;
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = {
    id: "conn-before",
    connector_id: "exact-online",
    owner_id: "Org_Before",
    region: "nl",
    division: 1234567,
    division_name: "Bakkerij B.V.",
    provider_user_id: "user-1",
    status: "connected",
    tokens: "jwe-not-really",
    access_token_expires_at: 1_700_000_600_000,
    refresh_token_expires_at: 1_702_000_000_000,
    refresh_lock_until: null,
    granted_operations: '["genericContact::list"]',
    missing_operations: "[]",
    field_mapping: '{"genericCompany":{"vatNumber":"VATNumber"}}',
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
  };

  it("keeps a stored connection as it was, with empty labels, its grants as its request, and searchable by owner", async () => {
    await db.insertInto("connections").values(stored).execute();
    await migrateToLatest(db);
    const row = (await db.selectFrom("connections").selectAll().where("id", "=", "conn-before").executeTakeFirstOrThrow()) as ConnectionRow;
    const connection = toConnection(row);
    expect(connection).toMatchObject({
      ownerId: "Org_Before",
      region: "nl",
      division: 1234567,
      encryptedTokens: "jwe-not-really",
      accessTokenExpiresAt: 1_700_000_600_000,
      fieldMapping: { genericCompany: { vatNumber: "VATNumber" } },
      metadata: {},
      tags: [],
      requestedOperations: ["genericContact::list"],
      requestedOptionalOperations: [],
      lastUsedAt: null,
      createdAt: 1_700_000_000_000,
    });
    expect(row.search_text).toBe("org_before");
  });

  it("then stores a pending connection (no region, division, user or tokens), and still one per owner", async () => {
    await db
      .insertInto("connections")
      .values({ id: "conn-pending", connector_id: "exact-online", owner_id: "org_new", status: "pending", granted_operations: "[]", missing_operations: "[]", created_at: 1, updated_at: 1 })
      .execute();
    const row = (await db.selectFrom("connections").selectAll().where("id", "=", "conn-pending").executeTakeFirstOrThrow()) as ConnectionRow;
    expect(toConnectionRecord(row)).toMatchObject({ status: "pending", metadata: {}, tags: [] });
    expect(() => toConnection(row)).toThrow(/pending/);
    await expect(
      db.insertInto("connections").values({ id: "conn-twice", connector_id: "exact-online", owner_id: "org_new", status: "pending", granted_operations: "[]", missing_operations: "[]", created_at: 1, updated_at: 1 }).execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("has the listing's index", async () => {
    const names = postgres
      ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'connections'`.execute(db)).rows
      : (await sql<{ name: string }>`select name from pragma_index_list('connections')`.execute(db)).rows;
    expect(names.map((row) => row.name)).toEqual(expect.arrayContaining(["connections_created_idx"]));
  });
});

describe("the summary's health fields", () => {
  it("reads lastRefreshedAt and lastError ({ code, message, at }) from their columns", () => {
    const base = {
      id: "c",
      connector_id: "exact-online",
      owner_id: "o",
      region: "nl",
      division: 1,
      division_name: "d",
      provider_user_id: "u",
      status: "needs_reauth",
      tokens: "t",
      access_token_expires_at: 1,
      refresh_token_expires_at: 2,
      refresh_lock_until: null,
      granted_operations: "[]",
      missing_operations: "[]",
      field_mapping: "{}",
      requested_operations: "[]",
      requested_optional_operations: "[]",
      metadata: '{"plan":"trial"}',
      tags: '["vip"]',
      search_text: "o\ntrial",
      last_used_at: 1_700_000_060_000,
      divisions: "[]",
      created_at: 1,
      updated_at: 1,
    };
    const at = "2026-12-03T10:00:00.000Z";
    const connection = toConnection({ ...base, last_refreshed_at: 1_700_000_000_000, last_error: JSON.stringify({ code: "NEEDS_REAUTH", message: "refused", at }) });
    expect(connection).toMatchObject({ lastRefreshedAt: 1_700_000_000_000, lastError: { code: "NEEDS_REAUTH", message: "refused", at: Date.parse(at) }, lastUsedAt: 1_700_000_060_000 });
    expect(toSummary(connection)).toMatchObject({
      metadata: { plan: "trial" },
      tags: ["vip"],
      lastUsedAt: "2023-11-14T22:14:20.000Z",
      lastRefreshedAt: "2023-11-14T22:13:20.000Z",
      lastError: { code: "NEEDS_REAUTH", message: "refused", at },
    });
    expect(toConnection({ ...base, last_refreshed_at: null, last_error: null })).toMatchObject({ lastRefreshedAt: null, lastError: null });
  });
});
