import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The server's structured log: one JSON object a line on stdout (pino), for a log shipper to read.
 * Messages say what happened; values an operator filters on are fields (`connectionId`, `endpoint`).
 * Never log a token, secret, authorization code, session or link token, webhook secret or webhook body:
 * server/observability/log-secrets.test.ts drives the whole server and searches every line for them.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const isLogLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);

/**
 * Stdout, buffered: written when 4 KiB are pending or once a second. A write(2) per line cost about
 * 0.14 ms of the server's main thread per line in `npm run bench` (a pipe to a busy reader), more than the
 * rest of a proxied read's overhead; buffered, a line costs the JSON and a copy. A reader slow to drain the
 * pipe (a stalled log driver) then delays log lines, not requests. pino flushes what is pending when the
 * process exits (`process.exit`, an uncaught exception); only a SIGKILL can lose the last second of lines.
 */
const bufferedStdout = () => pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });

/** A logger at `level`, writing to `destination` (default: stdout, buffered). */
export function createLogger(level: LogLevel, destination: DestinationStream = bufferedStdout()): Logger {
  return pino(
    {
      level,
      base: { service: "morph-connect" },
      // ISO time instead of epoch ms: readable by a person and by every log shipper.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * Under vitest the log is silent unless LOG_LEVEL asks for it (tests must not flood the runner's output);
 * a test that reads the log installs its own logger with `setLogger`.
 */
function initialLevel(): LogLevel {
  const wanted = process.env.LOG_LEVEL;
  if (wanted && isLogLevel(wanted)) return wanted;
  return process.env.VITEST ? "silent" : "info";
}

/** The process's logger. A live binding: `setLogger` replaces it for every module that imported it. */
export let logger: Logger = createLogger(initialLevel());

export function setLogger(next: Logger): void {
  logger = next;
}
