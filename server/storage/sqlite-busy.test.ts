import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { answerConsent } from "../test-support/consent";
import { startTestServer, TEST_ORIGIN, type TestServer } from "../test-support/harness";

// Issue 8, defect 6: another process holding SQLite's write lock must not freeze this one.
describe("a busy SQLite database", () => {
  let server: TestServer;
  let other: SQLite.Database | undefined;
  afterEach(async () => {
    other?.close();
    other = undefined;
    await server.close();
  });

  /** A second connection (as another process would have) that holds the write lock until closed. */
  function holdWriteLock() {
    other = new SQLite(server.databaseFile);
    other.exec("BEGIN IMMEDIATE");
  }

  async function authorizeUrl(ownerId: string) {
    const sessionToken = await server.mintSession(ownerId, ["genericContact::list"]);
    const nonce = `nonce-${ownerId}-0123456789`;
    return `/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce })}`;
  }

  it("keeps /health fast and answers a write with 503 UNAVAILABLE instead of blocking the event loop", async () => {
    server = await startTestServer();
    const url = await authorizeUrl("org_busy_db");
    holdWriteLock();
    let authorizeDone = false;
    const authorize = Promise.resolve(server.app.request(url)).then((response) => {
      authorizeDone = true;
      return response;
    });
    // Give the authorize request time to hit the lock; a blocked event loop would not even run this timer.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const health = await server.app.request("/health");
    expect(health.status).toBe(200);
    expect(authorizeDone).toBe(false); // /health answered while the write was still waiting for the lock
    expect(Date.now() - started).toBeLessThan(1_000);
    const page = await authorize;
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("UNAVAILABLE");
    // Once the lock is gone, the same request goes through.
    other!.exec("ROLLBACK");
    expect((await server.app.request(url.replace("0123456789", "9876543210"))).status).toBe(302);
  });

  it("the callback page shows a busy database, and a reload finishes the connection", async () => {
    server = await startTestServer();
    const authorize = await server.app.request(await authorizeUrl("org_busy_callback"));
    const callback = await answerConsent(authorize.headers.get("location")!);
    holdWriteLock();
    const page = await server.app.request(`${callback.pathname}${callback.search}`);
    expect(page.status).toBe(503);
    const html = await page.text();
    expect(html).toContain("busy");
    other!.exec("ROLLBACK");
    const reload = await server.app.request(`${callback.pathname}${callback.search}`);
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain("is connected");
  });
});
