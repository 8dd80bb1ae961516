// Starts the real server (server/main.ts) for Playwright with a fresh database and known keys.
// `--coop` starts the second instance, whose sandbox consent page sends Cross-Origin-Opener-Policy.
import { rmSync } from "node:fs";
import { E2E } from "./constants";

const coop = process.argv.includes("--coop");
const port = coop ? E2E.coopServerPort : E2E.serverPort;
const dataDir = `test-results/e2e-data-${port}`;
rmSync(dataDir, { recursive: true, force: true });
Object.assign(process.env, {
  PORT: String(port),
  SANDBOX_COOP: coop ? "1" : "0",
  MORPH_PUBLIC_URL: `http://localhost:${port}`,
  MORPH_ALLOWED_ORIGINS: `http://localhost:${port},${E2E.hostUrl}`,
  MORPH_SECRET_KEY: E2E.secretKey,
  MORPH_SIGNING_KEY: E2E.signingKey,
  MORPH_ENCRYPTION_KEY: E2E.encryptionKey,
  DATABASE_URL: `file:./${dataDir}/morph.db`,
});
await import("../../server/main");
