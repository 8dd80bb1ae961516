import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Morph, useConnect } from "../index";
import type { UseConnectResult } from "../index";
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

  it("has the shape of usePlaidLink: status, ready, error, connection, open, cancel, retry, disconnect (and returned)", async () => {
    const transport = createFakeTransport({ outcome: "manual", session: { optionalOperations: ["genericCompany::list", "genericContact::delete"] } });
    const popupOpener = createFakePopupOpener();
    const authorize = vi.spyOn(transport, "authorizeUrl");
    let hook: UseConnectResult | undefined;
    function Probe() {
      hook = useConnect({ sessionToken: "token" });
      return null;
    }
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} transport={transport} popupOpener={popupOpener}>
        <Probe />
      </Morph.Provider>,
    );
    expect(Object.keys(hook!).sort()).toEqual(["cancel", "connection", "disconnect", "error", "open", "ready", "retry", "returned", "status"]);
    await vi.waitFor(() => expect(hook!.ready).toBe(true));
    expect(hook!.status).toBe("idle");

    // A headless UI chooses the region and optional operations itself.
    act(() => hook!.open({ region: "be", optionalOperations: ["genericCompany::list"] }));
    const popup = popupOpener.popups[0]!;
    expect(popup.url).toContain("region=be");
    expect(authorize).toHaveBeenCalledWith(expect.objectContaining({ region: "be", operations: ["genericCompany::list"] }));
    expect(hook!.status).toBe("authorizing");

    act(() => hook!.cancel());
    expect(popup.closed).toBe(true);
    expect(transport.calls).toContain(`cancelAttempt:${popup.nonce}`);
    expect(hook!.status).toBe("idle");

    act(() => hook!.open());
    act(() => postCallbackMessage(FAKE_ORIGIN, popupOpener.popups[1]!.nonce, { ok: true, connection: fakeConnection() }));
    await vi.waitFor(() => expect(hook!.status).toBe("connected"));
    expect(hook!.connection).toEqual(fakeConnection());
    let gone: boolean | undefined;
    await act(async () => {
      gone = await hook!.disconnect();
    });
    expect(gone).toBe(true);
    expect(hook!.status).toBe("idle");
    expect(hook!.connection).toBeNull();
  });
});
