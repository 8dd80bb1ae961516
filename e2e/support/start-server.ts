// Starts the real server (server/main.ts) for Playwright with a fresh database and known keys.
// `--coop` starts the second instance, whose sandbox consent page sends Cross-Origin-Opener-Policy.
// `--port <n>` and `--allow-origin <origin>` start one more instance for a test that brings its own
// host page (the Next.js app, on a port chosen when the test runs).
import { rmSync } from "node:fs";
import { E2E } from "./constants";

const option = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const coop = process.argv.includes("--coop");
const port = Number(option("--port") ?? (coop ? E2E.coopServerPort : E2E.serverPort));
const extraOrigin = option("--allow-origin");
const dataDir = `test-results/e2e-data-${port}`;
rmSync(dataDir, { recursive: true, force: true });
Object.assign(process.env, {
  PORT: String(port),
  SANDBOX_COOP: coop ? "1" : "0",
  MORPH_PUBLIC_URL: `http://localhost:${port}`,
  MORPH_ALLOWED_ORIGINS: [`http://localhost:${port}`, E2E.hostUrl, E2E.react18HostUrl, ...(extraOrigin ? [extraOrigin] : [])].join(","),
  MORPH_SECRET_KEY: E2E.secretKey,
  MORPH_SIGNING_KEY: E2E.signingKey,
  MORPH_ENCRYPTION_KEY: E2E.encryptionKey,
  DATABASE_URL: `file:./${dataDir}/morph.db`,
});
await import("../../server/main");
