// The two packages as npm publishes them (`npm pack`), and installs of them the way a customer makes
// them: into a fresh folder, from the tarball, with npm's cache. Used by e2e/package-install.spec.ts
// and e2e/nextjs-app-router.spec.ts.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const root = resolve(import.meta.dirname, "../..");

/** `npm run test:e2e` passes npm's own variables down; they describe this repository, not the app. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(package|lifecycle|config_workspace)/.test(key)));
  return { ...inherited, ...extra };
}

async function pack(into: string, workspace?: string): Promise<string> {
  const args = ["pack", "--ignore-scripts", "--json", "--pack-destination", into, ...(workspace ? ["--workspace", workspace] : [])];
  const { stdout } = await run("npm", args, { cwd: root, env: cleanEnv() });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  return join(into, packed.filename);
}

/** The widget, `morph-connect` (built by `npm run build` beforehand). */
export function packWidget(into: string): Promise<string> {
  if (!existsSync(join(root, "dist/index.js"))) throw new Error("dist/index.js is missing: run `npm run build` before the e2e tests");
  return pack(into);
}

/** The server, `@morph-connect/server` (its dist/ is built by `npm run build` too). */
export function packServer(into: string): Promise<string> {
  if (!existsSync(join(root, "server/dist/main.js"))) throw new Error("server/dist/main.js is missing: run `npm run build` before the e2e tests");
  return pack(into, "@morph-connect/server");
}

/** Writes `package.json` (and any files) into `dir`, then `npm install` there; returns the seconds it took. */
export async function installApp(dir: string, manifest: Record<string, unknown>, files: Record<string, string> = {}, npmArgs: string[] = []): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, ...manifest }, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const started = Date.now();
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...npmArgs], { cwd: dir, env: cleanEnv(), maxBuffer: 16 << 20 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm install in ${dir} failed:\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
    },
  );
  return (Date.now() - started) / 1000;
}
