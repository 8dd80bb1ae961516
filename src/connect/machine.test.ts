import { describe, expect, it } from "vitest";
import { fakeConnection, fakeSession } from "../testing/fake-transport";
import { connectReducer, initialMachineState } from "./machine";
import type { ConnectEvent, MachineState } from "./machine";

const session = fakeSession();
const attempt = { nonce: "n1", region: "nl" as const, optionalOperations: [] };
const run = (events: ConnectEvent[], from: MachineState = initialMachineState) => events.reduce(connectReducer, from);

describe("connect machine", () => {
  it("goes loading → idle → choosing → authorizing → connected", () => {
    const loaded = run([{ type: "SESSION_LOADED", session }]);
    expect(loaded.state.status).toBe("idle");
    const choosing = run([{ type: "OPEN" }], loaded);
    expect(choosing).toMatchObject({ state: { status: "choosing" }, dialogOpen: true });
    const authorizing = run([{ type: "START", attempt }], choosing);
    expect(authorizing.state).toMatchObject({ status: "authorizing", attempt });
    const connected = run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], authorizing);
    expect(connected.state.status).toBe("connected");
  });

  it("starts connected when the session already has a connection", () => {
    const state = run([{ type: "SESSION_LOADED", session: fakeSession({ connection: fakeConnection() }) }]);
    expect(state.state.status).toBe("connected");
  });

  it("opening the dialog while loading lands in choosing once the session arrives", () => {
    const state = run([{ type: "OPEN" }, { type: "SESSION_LOADED", session }]);
    expect(state).toMatchObject({ state: { status: "choosing" }, dialogOpen: true });
  });

  it("ignores a result for another attempt", () => {
    const authorizing = run([{ type: "SESSION_LOADED", session }, { type: "OPEN" }, { type: "START", attempt }]);
    const after = run([{ type: "SUCCEEDED", nonce: "other", connection: fakeConnection() }], authorizing);
    expect(after).toBe(authorizing);
  });

  it("keeps watching after POPUP_CLOSED so that a late success still connects", () => {
    const error = { code: "POPUP_CLOSED" as const, message: "closed" };
    const failed = run([
      { type: "SESSION_LOADED", session },
      { type: "OPEN" },
      { type: "START", attempt },
      { type: "POPUP_CLOSED_SEEN", nonce: "n1" },
      { type: "POPUP_GONE", nonce: "n1", error },
    ]);
    expect(failed.state).toMatchObject({ status: "failed", error, watching: attempt });
    expect(run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], failed).state.status).toBe("connected");
    const ended = run([{ type: "ATTEMPT_ENDED", nonce: "n1" }], failed);
    expect(run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], ended).state.status).toBe("failed");
  });

  it("cancel returns to choosing and drops the attempt", () => {
    const cancelled = run([{ type: "SESSION_LOADED", session }, { type: "OPEN" }, { type: "START", attempt }, { type: "CANCELLED" }]);
    expect(cancelled.state.status).toBe("choosing");
    expect(run([{ type: "SUCCEEDED", nonce: "n1", connection: fakeConnection() }], cancelled).state.status).toBe("choosing");
  });

  it("disconnecting goes back to idle with the dialog closed", () => {
    const connected = run([{ type: "SESSION_LOADED", session: fakeSession({ connection: fakeConnection() }) }, { type: "OPEN" }]);
    expect(run([{ type: "DISCONNECTED" }], connected)).toMatchObject({ state: { status: "idle" }, dialogOpen: false });
  });

  it("a session error while loading fails without a session", () => {
    const error = { code: "SESSION_EXPIRED" as const, message: "expired" };
    expect(run([{ type: "FAILED", error }]).state).toEqual({ status: "failed", session: null, error, lastAttempt: undefined });
  });
});
