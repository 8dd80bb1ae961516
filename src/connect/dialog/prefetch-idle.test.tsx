// Its own file on purpose: Vitest isolates modules per file, so the dialog's chunk starts unloaded here.
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Connect, Morph } from "../../index";
import { createFakeTransport, FAKE_ORIGIN } from "../../testing/fake-transport";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("prefetching the dialog's chunk", () => {
  it("starts when the page is idle", async () => {
    let idle: (() => void) | undefined;
    vi.stubGlobal("requestIdleCallback", (callback: () => void) => {
      idle = callback;
      return 1;
    });
    vi.stubGlobal("cancelIdleCallback", () => {});
    const loader = await import("./load-dialog");
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} locale="en" transport={createFakeTransport({ outcome: "manual" })}>
        <Connect sessionToken="token" />
      </Morph.Provider>,
    );
    await screen.findByRole("button", { name: "Connect Exact Online" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(renderHookValue(loader.useConnectDialog)).toBeNull();
    expect(idle).toBeTypeOf("function");
    act(() => idle?.());
    await vi.waitFor(() => expect(renderHookValue(loader.useConnectDialog)).not.toBeNull());
  });
});

/** The hook's current value, read in a throw-away component. */
function renderHookValue<T>(hook: () => T): T {
  let value: T | undefined;
  function Probe() {
    value = hook();
    return null;
  }
  const { unmount } = render(<Probe />);
  unmount();
  return value as T;
}
