import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PRODUCTION_ENV } from "./test-support/production-env";

/** `npm run server` as a user runs it: a real process, configured by the environment only. */
function startServer(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

// The process tests fail before opening a database; no PostgreSQL is needed.
const production = PRODUCTION_ENV;

describe("start-up in production mode", () => {
  it("stops with a message naming MORPH_ENCRYPTION_KEY when credentials are set without it", () => {
    const { MORPH_ENCRYPTION_KEY: _omitted, ...env } = production;
    const result = startServer(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("MORPH_ENCRYPTION_KEY");
  });

  it("stops with a message naming MORPH_KEEPALIVE_SECONDS when it is malformed", () => {
    const result = startServer({ ...production, MORPH_KEEPALIVE_SECONDS: "1d" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("MORPH_KEEPALIVE_SECONDS");
  });

  it("stops with a message naming DATABASE_URL when it is malformed", () => {
    const result = startServer({ ...production, DATABASE_URL: "mysql://localhost/morph" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL");
  });
});
