import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import pg from "pg";
import { MorphError } from "../errors";
import { migrateToLatest } from "./migrations";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

// PostgreSQL returns bigint (int8) as a string to avoid precision loss; our bigints are epoch
// milliseconds, far below 2^53, so numbers are safe and keep one code path for both databases.
pg.types.setTypeParser(20, (value) => Number(value));

export interface DatabaseOptions {
  /** SQLite: how long a statement keeps retrying (asynchronously) while another process holds the write lock, before 503 UNAVAILABLE. */
  busyWaitMs?: number;
}

/**
 * SQLite's own busy handler sleeps inside the synchronous better-sqlite3 call, that is on the event loop:
 * with a 5 s busy_timeout one locked write froze every request of the process for 5 s. So SQLite waits
 * only briefly itself, and the retries happen between turns of the event loop.
 */
const SQLITE_BUSY_TIMEOUT_MS = 10;
const DEFAULT_BUSY_WAIT_MS = 2_000;

/** Opens SQLite (`file:…`) or PostgreSQL (`postgres://…`) and runs the migrations. */
export async function openDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<Db> {
  const db = new Kysely<Database>({ dialect: dialectFor(databaseUrl, options) });
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

function dialectFor(databaseUrl: string, options: DatabaseOptions): Dialect {
  if (databaseUrl.startsWith("file:")) {
    const path = databaseUrl.slice("file:".length);
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new SQLite(path);
    // WAL lets readers run while a writer commits. A second process's write lock: a short wait inside
    // SQLite, then asynchronous retries (busyRetrying), then 503 UNAVAILABLE.
    sqlite.pragma("journal_mode = WAL");
    // WAL's recommended level: a commit survives the process being killed; only a power loss or an OS
    // crash can undo the last commits (never corrupt the file). FULL syncs on every commit, and every
    // Exact notification is a commit of its own: the webhook bench took about 300 instead of 400 a second.
    // A notification lost that way is still caught by the poller.
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return busyRetrying(new SqliteDialect({ database: withStatementCache(sqlite) }), options.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS);
  }
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 10 }) });
}

const isBusy = (error: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown })?.code ?? ""));

export const databaseBusy = () =>
  new MorphError("UNAVAILABLE", "The database is busy (another process holds its write lock); try again in a moment.", undefined, {
    "retry-after": "1",
  });

/** Wraps a dialect so that a statement refused with SQLITE_BUSY is retried with back-off, off the event loop, until `waitMs`. */
function busyRetrying(dialect: Dialect, waitMs: number): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => new BusyRetryDriver(dialect.createDriver(), waitMs),
  };
}

class BusyRetryConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly waitMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const giveUpAt = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (Date.now() >= giveUpAt) throw databaseBusy();
        await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class BusyRetryDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly waitMs: number,
  ) {}

  init = () => this.inner.init();
  destroy = () => this.inner.destroy();
  acquireConnection = async () => new BusyRetryConnection(await this.inner.acquireConnection(), this.waitMs);
  releaseConnection = (connection: DatabaseConnection) => this.inner.releaseConnection(unwrap(connection));
  // The inner driver runs BEGIN/COMMIT/ROLLBACK through the connection it is given: ours, so they retry too.
  beginTransaction = (connection: DatabaseConnection, settings: TransactionSettings) => this.inner.beginTransaction(connection, settings);
  commitTransaction = (connection: DatabaseConnection) => this.inner.commitTransaction(connection);
  rollbackTransaction = (connection: DatabaseConnection) => this.inner.rollbackTransaction(connection);
}

const unwrap = (connection: DatabaseConnection) => (connection instanceof BusyRetryConnection ? connection.inner : connection);
