// A customer's Next.js App Router app, made the way a customer makes one: the widget comes from the
// packed tarball (`npm pack`), Next and React from the npm registry. Used by e2e/nextjs-app-router.spec.ts.
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../server/test-support/postgres";
import { cleanEnv, installApp, packWidget, root } from "./packages";

const run = promisify(execFile);

/** Pinned, so that npm's cache serves every run after the first (`--prefer-offline`). */
export const NEXT_APP_VERSIONS = { next: "16.4.6", react: "19.3.1", "react-dom": "19.3.1" } as const;

/** Next.js asks nothing of the network beyond the install: no telemetry. */
const nextEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => cleanEnv({ NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...extra });

// One free-port helper for every test: the server's test support has it.
export { freePort };

const FILES: Record<string, string> = {
  "next.config.mjs": "export default {};\n",
  "app/layout.jsx": `import "morph-connect/styles.css";

export const metadata = { title: "Acme Books on Next.js" };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  // A server component: it mints the session with the backend client and renders the widget itself.
  "app/page.jsx": `import { Connect, MorphProvider } from "morph-connect";
import { createMorphClient } from "morph-connect/server";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }) {
  const { owner } = await searchParams;
  const morph = createMorphClient({ serverUrl: process.env.MORPH_SERVER_URL, secretKey: process.env.MORPH_SECRET_KEY });
  const { sessionToken } = await morph.sessions.create({ ownerId: owner, operations: ["genericContact::list", "genericCompany::list"] });
  return (
    <main>
      <h1>Acme Books</h1>
      <MorphProvider serverUrl={process.env.MORPH_SERVER_URL} theme="light" locale="en">
        <Connect sessionToken={sessionToken} />
      </MorphProvider>
    </main>
  );
}
`,
  // Callbacks are functions, which a server component cannot pass: they live in a client component.
  "app/callbacks/recorded-connect.jsx": `"use client";
import { Connect } from "morph-connect";

export function RecordedConnect({ sessionToken }) {
  const record = (type) => (payload) => {
    window.__hostEvents ??= [];
    window.__hostEvents.push({ type, payload });
  };
  return <Connect sessionToken={sessionToken} connectionCallbacks={{ onSuccess: record("success"), onError: record("error"), onClose: record("close") }} />;
}
`,
  "app/callbacks/page.jsx": `import { MorphProvider } from "morph-connect";
import { createMorphClient } from "morph-connect/server";
import { RecordedConnect } from "./recorded-connect";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }) {
  const { owner } = await searchParams;
  const morph = createMorphClient({ serverUrl: process.env.MORPH_SERVER_URL, secretKey: process.env.MORPH_SECRET_KEY });
  const { sessionToken } = await morph.sessions.create({ ownerId: owner, operations: ["genericContact::list"] });
  return (
    <main>
      <h1>Acme Books: callbacks</h1>
      <MorphProvider serverUrl={process.env.MORPH_SERVER_URL} theme="dark" locale="en">
        <RecordedConnect sessionToken={sessionToken} />
      </MorphProvider>
    </main>
  );
}
`,
};

export interface NextApp {
  dir: string;
}

/** Packs the widget, writes the app into a temporary folder, installs it and runs `next build`. */
export async function buildNextApp(log: (line: string) => void): Promise<NextApp> {
  const dir = mkdtempSync(join(tmpdir(), "morph-next-app-"));
  try {
    return await packInstallAndBuild(dir, log);
  } catch (error) {
    // The spec never gets the app to clean up: remove the folder here.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function packInstallAndBuild(dir: string, log: (line: string) => void): Promise<NextApp> {
  const tarball = await packWidget(dir);
  // No install scripts: nothing in the app needs one (the widget has no native code), and Next's optional
  // image tools would only slow the install down.
  const seconds = await installApp(dir, { name: "acme-books-next", dependencies: { "morph-connect": `file:${tarball}`, ...NEXT_APP_VERSIONS } }, FILES, ["--ignore-scripts"]);
  log(`npm install: ${seconds.toFixed(1)} s`);
  const started = Date.now();
  // Lower priority, so that the other end-to-end tests running beside it on two cores keep their pace.
  await run("nice", ["-n", "10", process.execPath, "node_modules/next/dist/bin/next", "build"], { cwd: dir, env: nextEnv(), maxBuffer: 16 << 20 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`next build failed:\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
    },
  );
  log(`next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dir };
}

export interface Running {
  url: string;
  output: () => string;
  stop: () => void;
}

/** Starts a long-running process in its own process group and waits until `healthUrl` answers. */
export async function startAndWait(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; url: string; healthUrl: string; timeoutMs: number }): Promise<Running> {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => {
    // The process group this helper started (detached above), by its id: a server may have forked.
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited with ${child.exitCode}:\n${output}`);
    // Any HTTP answer means it listens (Next's 404 page will do).
    const listening = await fetch(options.healthUrl).then(() => true, () => false);
    if (listening) return { url: options.url, output: () => output, stop };
    await new Promise((wait) => setTimeout(wait, 250));
  }
  stop();
  throw new Error(`${command} ${args.join(" ")} did not answer at ${options.healthUrl} within ${options.timeoutMs} ms:\n${output}`);
}

/** The widget's own server in sandbox mode, allowing the Next.js app's origin. */
export async function startMorphServer(allowedOrigin: string): Promise<Running> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  return startAndWait(process.execPath, ["--import", "tsx", "e2e/support/start-server.ts", "--port", String(port), "--allow-origin", allowedOrigin], {
    cwd: root,
    env: process.env,
    url,
    healthUrl: `${url}/health`,
    timeoutMs: 60_000,
  });
}

export function startNextApp(app: NextApp, port: number, morphServerUrl: string, secretKey: string): Promise<Running> {
  const url = `http://127.0.0.1:${port}`;
  return startAndWait(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: app.dir,
    env: nextEnv({ MORPH_SERVER_URL: morphServerUrl, MORPH_SECRET_KEY: secretKey }),
    url,
    // Any answer from Next will do (the page itself needs an owner); its 404 page is cheap.
    healthUrl: `${url}/_health-check-404`,
    timeoutMs: 60_000,
  });
}

export function removeNextApp(app: NextApp | undefined) {
  if (app && app.dir.startsWith(tmpdir()) && existsSync(join(app.dir, "package.json"))) {
    const name = (JSON.parse(readFileSync(join(app.dir, "package.json"), "utf8")) as { name: string }).name;
    if (name === "acme-books-next") rmSync(app.dir, { recursive: true, force: true });
  }
}
