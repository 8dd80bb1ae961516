import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Morph, useConnect } from "../index";
import { createFakePopupOpener } from "../testing/fake-popup";
import { createFakeTransport, fakeConnection, FAKE_ORIGIN } from "../testing/fake-transport";
import { postCallbackMessage } from "../testing/post-callback-message";

afterEach(cleanup);

// The README's headless example, as a host would write it.
function MyConnectButton({ sessionToken, onSuccess }: { sessionToken: string; onSuccess: (c: unknown) => void }) {
  const { ready, status, error, connection, open } = useConnect({ sessionToken, connectionCallbacks: { onSuccess } });
  if (connection) return <p>Connected to {connection.divisionName}</p>;
  return (
    <button disabled={!ready || status === "authorizing"} onClick={() => open()}>
      {error ? `Try again (${error.code})` : "Connect Exact Online"}
    </button>
  );
}

describe("useConnect, headless", () => {
  it("runs the whole flow from a host's own button", async () => {
    const popupOpener = createFakePopupOpener();
    const onSuccess = vi.fn();
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} transport={createFakeTransport({ outcome: "manual" })} popupOpener={popupOpener}>
        <MyConnectButton sessionToken="token" onSuccess={onSuccess} />
      </Morph.Provider>,
    );
    const button = await screen.findByRole("button", { name: "Connect Exact Online" });
    await vi.waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    expect(popupOpener.popups).toHaveLength(1);
    expect(popupOpener.popups[0]!.url).toContain("region=nl");
    expect((button as HTMLButtonElement).disabled).toBe(true);

    act(() => postCallbackMessage(FAKE_ORIGIN, popupOpener.popups[0]!.nonce, { ok: true, connection: fakeConnection() }));
    await screen.findByText(`Connected to ${fakeConnection().divisionName}`);
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it("reports a blocked popup through error", async () => {
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} transport={createFakeTransport({ outcome: "manual" })} popupOpener={createFakePopupOpener({ blocked: true })}>
        <MyConnectButton sessionToken="token" onSuccess={vi.fn()} />
      </Morph.Provider>,
    );
    const button = await screen.findByRole("button", { name: "Connect Exact Online" });
    await vi.waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    await screen.findByRole("button", { name: "Try again (POPUP_BLOCKED)" });
  });
});
