import { loadConfig } from "../config";
import { openDatabase } from "../storage/database";
import { reencryptAll, type ReencryptCounts } from "./reencrypt";

/**
 * `npm run keys:reencrypt` / `morph-connect-server keys:reencrypt`: configured by the same environment as the
 * server (DATABASE_URL, MORPH_ENCRYPTION_KEY with the new key first). Exit status 0 when every value is under the
 * new key (the old ones may then be removed), 1 when some are not yet (busy rows after every pass, or values
 * under a key that is not configured), 2 on a configuration or database error.
 */
export async function runReencrypt(env: Record<string, string | undefined> = process.env, out: (line: string) => void = console.log): Promise<number> {
  const config = loadConfig(env);
  const db = await openDatabase(config.databaseUrl);
  try {
    out(`Re-encrypting stored tokens and webhook secrets under key ${config.encryptionKey.active.kid} (${config.encryptionKey.all.length} key(s) configured)`);
    const report = await reencryptAll(db, config.encryptionKey, {
      onPass: (pass, { connections, webhookSecrets }) => out(`pass ${pass}: connections ${counts(connections)}; webhook endpoints ${counts(webhookSecrets)}`),
    });
    const { connections, webhookSecrets } = report;
    out(`connections: re-encrypted ${connections.reencrypted}, skipped ${connections.skipped}, already current ${connections.alreadyCurrent}, unreadable ${connections.unreadable}`);
    out(`webhook endpoints: re-encrypted ${webhookSecrets.reencrypted}, skipped ${webhookSecrets.skipped}, already current ${webhookSecrets.alreadyCurrent}, unreadable ${webhookSecrets.unreadable}`);
    if (report.unknownKids.length > 0) {
      out(`Values under keys that are not configured (left untouched): ${report.unknownKids.map((kid) => kid ?? "(no kid: stored before key ids)").join(", ")}`);
    }
    const done = connections.skipped + webhookSecrets.skipped + connections.unreadable + webhookSecrets.unreadable === 0;
    out(done ? "Done: every value is under the first key; the other keys may be removed." : "Not done: run the command again before removing any key.");
    return done ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

const counts = (c: ReencryptCounts) => `${c.reencrypted} re-encrypted, ${c.skipped} skipped, ${c.alreadyCurrent} already current, ${c.unreadable} unreadable`;
