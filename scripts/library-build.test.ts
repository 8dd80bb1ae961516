import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const outDir = mkdtempSync(join(tmpdir(), "morph-lib-build-"));

// The library as `npm run build` makes it (vite.config.ts), into a temporary folder. Vitest sets
// NODE_ENV=test, which would make Vite emit development JSX: a production build needs it back.
const nodeEnv = process.env.NODE_ENV;
beforeAll(async () => {
  process.env.NODE_ENV = "production";
  await build({ root, configFile: join(root, "vite.config.ts"), mode: "production", logLevel: "silent", build: { outDir, emptyOutDir: true } });
}, 60_000);
afterAll(() => {
  process.env.NODE_ENV = nodeEnv;
  rmSync(outDir, { recursive: true, force: true });
});

describe("the built library", () => {
  // Without the directive, a Next.js App Router server component that imports Morph or Connect fails:
  // the module is evaluated with the react-server build of React, which has no createContext or hooks.
  it('starts its entry with "use client"', () => {
    const entry = readFileSync(join(outDir, "index.js"), "utf8");
    expect(entry.slice(0, 40)).toMatch(/^["']use client["'];/);
    expect(entry).not.toContain("jsxDEV");
  });

  // A host that already uses Radix gets one copy: the library imports it instead of carrying it.
  it("imports Radix and react-remove-scroll instead of inlining them", () => {
    const chunks = readdirSync(outDir).filter((file) => file.endsWith(".js")).map((file) => readFileSync(join(outDir, file), "utf8")).join("\n");
    expect(chunks).toMatch(/from\s*["']@radix-ui\/react-dialog["']/);
    expect(chunks).toMatch(/from\s*["']react-remove-scroll["']/);
    // Radix's own source names (DismissableLayer's events) would be here if it were inlined.
    expect(chunks).not.toContain("dismissableLayer.pointerDownOutside");
  });

});
