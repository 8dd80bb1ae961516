// Starts the real server (server/main.ts) for Playwright with a fresh database and known keys.
import { rmSync } from "node:fs";
import { E2E } from "./constants";

rmSync("test-results/e2e-data", { recursive: true, force: true });
Object.assign(process.env, {
  PORT: String(E2E.serverPort),
  MORPH_PUBLIC_URL: E2E.serverUrl,
  MORPH_ALLOWED_ORIGINS: `${E2E.serverUrl},${E2E.hostUrl}`,
  MORPH_SECRET_KEY: E2E.secretKey,
  MORPH_SIGNING_KEY: E2E.signingKey,
  MORPH_ENCRYPTION_KEY: E2E.encryptionKey,
  DATABASE_URL: "file:./test-results/e2e-data/morph.db",
});
await import("../../server/main");
