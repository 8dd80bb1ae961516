import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

interface LockedPackage {
  version?: string;
  /** A local folder (`file:` dependency) is locked as a link to that folder's own entry. */
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const root = resolve(import.meta.dirname, "..");
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockedPackage> };
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Where Node would find `name` from the package at `from` (its own node_modules, then each parent's). */
function resolveLocked(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent >= 0 ? base.slice(0, parent) : "";
  }
}

// `npm ci` installs exactly the lockfile: a platform's native binary missing from it (Tailwind's oxide
// for macOS and Windows were) breaks the install or the build on that platform.
describe("package-lock.json", () => {
  it("records every optional (per-platform) dependency of every locked package", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) if (!resolveLocked(path, name)) missing.push(`${path} → ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it("has the native builds of Tailwind, lightningcss, rolldown and esbuild for macOS, Windows and Linux", () => {
    for (const name of [
      "@tailwindcss/oxide-darwin-arm64",
      "@tailwindcss/oxide-darwin-x64",
      "@tailwindcss/oxide-win32-x64-msvc",
      "@tailwindcss/oxide-linux-x64-gnu",
      "lightningcss-darwin-arm64",
      "lightningcss-win32-x64-msvc",
      "@rolldown/binding-darwin-arm64",
      "@rolldown/binding-win32-x64-msvc",
      "@esbuild/darwin-arm64",
      "@esbuild/win32-x64",
    ]) {
      expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
    }
  });

  it("matches package.json's direct dependencies", () => {
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const entry = lock.packages[`node_modules/${name}`];
      const locked = entry?.link && entry.resolved ? lock.packages[entry.resolved] : entry;
      expect(locked?.version, name).toBeDefined();
      // Exact pins must be locked as written (Tailwind is pinned: see the README's Development section).
      if (/^\d/.test(range)) expect(locked!.version, name).toBe(range);
    }
  });
});
