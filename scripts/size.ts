/**
 * `npm run size`: builds the library and prints the gzip size of what a host loads for `Morph` +
 * `Connect` (React and react-dom external, Radix included: dist/index.js and every chunk it imports
 * statically) and of the CSS. Fails over budget. 1 KB = 1024 bytes; gzip at level 9.
 */
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = { js: 25 * 1024, css: 6 * 1024 };

if (!process.argv.includes("--no-build")) execSync("npx vite build --logLevel warn", { stdio: "inherit" });

/** The entry plus its static imports of local chunks (dynamic imports load on demand and are reported apart). */
function staticGraph(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const code = readFileSync(entry, "utf8");
  const imports = [...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((m) => join(dirname(entry), m[1]!));
  return [entry, ...imports.flatMap((file) => staticGraph(file, seen))];
}

const gzip = (files: string[]) => gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
const jsFiles = staticGraph("dist/index.js");
const js = gzip(jsFiles);
const css = gzip(["dist/styles.css"]);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const line = (name: string, size: number, budget: number) =>
  `${name.padEnd(46)} ${kb(size).padStart(9)} gzip   budget ${kb(budget).padStart(8)}   ${size <= budget ? "ok" : "OVER"}`;

console.log(line(`JS  Morph + Connect (${jsFiles.length} file${jsFiles.length > 1 ? "s" : ""})`, js, BUDGET.js));
console.log(line("CSS morph-connect/styles.css", css, BUDGET.css));
if (js > BUDGET.js || css > BUDGET.css) {
  console.error("Over the size budget.");
  process.exit(1);
}
