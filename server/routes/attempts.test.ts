import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttemptSignals } from "../attempt-signals";
import { startTestServer, type TestServer } from "../test-support/harness";

describe("attempt routes with nonces that are also EventEmitter event names", () => {
  let server: TestServer;
  let sessionToken: string;
  beforeAll(async () => {
    server = await startTestServer();
    sessionToken = await server.mintSession("org_attempts", ["genericContact::list"]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(["error", "newListener", "removeListener", "__proto__"])("DELETE /v1/connect/attempts/%s is an ordinary answer, not a 500", async (nonce) => {
    const response = await server.app.request(`/v1/connect/attempts/${nonce}`, { method: "DELETE", headers: { authorization: `Bearer ${sessionToken}` } });
    expect(response.status).toBe(204);
    const read = await server.app.request(`/v1/connect/attempts/${nonce}`, { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(read.status).toBe(404);
  });
});

describe("AttemptSignals", () => {
  it("wakes the listeners of one nonce only, whatever the nonce", () => {
    const signals = new AttemptSignals();
    const woken: string[] = [];
    const stopError = signals.subscribe("error", () => woken.push("error"));
    signals.subscribe("other-nonce-0000000", () => woken.push("other"));
    signals.notify("error");
    signals.notify("nobody-listens");
    stopError();
    signals.notify("error");
    expect(woken).toEqual(["error"]);
  });
});
