import { serve, type ServerType } from "@hono/node-server";
import { transform } from "esbuild";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_SECRET_KEY, type TestServer } from "../test-support/harness";
import { createMorphClient } from ".";

/** The README's "Your backend, in five lines", exactly as the README prints it. */
function readmeBackendExample(): string {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split("## Your backend, in five lines")[1];
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error("README.md has no ```ts block under \"Your backend, in five lines\"");
  return code;
}

describe("the README's backend example", () => {
  let server: TestServer;
  let http: ServerType;

  beforeAll(async () => {
    server = await startTestServer();
    // What the example's comment stands for: the user connects through <Connect>.
    await server.connect("org_42", ["accountingInvoice::list"]);
    http = await new Promise((resolve) => {
      const s = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await server.close();
  });

  it("runs as written against a real server and prints every invoice", async () => {
    const serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    // The example as JavaScript: its import becomes a parameter, its server URL this server's.
    const source = readmeBackendExample()
      .replace(/^import .*$/m, "")
      .replace("https://connect.example.com", serverUrl);
    const { code } = await transform(source, { loader: "ts", format: "esm" });
    const printed: unknown[][] = [];
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    const run = new AsyncFunction("createMorphClient", "process", "console", code);
    await run(createMorphClient, { env: { MORPH_SECRET_KEY: TEST_SECRET_KEY } }, { log: (...values: unknown[]) => printed.push(values) });

    // The sandbox's bakery has 34 sales invoices: each printed with its number and total.
    expect(printed).toHaveLength(34);
    for (const [number, total] of printed) {
      expect(number).toMatch(/^\d+$/);
      expect(typeof total).toBe("number");
    }
  });
});
