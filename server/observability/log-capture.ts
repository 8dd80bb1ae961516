import { createLogger, logger, setLogger, type LogLevel } from "./logger";

/** For tests: every log line (parsed) from now until `restore()`, at `level` (default debug: all of them). */
export function captureLogs(level: LogLevel = "debug"): { lines: Array<Record<string, unknown>>; raw: string[]; restore(): void } {
  const previous = logger;
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  setLogger(
    createLogger(level, {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    }),
  );
  return { lines, raw, restore: () => setLogger(previous) };
}
