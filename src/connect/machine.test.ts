import { describe, expect, it } from "vitest";
import { fakeConnection, fakeSession } from "../testing/fake-transport";
import { connectReducer, initialState } from "./machine";
import type { ConnectEvent, ConnectState } from "./machine";

const session = fakeSession();
const attempt = { nonce: "n1", region: "nl" as const, optionalOperations: [] };
const run = (events: ConnectEvent[], from: ConnectState = initialState) => events.reduce(connectReducer, from);

describe("connect machine", () => {
  it("goes loading → idle → authorizing → connected", () => {
    const idle = run([{ type: "SESSION_LOADED", session }]);
    expect(idle.status).toBe("idle");
    const authorizing = run([{ type: "START", attempt }], idle);
    expect(authorizing).toMatchObject({ status: "authorizing", attempt });
    const connected = run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], authorizing);
    expect(connected.status).toBe("connected");
  });

  it("has no dialog state: the machine is the same whether a dialog shows or not", () => {
    const statuses = new Set<string>();
    for (const events of [
      [{ type: "SESSION_LOADED", session }],
      [{ type: "SESSION_LOADED", session }, { type: "START", attempt }, { type: "CANCELLED" }],
    ] satisfies ConnectEvent[][]) {
      const state = run(events);
      statuses.add(state.status);
      expect(Object.keys(state).sort()).toEqual(["session", "status"]);
    }
    expect([...statuses]).toEqual(["idle"]);
  });

  it("starts connected when the session already has a connection", () => {
    const state = run([{ type: "SESSION_LOADED", session: fakeSession({ connection: fakeConnection() }) }]);
    expect(state.status).toBe("connected");
  });

  it("shows the outcome a redirect brought back, but only over a loaded session", () => {
    const error = { code: "ACCESS_DENIED" as const, message: "denied" };
    const back = { type: "RETURNED", returned: { attemptId: "att_1", status: "failed", error } } satisfies ConnectEvent;
    expect(run([back])).toBe(initialState);
    expect(run([{ type: "SESSION_LOADED", session }, back])).toEqual({ status: "failed", session, error });
    const connection = fakeConnection();
    const connected = run([
      { type: "SESSION_LOADED", session },
      { type: "RETURNED", returned: { attemptId: "att_2", status: "succeeded", connection } },
    ]);
    expect(connected).toEqual({ status: "connected", session, connection });
  });

  it("ignores a start before the session has loaded", () => {
    expect(run([{ type: "START", attempt }])).toBe(initialState);
  });

  it("ignores a result for another attempt", () => {
    const authorizing = run([{ type: "SESSION_LOADED", session }, { type: "START", attempt }]);
    const after = run([{ type: "SUCCEEDED", nonce: "other", connection: fakeConnection() }], authorizing);
    expect(after).toBe(authorizing);
  });

  it("keeps watching after POPUP_CLOSED so that a late success still connects", () => {
    const error = { code: "POPUP_CLOSED" as const, message: "closed" };
    const failed = run([
      { type: "SESSION_LOADED", session },
      { type: "START", attempt },
      { type: "POPUP_CLOSED_SEEN", nonce: "n1" },
      { type: "POPUP_GONE", nonce: "n1", error },
    ]);
    expect(failed).toMatchObject({ status: "failed", error, watching: attempt });
    expect(run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], failed).status).toBe("connected");
    const ended = run([{ type: "ATTEMPT_ENDED", nonce: "n1" }], failed);
    expect(run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], ended).status).toBe("failed");
  });

  it("cancel returns to idle and drops the attempt", () => {
    const cancelled = run([{ type: "SESSION_LOADED", session }, { type: "START", attempt }, { type: "CANCELLED" }]);
    expect(cancelled.status).toBe("idle");
    expect(run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], cancelled).status).toBe("idle");
  });

  it("disconnecting goes back to idle, the session without its connection", () => {
    const connected = run([{ type: "SESSION_LOADED", session: fakeSession({ connection: fakeConnection() }) }]);
    expect(run([{ type: "DISCONNECTED" }], connected)).toMatchObject({ status: "idle", session: { connection: null } });
  });

  it("a session error while loading fails without a session", () => {
    const error = { code: "SESSION_EXPIRED" as const, message: "expired" };
    expect(run([{ type: "FAILED", error }])).toEqual({ status: "failed", session: null, error, lastAttempt: undefined });
  });
});
