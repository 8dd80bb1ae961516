import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "morph-browser-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The script as `npm run test:e2e` runs it, with its own environment. */
const runCheck = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/check-browser.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });

describe("the browser check before the end-to-end tests", () => {
  it("without a browser: exit 1 and one line that says how to install it", () => {
    const result = runCheck({ CHROMIUM_PATH: join(dir, "no-such-chromium") });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("apt-get install chromium");
    expect(lines[0]).toContain(join(dir, "no-such-chromium"));
  });

  it("a file that is not executable is no browser either", () => {
    const file = join(dir, "not-executable");
    writeFileSync(file, "");
    chmodSync(file, 0o644);
    const result = runCheck({ CHROMIUM_PATH: file });
    // root may execute anything with an x bit only; a 0644 file fails for everyone.
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("is not executable");
  });

  it("with an executable at CHROMIUM_PATH: exit 0, silent", () => {
    const browser = join(dir, "chromium");
    writeFileSync(browser, "#!/bin/sh\nexit 0\n");
    chmodSync(browser, 0o755);
    const result = runCheck({ CHROMIUM_PATH: browser });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });

  it("runs before Playwright in test:e2e, and honours the same variable as playwright.config.ts", () => {
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["test:e2e"]).toMatch(/^tsx scripts\/check-browser\.ts && playwright test/);
    expect(readFileSync(join(root, "playwright.config.ts"), "utf8")).toContain('process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"');
  });
});
