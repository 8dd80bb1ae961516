/** What the bench scenarios share: the sandbox and the server as processes of their own, and a connection. */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { build } from "esbuild";
import { answerConsent } from "../server/test-support/consent";

/**
 * The server as its users run it: `server/main.ts` bundled as `server/build.ts` bundles `dist/main.js` (one ES
 * module, npm dependencies left as imports), written under node_modules/.cache so that it resolves them as
 * dist/main.js does and never lands in a package. Measured this way, a figure has no loader hooks in it (tsx).
 */
export async function buildServer(): Promise<string> {
  const outfile = resolve("node_modules/.cache/morph-connect-bench/server/main.js");
  await build({ entryPoints: ["server/main.ts"], outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
  return outfile;
}

/**
 * Starts `script` in a process of its own (a .ts file through tsx, a built .js file with plain node) and
 * resolves once its output matches `ready`. The sandbox and the server run apart, as in production, where
 * Exact is another host.
 */
export function startProcess(script: string, env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
    const child = spawn(process.execPath, [...nodeArgs, ...loader, script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

/** The whole OAuth dance against a server process: session, authorize, sandbox consent, callback. */
export async function connectOwner(serverUrl: string, secretKey: string, ownerId: string, operations: string[] = ["genericContact::list"]): Promise<void> {
  const session = await fetch(`${serverUrl}/v1/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" },
    body: JSON.stringify({ connectorId: "exact-online", ownerId, operations }),
  });
  const { sessionToken } = (await session.json()) as { sessionToken: string };
  const query = new URLSearchParams({ sessionToken, region: "nl", origin: serverUrl, nonce: `bench${Date.now()}nonce` });
  const authorize = await fetch(`${serverUrl}/v1/connect/authorize?${query}`, { redirect: "manual" });
  // One Exact user per owner: the same user consenting again would end the earlier owner's token chain, as at Exact.
  const redirect = await answerConsent(authorize.headers.get("location")!, "approve", 1234567, fetch, `bench-${ownerId}`);
  const callback = await fetch(redirect);
  if (callback.status !== 200) throw new Error(`connect failed: ${callback.status}`);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
