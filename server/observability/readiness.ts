import type { Handler } from "hono";
import { Migrator } from "kysely";
import { MorphError } from "../errors";
import type { Db } from "../storage/database";
import { StaticMigrations } from "../storage/migrations";
import { logger } from "./logger";

/**
 * `GET /ready`: 200 only when the database answers and every migration this build knows is applied (a
 * new version started against a database that another instance has not migrated yet, or one that lost
 * its connection, is not ready). `GET /health` stays the liveness answer: the process runs.
 */
export function readinessHandler(db: Db): Handler {
  return async (c) => {
    const reason = await notReadyBecause(db);
    if (reason) throw new MorphError("UNAVAILABLE", `Not ready: ${reason.message}`, { reason: reason.code });
    return c.json({ ok: true });
  };
}

async function notReadyBecause(db: Db): Promise<{ code: "database_unreachable" | "migrations_pending"; message: string } | undefined> {
  let migrations;
  try {
    // Reads the migration table (creates nothing): also the database round trip that proves it answers.
    migrations = await new Migrator({ db, provider: new StaticMigrations() }).getMigrations();
  } catch (error) {
    // The driver's words stay in the log: the probe's answer is public.
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "readiness: the database does not answer");
    return { code: "database_unreachable", message: "the database does not answer." };
  }
  const pending = migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
  if (pending.length > 0) return { code: "migrations_pending", message: `${pending.length} database migration(s) not applied: ${pending.join(", ")}.` };
  return undefined;
}
