import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { DeliveryWorkerOptions } from "../webhooks/delivery-worker";
import { TEST_SECRET_KEY } from "./harness";
import { freePort } from "./postgres";

export interface ServerProcess {
  url: string;
  pid: number;
  workerId: string;
  child: ChildProcessWithoutNullStreams;
  /** A request with the secret key. */
  backend(path: string, init?: RequestInit): Promise<Response>;
  /** `kill -9`: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM: the worker stops and the process exits. */
  stop(): Promise<void>;
}

/** Starts server/test-support/webhook-server-process.ts as a real Node process on `databaseUrl`. */
export async function spawnServerProcess(databaseUrl: string, workerOptions: DeliveryWorkerOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    MORPH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    MORPH_SECRET_KEY: TEST_SECRET_KEY,
    MORPH_SIGNING_KEY: Buffer.alloc(32, 7).toString("base64"),
    MORPH_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    WEBHOOK_WORKER_OPTIONS: JSON.stringify(workerOptions),
  };
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./webhook-server-process.ts", import.meta.url))], { env, stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`server process ended before it was ready: ${stderr}`);
  const ready = JSON.parse(first.value as string) as { url: string; pid: number; workerId: string };
  return {
    ...ready,
    child,
    backend(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${TEST_SECRET_KEY}`);
      if (init.body) headers.set("content-type", "application/json");
      return fetch(`${ready.url}${path}`, { ...init, headers });
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
