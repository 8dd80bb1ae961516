import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "./migrations";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

// PostgreSQL returns bigint (int8) as a string to avoid precision loss; our bigints are epoch
// milliseconds, far below 2^53, so numbers are safe and keep one code path for both databases.
pg.types.setTypeParser(20, (value) => Number(value));

/** Opens SQLite (`file:…`) or PostgreSQL (`postgres://…`) and runs the migrations. */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  const db = new Kysely<Database>({ dialect: dialectFor(databaseUrl) });
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused (all calls are synchronous),
 * and the server runs a handful of distinct queries, so each is prepared once.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size < 500) statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function dialectFor(databaseUrl: string) {
  if (databaseUrl.startsWith("file:")) {
    const path = databaseUrl.slice("file:".length);
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new SQLite(path);
    // WAL lets readers run while a writer commits; busy_timeout makes a second process wait for a lock
    // instead of failing with SQLITE_BUSY.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    return new SqliteDialect({ database: withStatementCache(sqlite) });
  }
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 10 }) });
}
