/**
 * `npm run size`: what the widget costs a host, measured the way a host's bundler sees it. The library
 * build (`dist/index.js` and its chunks) is bundled again with esbuild as an app would bundle
 * `import { Morph, Connect } from "morph-connect"`: minified, code splitting on, React and react-dom
 * external, every other dependency (Radix included) inside. Sizes are gzip level 9, 1 KB = 1000 bytes.
 *
 * - first load: the entry plus every chunk it imports statically (what the page downloads up front);
 * - all chunks: everything, lazily imported chunks included (what a user who opens the dialog loads);
 * - CSS: `morph-connect/styles.css`.
 *
 * Every chunk is listed. Fails when a figure is over its budget.
 */
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Metafile } from "esbuild";

// Issue 17's budgets: the page pays the first load up front, so it stays small (it was 6.5 KB before redirect mode).
const BUDGET = { firstLoad: 8_000, allChunks: 32_000, css: 4_000 };
const REACT = ["react", "react-dom", "react/jsx-runtime", "react-dom/client"];

if (!process.argv.includes("--no-build")) execSync("npx vite build --logLevel warn", { stdio: "inherit" });

const result = await build({
  stdin: {
    // What a host writes. Both values are used, so nothing the host imports is shaken out.
    contents: 'import { Morph, Connect } from "./dist/index.js"; console.log(Morph, Connect);',
    resolveDir: process.cwd(),
    loader: "js",
    sourcefile: "host.js",
  },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target: "es2022",
  external: REACT,
  outdir: "dist/.size",
  write: false,
  metafile: true,
  logLevel: "warning",
});

const outputs = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]));
const meta: Metafile["outputs"] = result.metafile.outputs;
const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
const entry = Object.keys(meta).find((file) => meta[file]!.entryPoint !== undefined)!;

/** The entry and every chunk reachable from it through static imports. */
function firstLoadFiles(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const { path, kind } of meta[file]!.imports) if (kind === "import-statement" && outputs.has(path)) firstLoadFiles(path, seen);
  return seen;
}

const first = firstLoadFiles(entry);
const js = [...outputs.keys()].filter((file) => file.endsWith(".js"));
const sizes = new Map(js.map((file) => [file, gzip(outputs.get(file)!)]));
const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + (sizes.get(file) ?? 0), 0);
const css = gzip(readFileSync("dist/styles.css"));

const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} KB`;
const row = (name: string, size: number, note = "") => console.log(`${name.padEnd(52)} ${kb(size).padStart(9)}  ${note}`);
const verdict = (size: number, budget: number) => `budget ${kb(budget).padStart(8)}  ${size <= budget ? "ok" : "OVER"}`;

console.log("Chunks (esbuild, minified, React external, dependencies included, gzip -9):");
for (const file of js.sort((a, b) => sizes.get(b)! - sizes.get(a)!)) {
  const role = file === entry ? "entry" : first.has(file) ? "first load (static import)" : "lazy (dynamic import)";
  row(`  ${file.replace("dist/.size/", "")}`, sizes.get(file)!, role);
}
const firstLoad = sum(first);
const allChunks = sum(js);
row(`JS  first load (${first.size} file${first.size > 1 ? "s" : ""})`, firstLoad, verdict(firstLoad, BUDGET.firstLoad));
row(`JS  all chunks (${js.length} file${js.length > 1 ? "s" : ""})`, allChunks, verdict(allChunks, BUDGET.allChunks));
row("CSS morph-connect/styles.css", css, verdict(css, BUDGET.css));
if (firstLoad > BUDGET.firstLoad || allChunks > BUDGET.allChunks || css > BUDGET.css) {
  console.error("Over the size budget.");
  process.exit(1);
}
