/**
 * Run by `npm run test:e2e` before Playwright: without a browser, Playwright would print one launch
 * failure per test (150 of them). One line instead, saying how to get one. The browser is the one
 * playwright.config.ts launches: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
 */
import { accessSync, constants, statSync } from "node:fs";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** undefined when the browser is there and executable, else the one line to print. */
export function missingBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  const named = env.CHROMIUM_PATH ? `CHROMIUM_PATH (${path})` : path;
  try {
    if (!statSync(path).isFile()) return `Chromium not found: ${named} is not a file. Install it with \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary.`;
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "EACCES" ? "is not executable" : "does not exist";
    return `Chromium not found: ${named} ${reason}. Install it with \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary.`;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = missingBrowser();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
