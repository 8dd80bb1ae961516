// The two packages as a customer installs them. `npm pack` makes both tarballs; the widget goes into a
// fresh React app (which must not receive the server's database drivers or web framework), the server
// into an operator's empty project, where `npx @morph-connect/server` starts it in sandbox mode and its
// own demo page (shipped prebuilt in the package) connects in Chromium. Slow by nature: npm installs
// from its cache, and the server's SQLite driver compiles (about a minute on two cores).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { openConsentPopup, shown } from "./support/flow";
import { freePort, startAndWait, type Running } from "./support/next-app";
import { cleanEnv, installApp, packServer, packWidget } from "./support/packages";

test.describe.configure({ mode: "serial" });

const SERVER_ONLY = ["better-sqlite3", "pg", "hono", "kysely", "@hono/node-server", "undici", "tsx", "zod", "jose"];

let dir: string;
let widgetTarball: string;
let hostApp: string;
let operator: string;
let server: Running | undefined;

test.beforeAll(async () => {
  test.setTimeout(10 * 60_000);
  dir = mkdtempSync(join(tmpdir(), "morph-packages-"));
  widgetTarball = await packWidget(dir);
  const serverTarball = await packServer(dir);
  hostApp = join(dir, "host-app");
  operator = join(dir, "operator");
  const [hostSeconds, operatorSeconds] = await Promise.all([
    installApp(hostApp, { name: "acme-books", type: "module", dependencies: { "morph-connect": `file:${widgetTarball}`, react: "19.3.1", "react-dom": "19.3.1" } }, { "check.js": HOST_CHECK }),
    // What `npm install-scripts approve better-sqlite3` writes: npm 11 runs no dependency's install
    // script unless the project allows it, and the SQLite driver compiles in its install script.
    installApp(operator, { name: "acme-operator", dependencies: { "@morph-connect/server": `file:${serverTarball}` }, allowScripts: { "better-sqlite3": true } }),
  ]);
  console.log(`[packages] npm install: host app ${hostSeconds.toFixed(1)} s, operator ${operatorSeconds.toFixed(1)} s`);
});

test.afterAll(() => {
  server?.stop();
  if (dir?.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
});

/** A host's server-side render of the widget, plus the typed client and the lazily imported dialog chunk. */
const HOST_CHECK = `import { readdirSync } from "node:fs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { Connect, MorphProvider } from "morph-connect";
import { createMorphClient, verifyWebhook } from "morph-connect/server";
import { Webhook } from "standardwebhooks";

const html = renderToString(createElement(MorphProvider, { serverUrl: "http://localhost:1", locale: "en" }, createElement(Connect, { sessionToken: "token" })));
const dist = new URL("./node_modules/morph-connect/dist/", import.meta.url);
const dialogChunk = readdirSync(dist).find((file) => file.startsWith("connect-dialog-"));
const dialog = await import(new URL(dialogChunk, dist).href);
// A delivery signed as the server signs it, verified by the client (its standardwebhooks came with the widget).
const secret = "whsec_" + Buffer.alloc(24, 7).toString("base64");
const body = JSON.stringify({ id: "evt_1", type: "webhook.test", data: {} });
const signature = new Webhook(secret).sign("evt_1", new Date(), body);
const headers = { "webhook-id": "evt_1", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": signature };
const verified = verifyWebhook(body, headers, secret).type;
console.log(JSON.stringify({ html, client: typeof createMorphClient, dialogExports: Object.keys(dialog).length, verified }));
`;

test("the widget's tarball holds only what a host imports, and installs without the server's dependencies", () => {
  const files = execFileSync("tar", ["-tzf", widgetTarball], { encoding: "utf8" }).trim().split("\n").map((file) => file.replace(/^package\//, ""));
  expect(files.filter((file) => !/^(dist\/[^/]+\.(js|css)|dist\/lib\/.+\.d\.ts|package\.json|README\.md|LICENSE)$/.test(file))).toEqual([]);
  expect(files).not.toContain("dist/demo/demo.js");

  const modules = join(hostApp, "node_modules");
  for (const name of SERVER_ONLY) expect(existsSync(join(modules, name)), `${name} in the host app`).toBe(false);
  // Radix is a real dependency: one copy, shared with a host that uses Radix itself.
  for (const name of ["@radix-ui/react-dialog", "react-remove-scroll"]) expect(existsSync(join(modules, name)), `${name} in the host app`).toBe(true);

  const result = JSON.parse(execFileSync(process.execPath, ["check.js"], { cwd: hostApp, encoding: "utf8", env: cleanEnv() })) as { html: string; client: string; dialogExports: number; verified: string };
  expect(result.html).toContain("data-morph-root");
  expect(result.html).toContain("Connect Exact Online");
  expect(result.client).toBe("function");
  expect(result.dialogExports).toBeGreaterThan(0);
  expect(result.verified).toBe("webhook.test");
});

test("the server package starts with `npx @morph-connect/server` and its demo page connects", async ({ page }) => {
  test.setTimeout(2 * 60_000);
  // The demo is shipped prebuilt: the operator's project needs no React.
  expect(existsSync(join(operator, "node_modules/react"))).toBe(false);
  expect(readdirSync(join(operator, "node_modules/@morph-connect/server/dist"))).toEqual(expect.arrayContaining(["main.js", "demo"]));

  const port = await freePort();
  const url = `http://localhost:${port}`;
  server = await startAndWait("npx", ["@morph-connect/server"], {
    cwd: operator,
    env: cleanEnv({ PORT: String(port), MORPH_PUBLIC_URL: url }),
    url,
    healthUrl: `${url}/health`,
    timeoutMs: 60_000,
  });
  expect(server.output()).toContain("SANDBOX MODE");

  await page.goto(`${url}/demo/connectors/exact-online?theme=light`);
  const popup = await openConsentPopup(page);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Approve" }).click();
  await closed;
  await expect(shown(page, "Connected to Exact Online")).toBeVisible();
});
