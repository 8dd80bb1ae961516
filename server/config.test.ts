import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";
import { PRODUCTION_ENV } from "./test-support/production-env";

const production = PRODUCTION_ENV;

function failure(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("accepts a complete production configuration", () => {
    const config = loadConfig(production);
    expect(config.sandbox).toBe(false);
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.allowedOrigins).toEqual(["https://connect.example.com"]);
  });

  it("reads comma-separated key lists: the first key active, every key accepted, each checked on its own", () => {
    const second = Buffer.alloc(32, 3).toString("base64");
    const config = loadConfig({ ...production, MORPH_ENCRYPTION_KEY: `${second}, ${production.MORPH_ENCRYPTION_KEY}`, MORPH_SIGNING_KEY: `${second},${production.MORPH_SIGNING_KEY}` });
    expect(config.encryptionKey.all).toHaveLength(2);
    expect(Buffer.from(config.encryptionKey).equals(Buffer.alloc(32, 3))).toBe(true);
    expect(config.signingKey.all).toHaveLength(2);
    expect(loadConfig({ ...production, MORPH_SECRET_KEY: `${production.MORPH_SECRET_KEY},sk_next_0123456789abcdefghij` }).secretKey.split(",")).toHaveLength(2);

    const short = failure({ ...production, MORPH_ENCRYPTION_KEY: `${second},${Buffer.alloc(16, 1).toString("base64")}` });
    expect(short.variable).toBe("MORPH_ENCRYPTION_KEY");
    expect(short.message).toContain("key 2 of 2");
    expect(short.message).not.toContain(second);
    expect(failure({ ...production, MORPH_ENCRYPTION_KEY: `${second},` }).message).toContain("empty key");
    const shortSecret = failure({ ...production, MORPH_SECRET_KEY: `${production.MORPH_SECRET_KEY},too-short` });
    expect(shortSecret.variable).toBe("MORPH_SECRET_KEY");
    expect(shortSecret.message).toContain("key 2 of 2 must be at least 24 characters");
  });

  it("names the missing encryption key in production", () => {
    const error = failure({ ...production, MORPH_ENCRYPTION_KEY: undefined });
    expect(error.variable).toBe("MORPH_ENCRYPTION_KEY");
    expect(error.message).toContain("MORPH_ENCRYPTION_KEY");
  });

  it("polls every 15 minutes unless MORPH_POLL_INTERVAL_SECONDS says otherwise, and names a bad value", () => {
    expect(loadConfig(production).pollIntervalMs).toBe(900_000);
    expect(loadConfig({ ...production, MORPH_POLL_INTERVAL_SECONDS: "60" }).pollIntervalMs).toBe(60_000);
    for (const bad of ["0", "1.5", "soon", "86401"]) expect(failure({ ...production, MORPH_POLL_INTERVAL_SECONDS: bad }).variable).toBe("MORPH_POLL_INTERVAL_SECONDS");
  });

  it("keeps idle connections alive daily unless MORPH_KEEPALIVE_SECONDS says otherwise, and names a bad value", () => {
    expect(loadConfig(production).keepAliveMs).toBe(86_400_000);
    expect(loadConfig({ ...production, MORPH_KEEPALIVE_SECONDS: "3600" }).keepAliveMs).toBe(3_600_000);
    for (const bad of ["0", "60", "1.5", "daily", "-1", "604801"]) {
      const error = failure({ ...production, MORPH_KEEPALIVE_SECONDS: bad });
      expect(error.variable).toBe("MORPH_KEEPALIVE_SECONDS");
      expect(error.message).toContain("MORPH_KEEPALIVE_SECONDS");
    }
    // Against the sandbox a test may shorten it to seconds.
    const dataDir = mkdtempSync(join(tmpdir(), "morph-config-"));
    expect(loadConfig({ DATABASE_URL: `file:${join(dataDir, "morph.db")}`, MORPH_KEEPALIVE_SECONDS: "5" }).keepAliveMs).toBe(5_000);
  });

  it("allows private webhook addresses in sandbox mode, in production only with MORPH_WEBHOOK_ALLOW_PRIVATE_URLS", () => {
    expect(loadConfig(production).webhookAllowPrivateUrls).toBe(false);
    expect(loadConfig({ ...production, MORPH_WEBHOOK_ALLOW_PRIVATE_URLS: "1" }).webhookAllowPrivateUrls).toBe(true);
    expect(loadConfig({ ...production, MORPH_WEBHOOK_ALLOW_PRIVATE_URLS: "false" }).webhookAllowPrivateUrls).toBe(false);
    const dataDir = mkdtempSync(join(tmpdir(), "morph-config-"));
    expect(loadConfig({ DATABASE_URL: `file:${join(dataDir, "morph.db")}` }).webhookAllowPrivateUrls).toBe(true);
    const error = failure({ ...production, MORPH_WEBHOOK_ALLOW_PRIVATE_URLS: "yes please" });
    expect(error.variable).toBe("MORPH_WEBHOOK_ALLOW_PRIVATE_URLS");
    expect(error.message).toContain("must be 1 (true) or 0 (false)");
  });

  it("logs at info unless LOG_LEVEL says otherwise, and names a bad level", () => {
    expect(loadConfig(production).logLevel).toBe("info");
    expect(loadConfig({ ...production, LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(loadConfig({ ...production, LOG_LEVEL: "SILENT" }).logLevel).toBe("silent");
    expect(failure({ ...production, LOG_LEVEL: "verbose" }).message).toContain("LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent");
  });

  it("takes MORPH_METRICS_TOKEN only when it is long enough", () => {
    expect(loadConfig(production).metricsToken).toBeUndefined();
    expect(loadConfig({ ...production, MORPH_METRICS_TOKEN: "m".repeat(24) }).metricsToken).toBe("m".repeat(24));
    for (const bad of ["short", `${"m".repeat(24)} x`]) expect(failure({ ...production, MORPH_METRICS_TOKEN: bad }).variable).toBe("MORPH_METRICS_TOKEN");
  });

  it("names a malformed DATABASE_URL", () => {
    expect(failure({ ...production, DATABASE_URL: "mysql://x" }).variable).toBe("DATABASE_URL");
    expect(failure({ ...production, DATABASE_URL: "postgres://" }).variable).toBe("DATABASE_URL");
  });

  it("names a wrong-sized encryption key and a missing client secret", () => {
    expect(failure({ ...production, MORPH_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }).variable).toBe("MORPH_ENCRYPTION_KEY");
    expect(failure({ ...production, EXACT_CLIENT_SECRET: undefined }).variable).toBe("EXACT_CLIENT_SECRET");
  });

  it("rejects allowed origins with paths", () => {
    expect(failure({ ...production, MORPH_ALLOWED_ORIGINS: "https://app.example.com/path" }).variable).toBe("MORPH_ALLOWED_ORIGINS");
  });

  it("generates development keys once in sandbox mode", () => {
    const dir = mkdtempSync(join(tmpdir(), "morph-config-"));
    const env = { DATABASE_URL: `file:${join(dir, "morph.db")}` };
    const first = loadConfig(env);
    const second = loadConfig(env);
    expect(first.sandbox).toBe(true);
    expect(first.exact.baseUrl).toBe("http://localhost:8787/sandbox");
    expect(second.secretKey).toBe(first.secretKey);
    expect(Buffer.from(second.encryptionKey).equals(Buffer.from(first.encryptionKey))).toBe(true);
  });
});
