/**
 * The document of a server built as `npm run server` would build it, without serving it: for the lint
 * script and the tests. A throw-away SQLite file (nothing is read from it); MORPH_CUSTOM_MODELS is honoured.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../app";
import { loadConfig } from "../config";
import { createContext } from "../context";
import { openDatabase } from "../storage/database";
import type { OpenApiDocument } from "./document";
import { openApiDocumentOf } from "./routes";

export async function standaloneDocument(env: Record<string, string | undefined> = {}): Promise<OpenApiDocument> {
  const dataDir = mkdtempSync(join(tmpdir(), "morph-openapi-"));
  try {
    const config = loadConfig({
      DATABASE_URL: `file:${join(dataDir, "morph.db")}`,
      MORPH_SECRET_KEY: "sk_openapi_document_only_0123456789",
      MORPH_SIGNING_KEY: Buffer.alloc(32, 1).toString("base64"),
      MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString("base64"),
      ...env,
    });
    const db = await openDatabase(config.databaseUrl);
    try {
      const ctx = createContext(config, db);
      return await openApiDocumentOf(createApp(ctx), ctx);
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
