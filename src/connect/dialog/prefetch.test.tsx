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
  it("starts on focus of the button (intent), so the click then opens the real dialog at once", async () => {
    // Idle never comes in this test: only the intent can have fetched the chunk.
    vi.stubGlobal("requestIdleCallback", () => 0);
    vi.stubGlobal("cancelIdleCallback", () => {});
    const loader = await import("./load-dialog");
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} locale="en" transport={createFakeTransport({ outcome: "manual" })}>
        <Connect sessionToken="token" />
      </Morph.Provider>,
    );
    const trigger = await screen.findByRole("button", { name: "Connect Exact Online" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = renderHookValue(loader.useConnectDialog);
    expect(before).toBeNull();

    // Nobody but the focus handler asks for the chunk here.
    act(() => trigger.focus());
    await vi.waitFor(() => expect(renderHookValue(loader.useConnectDialog)).not.toBeNull());
    act(() => trigger.click());
    expect(document.querySelector("[data-slot=dialog-shell]")).toBeNull();
    expect(document.querySelector("[data-slot=dialog]")).not.toBeNull();
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
