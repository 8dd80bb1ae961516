/**
 * `npm run build -w @morph-connect/server`: what the published server package runs, into server/dist.
 *
 * - `dist/main.js`: the server as one ES module. Its npm dependencies stay imports (they are the
 *   package's dependencies); the shared wire contract (`src/protocol.ts`) is bundled in, so the package
 *   needs nothing from the widget package.
 * - `dist/demo/`: the demo page's browser bundle (React and the widget inside), which the server serves
 *   at /demo. Built here, not in the widget package: no host app imports it.
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { build as bundle } from "esbuild";
import { build as viteBuild } from "vite";

const serverDir = import.meta.dirname;
const root = resolve(serverDir, "..");
const outDir = resolve(serverDir, "dist");

rmSync(outDir, { recursive: true, force: true });

await bundle({
  entryPoints: [resolve(serverDir, "main.ts")],
  outfile: resolve(outDir, "main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});

await viteBuild({ root, configFile: resolve(root, "vite.config.ts"), mode: "demo", logLevel: "warn", build: { outDir: resolve(outDir, "demo") } });
