/**
 * The examples in Python, Ruby, PHP and Go, each run as a user would run it against a real server (sandbox
 * mode, a real HTTP port): create a connection and print its authorizationUrl, list a connected owner's
 * contacts, and verify a real webhook delivery's signature. `.ci/run` installs the four toolchains; on a
 * machine without one, its tests are skipped with a message (CI=true makes a missing one a failure).
 */
import { serve, type ServerType } from "@hono/node-server";
import { spawn, spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_SECRET_KEY, type TestServer } from "../server/test-support/harness";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "../server/test-support/webhook-receiver";
import { deliveryWorkerFor, type DeliveryWorker } from "../server/webhooks/delivery-worker";

const here = dirname(fileURLToPath(import.meta.url));

interface Language {
  name: string;
  /** The toolchain's binary, looked up on PATH. */
  binary: string;
  command: (args: string[]) => { file: string; args: string[]; cwd: string };
}

const LANGUAGES: Language[] = [
  { name: "Python", binary: "python3", command: (args) => ({ file: "python3", args: ["morph_example.py", ...args], cwd: join(here, "python") }) },
  { name: "Ruby", binary: "ruby", command: (args) => ({ file: "ruby", args: ["morph_example.rb", ...args], cwd: join(here, "ruby") }) },
  { name: "PHP", binary: "php", command: (args) => ({ file: "php", args: ["morph_example.php", ...args], cwd: join(here, "php") }) },
  { name: "Go", binary: "go", command: (args) => ({ file: "go", args: ["run", ".", ...args], cwd: join(here, "go") }) },
];

const installed = (binary: string) => spawnSync("sh", ["-c", `command -v ${binary}`]).status === 0;

describe("the examples in four languages", () => {
  let server: TestServer;
  let http: ServerType;
  let serverUrl: string;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  let delivery: ReceivedWebhook;
  let webhookSecret: string;

  beforeAll(async () => {
    server = await startTestServer();
    await server.connect("org_examples", ["genericContact::list"]);
    http = await new Promise((resolve) => {
      const s = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    // A real, signed delivery: an endpoint at a local receiver, and the server's test event sent to it.
    receiver = await startWebhookReceiver();
    worker = deliveryWorkerFor(server.ctx).start();
    const created = await server.backend("/v1/webhooks/endpoints", { method: "POST", body: JSON.stringify({ url: receiver.url, events: ["webhook.test"] }) });
    const endpoint = ((await created.json()) as { data: { id: string; secret: string } }).data;
    webhookSecret = endpoint.secret;
    await server.backend(`/v1/webhooks/endpoints/${endpoint.id}/test`, { method: "POST" });
    [delivery] = (await receiver.waitFor(1)) as [ReceivedWebhook];
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await new Promise((resolve) => http?.close(resolve));
    await server?.close();
  });

  for (const language of LANGUAGES) {
    const available = installed(language.binary);
    if (!available && process.env.CI) {
      it(`${language.name}: its toolchain is installed (.ci/run installs it)`, () => {
        expect.fail(`${language.binary} is not on PATH`);
      });
      continue;
    }
    if (!available) console.warn(`[examples] ${language.binary} is not installed: the ${language.name} example is skipped (apt-get install it to run it).`);

    describe.skipIf(!available)(language.name, () => {
      // Asynchronous: the server answers from this very process, so a synchronous spawn would wait for itself.
      const run = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) => {
        const { file, args: argv, cwd } = language.command(args);
        const child = spawn(file, argv, { cwd, env: { ...process.env, MORPH_URL: serverUrl, MORPH_SECRET_KEY: TEST_SECRET_KEY, ...options.env } });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.stdin.end(options.input ?? "");
        const killer = setTimeout(() => child.kill("SIGKILL"), 120_000);
        return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
          child.on("error", reject);
          child.on("close", (status) => {
            clearTimeout(killer);
            resolve({ status, stdout, stderr });
          });
        });
      };
      const verify = (body: string, headers: Record<string, string>, secret = webhookSecret) =>
        run(["verify"], {
          input: body,
          env: { MORPH_WEBHOOK_SECRET: secret, WEBHOOK_ID: headers["webhook-id"]!, WEBHOOK_TIMESTAMP: headers["webhook-timestamp"]!, WEBHOOK_SIGNATURE: headers["webhook-signature"]! },
        });

      it("creates a connection and prints its authorizationUrl", async () => {
        const ownerId = `org_${language.binary}_new`;
        const answer = await run(["connect", ownerId]);
        expect(answer.stderr).toBe("");
        expect(answer.status).toBe(0);
        // A page on this server (its MORPH_PUBLIC_URL) that the user opens.
        const publicUrl = server.ctx.config.publicUrl.replaceAll(".", "\\.");
        expect(answer.stdout).toMatch(new RegExp(`^authorizationUrl: ${publicUrl}/\\S+$`, "m"));
        expect(answer.stdout).toMatch(/^expiresAt: \d{4}-\d\d-\d\dT/m);
        const stored = await server.backend(`/v1/connections/exact-online/${ownerId}`);
        expect(((await stored.json()) as { data: { status: string } }).data.status).toBe("pending");
      });

      it("lists the first contacts of a connected owner, as the API answers them", async () => {
        const answer = await run(["contacts", "org_examples"]);
        expect(answer.stderr).toBe("");
        expect(answer.status).toBe(0);
        const listed = await server.backend("/v1/resources/genericContact?limit=5", { headers: { "x-owner-id": "org_examples" } });
        const contacts = ((await listed.json()) as { data: Array<{ id: string; firstName: string | null; lastName: string | null }> }).data;
        const expected = contacts.map((c) => `${c.id}  ${[c.firstName ?? "", c.lastName ?? ""].join(" ")}`.trimEnd());
        expect(answer.stdout.trimEnd().split("\n")).toEqual(expected);
      });

      it("reports the server's error code for an owner that is not connected", async () => {
        const answer = await run(["contacts", "org_nobody"]);
        expect(answer.status).toBe(1);
        expect(answer.stderr).toContain("404 CONNECTION_NOT_FOUND");
      });

      it("verifies a real delivery's signature, and refuses a changed body, another secret and a stale timestamp", async () => {
        expect(await verify(delivery.body, delivery.headers)).toMatchObject({ status: 0, stdout: "valid webhook.test\n" });
        expect(await verify(delivery.body.replace("webhook.test", "webhook.tset"), delivery.headers)).toMatchObject({ status: 1, stdout: "invalid signature\n" });
        const otherSecret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
        expect(await verify(delivery.body, delivery.headers, otherSecret)).toMatchObject({ status: 1, stdout: "invalid signature\n" });
        const stale = { ...delivery.headers, "webhook-timestamp": String(Number(delivery.headers["webhook-timestamp"]) - 600) };
        expect(await verify(delivery.body, stale)).toMatchObject({ status: 1, stdout: "invalid signature\n" });
        // During a secret rotation the header carries two signatures: the one that matches is enough.
        const rotated = { ...delivery.headers, "webhook-signature": `v1,${Buffer.alloc(32).toString("base64")} ${delivery.headers["webhook-signature"]}` };
        expect(await verify(delivery.body, rotated)).toMatchObject({ status: 0, stdout: "valid webhook.test\n" });
      });
    });
  }
});

