import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CustomModelsError, loadCustomModels } from "./connectors/exact-online/custom-models";
import type { ModelMapping } from "./connectors/exact-online/models/types";
import { isLogLevel, LOG_LEVELS, type LogLevel } from "./observability/logger";
import { secretKeyList } from "./security/auth-middleware";
import { Keyring } from "./security/keyring";

/** Where the server's settings come from: environment variables only (DESIGN.md "Configuration"). */
export interface ServerConfig {
  port: number;
  publicUrl: string;
  /**
   * MORPH_SECRET_KEY: the accepted backend keys, comma-separated as configured (each >= 24 characters); the
   * first is the one this server shows in development. `requireSecretKey` accepts every one.
   */
  secretKey: string;
  /** HS256 keys for session tokens (each >= 32 bytes): the first signs, every one verifies (security/keyring.ts). */
  signingKey: Keyring;
  /** AES-256-GCM keys for provider tokens and webhook secrets at rest (each exactly 32 bytes): the first encrypts, every one decrypts. */
  encryptionKey: Keyring;
  allowedOrigins: string[];
  databaseUrl: string;
  /** True when no Exact credentials are configured: the built-in sandbox is mounted and used. */
  sandbox: boolean;
  exact: { clientId: string; clientSecret: string; webhookSecret: string | undefined; baseUrl: string | undefined };
  /** MORPH_POLL_INTERVAL_SECONDS: how often each connection is polled for changes webhooks do not bring (ms). */
  pollIntervalMs: number;
  /** MORPH_KEEPALIVE_SECONDS: a connection not refreshed for this long is refreshed by the keep-alive job (ms). */
  keepAliveMs: number;
  /**
   * Webhook endpoints may target private, loopback and link-local addresses: always in sandbox mode (a
   * receiver on localhost), in production only with MORPH_WEBHOOK_ALLOW_PRIVATE_URLS=1 (SSRF otherwise).
   */
  webhookAllowPrivateUrls: boolean;
  /** The operator's models from the MORPH_CUSTOM_MODELS file, validated at start-up. */
  customModels: ModelMapping[];
  /** LOG_LEVEL: fatal, error, warn, info (default), debug, trace or silent. */
  logLevel: LogLevel;
  /** MORPH_METRICS_TOKEN: the bearer token `GET /metrics` asks for; unset, only unforwarded loopback requests read it. */
  metricsToken: string | undefined;
  /** What was generated for development, so that start-up can print it. */
  generated: { secretKey: boolean; keysFile: string | undefined };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export const SANDBOX_CLIENT = { clientId: "sandbox-client-id", clientSecret: "sandbox-client-secret" } as const;
const DEFAULT_DATABASE_URL = "file:./.data/morph.db";

export function loadConfig(env: Env = process.env): ServerConfig {
  const port = parsePort(env.PORT);
  const publicUrl = parseUrl("MORPH_PUBLIC_URL", env.MORPH_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const sandbox = !env.EXACT_CLIENT_ID;
  if (!sandbox && !env.EXACT_CLIENT_SECRET) throw new ConfigError("EXACT_CLIENT_SECRET", "is required when EXACT_CLIENT_ID is set");
  const baseUrl = env.EXACT_BASE_URL ? parseUrl("EXACT_BASE_URL", env.EXACT_BASE_URL).replace(/\/$/, "") : undefined;

  // Development conveniences (generated keys) are refused in production: a key that changes on every
  // restart would make every stored token unreadable.
  const needsDevKeys = sandbox && DEV_KEY_NAMES.some((name) => !env[name]);
  const devKeys = needsDevKeys ? loadOrCreateDevKeys(databaseUrl) : undefined;
  const required = (name: string): string => {
    const value = env[name];
    if (value) return value;
    if (devKeys) return devKeys.values[name as keyof DevKeys]!;
    throw new ConfigError(name, "is required in production mode (EXACT_CLIENT_ID is set)");
  };

  const secretKey = parseSecretKeys(required("MORPH_SECRET_KEY"));
  const signingKey = parseKeyring("MORPH_SIGNING_KEY", required("MORPH_SIGNING_KEY"), { min: 32 });
  const encryptionKey = parseKeyring("MORPH_ENCRYPTION_KEY", required("MORPH_ENCRYPTION_KEY"), { exact: 32 });

  const allowedOrigins = (env.MORPH_ALLOWED_ORIGINS ?? defaultOrigins(publicUrl))
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => parseOrigin(o));

  return {
    port,
    publicUrl,
    secretKey,
    signingKey,
    encryptionKey,
    allowedOrigins,
    databaseUrl,
    sandbox,
    exact: sandbox
      ? { ...SANDBOX_CLIENT, webhookSecret: env.EXACT_WEBHOOK_SECRET ?? "sandbox-webhook-secret", baseUrl: baseUrl ?? `${publicUrl}/sandbox` }
      : { clientId: env.EXACT_CLIENT_ID!, clientSecret: env.EXACT_CLIENT_SECRET!, webhookSecret: env.EXACT_WEBHOOK_SECRET, baseUrl },
    pollIntervalMs: parsePollInterval(env.MORPH_POLL_INTERVAL_SECONDS) * 1000,
    keepAliveMs: parseKeepAlive(env.MORPH_KEEPALIVE_SECONDS, sandbox) * 1000,
    webhookAllowPrivateUrls: parseFlag("MORPH_WEBHOOK_ALLOW_PRIVATE_URLS", env.MORPH_WEBHOOK_ALLOW_PRIVATE_URLS) ?? sandbox,
    customModels: env.MORPH_CUSTOM_MODELS ? parseCustomModels(env.MORPH_CUSTOM_MODELS) : [],
    logLevel: parseLogLevel(env.LOG_LEVEL),
    metricsToken: parseMetricsToken(env.MORPH_METRICS_TOKEN),
    generated: { secretKey: !env.MORPH_SECRET_KEY, keysFile: devKeys?.file },
  };
}

function parseCustomModels(path: string): ModelMapping[] {
  try {
    return loadCustomModels(path);
  } catch (error) {
    if (error instanceof CustomModelsError) throw new ConfigError("MORPH_CUSTOM_MODELS", `${path}: ${error.message}`);
    throw error;
  }
}

/** The demo's own origin; on a loopback host both spellings, so the demo works whichever one you open. */
function defaultOrigins(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.hostname !== "localhost" && url.hostname !== "127.0.0.1") return url.origin;
  return ["localhost", "127.0.0.1"].map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`).join(",");
}

/**
 * Default 15 minutes: a poll costs a call per polled model plus one for sync/Deleted (about 480 of Exact's 5,000
 * daily calls per division with four models, were all polled). Models whose webhooks are healthy are read only
 * every two hours (poll-schedule.ts); webhooks bring their changes within seconds anyway.
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 900;

function parsePollInterval(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_POLL_INTERVAL_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) throw new ConfigError("MORPH_POLL_INTERVAL_SECONDS", `must be a whole number of seconds from 1 to 86400, got "${raw}"`);
  return seconds;
}

/** A day: every idle connection refreshed once a day, 30 times within its refresh token's 30 days. */
export const DEFAULT_KEEPALIVE_SECONDS = 86_400;
/**
 * At least an hour against Exact (an idle connection then costs at most 24 of the 200 token calls a day Exact
 * allows per user); in sandbox mode from 1 s, for tests and demos against a sandbox whose tokens live briefly.
 * At most 7 days: the job refreshes a connection at the latest 30 days less two intervals after its last
 * refresh (keep-alive.ts), which must leave room for a server that runs only once an interval.
 */
function parseKeepAlive(raw: string | undefined, sandbox: boolean): number {
  if (raw === undefined || raw === "") return DEFAULT_KEEPALIVE_SECONDS;
  const seconds = Number(raw);
  const min = sandbox ? 1 : 3_600;
  const max = 7 * 86_400;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new ConfigError("MORPH_KEEPALIVE_SECONDS", `must be a whole number of seconds from ${min} to ${max} (7 days), got "${raw}"`);
  }
  return seconds;
}

function parseLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === "") return "info";
  const level = raw.toLowerCase();
  if (!isLogLevel(level)) throw new ConfigError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
  return level;
}

/** Like MORPH_SECRET_KEY: long enough that guessing it is hopeless. */
function parseMetricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw.length < 24 || /\s/.test(raw)) throw new ConfigError("MORPH_METRICS_TOKEN", "must be at least 24 characters, without spaces (generate one with: openssl rand -base64 32)");
  return raw;
}

/** `1`/`true` or `0`/`false`; unset or empty: undefined (the default applies). */
function parseFlag(variable: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw === "1" || raw.toLowerCase() === "true") return true;
  if (raw === "0" || raw.toLowerCase() === "false") return false;
  throw new ConfigError(variable, `must be 1 (true) or 0 (false), got "${raw}"`);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 8787;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError("PORT", `must be a port number, got "${raw}"`);
  return port;
}

function parseUrl(variable: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(variable, `must use http or https, got "${raw}"`);
  return url.toString();
}

function parseOrigin(raw: string): string {
  const url = new URL(parseUrl("MORPH_ALLOWED_ORIGINS", raw));
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new ConfigError("MORPH_ALLOWED_ORIGINS", `must list origins only (scheme://host[:port]), got "${raw}"`);
  }
  return url.origin;
}

/** `file:<path>` (SQLite) or `postgres://…` / `postgresql://…`. */
export function parseDatabaseUrl(raw: string): string {
  if (raw.startsWith("file:")) {
    if (raw.length <= "file:".length) throw new ConfigError("DATABASE_URL", `has no file path: "${raw}"`);
    return raw;
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      const url = new URL(raw);
      if (!url.hostname || url.pathname.length <= 1) throw new Error("missing host or database");
    } catch {
      throw new ConfigError("DATABASE_URL", "is not a valid postgres://user:password@host:port/database URL");
    }
    return raw;
  }
  throw new ConfigError("DATABASE_URL", "must start with file: (SQLite) or postgres:// (PostgreSQL)");
}

/** Each key of the comma-separated list must meet the rule for one key on its own: >= 24 characters. */
function parseSecretKeys(raw: string): string {
  const keys = secretKeyList(raw);
  if (keys.length === 0) throw new ConfigError("MORPH_SECRET_KEY", "must be at least 24 characters");
  keys.forEach((key, index) => {
    if (key.length < 24) throw new ConfigError("MORPH_SECRET_KEY", keys.length === 1 ? "must be at least 24 characters" : `key ${index + 1} of ${keys.length} must be at least 24 characters`);
  });
  return keys.join(",");
}

/**
 * A comma-separated list of keys, the first one active (it encrypts or signs), every one accepted for reading.
 * Each key is read as one key was before lists; an error names the key by its place, never by its value.
 */
function parseKeyring(variable: string, raw: string, size: { min?: number; exact?: number }): Keyring {
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.some((part) => part === "")) throw new ConfigError(variable, "has an empty key in its comma-separated list");
  return new Keyring(
    parts.map((part, index) => {
      try {
        return parseKey(variable, part, size);
      } catch (error) {
        if (error instanceof ConfigError && parts.length > 1) throw new ConfigError(variable, `key ${index + 1} of ${parts.length}: ${error.message.replace(`Invalid configuration: ${variable} `, "")}`);
        throw error;
      }
    }),
  );
}

/** Accepts base64, base64url or hex; a passphrase of >= 32 characters is used as its UTF-8 bytes for signing only. */
function parseKey(variable: string, raw: string, size: { min?: number; exact?: number }): Uint8Array {
  const decoded = decodeKey(raw);
  const ok = size.exact ? decoded?.length === size.exact : decoded && decoded.length >= (size.min ?? 32);
  if (decoded && ok) return decoded;
  if (size.min && raw.length >= size.min) return new TextEncoder().encode(raw);
  const wanted = size.exact ? `exactly ${size.exact} bytes` : `at least ${size.min} bytes`;
  throw new ConfigError(variable, `must be ${wanted}, base64 or hex encoded (generate one with: openssl rand -base64 32)`);
}

function decodeKey(raw: string): Uint8Array | undefined {
  if (/^[0-9a-f]+$/i.test(raw) && raw.length % 2 === 0) return Buffer.from(raw, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) return Buffer.from(raw.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return undefined;
}

const DEV_KEY_NAMES = ["MORPH_SECRET_KEY", "MORPH_SIGNING_KEY", "MORPH_ENCRYPTION_KEY"] as const;

interface DevKeys {
  MORPH_SECRET_KEY: string;
  MORPH_SIGNING_KEY: string;
  MORPH_ENCRYPTION_KEY: string;
}

/** Development keys live beside the SQLite file (or in ./.data), created once, mode 0600. */
function loadOrCreateDevKeys(databaseUrl: string): { file: string; values: DevKeys } {
  const dataDir = databaseUrl.startsWith("file:") ? dirname(resolve(databaseUrl.slice(5))) : resolve(".data");
  const file = resolve(dataDir, "dev-keys.json");
  if (existsSync(file)) return { file, values: JSON.parse(readFileSync(file, "utf8")) as DevKeys };
  const values: DevKeys = {
    MORPH_SECRET_KEY: `sk_dev_${randomBytes(24).toString("base64url")}`,
    MORPH_SIGNING_KEY: randomBytes(32).toString("base64"),
    MORPH_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(values, null, 2), { mode: 0o600 });
  return { file, values };
}
