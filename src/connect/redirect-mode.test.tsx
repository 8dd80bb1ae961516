import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Connect, Morph, useConnect } from "../index";
import type { ConnectProps, UseConnectResult } from "../index";
import type { AttemptOutcome } from "../protocol";
import { createFakePopupOpener } from "../testing/fake-popup";
import { createFakeTransport, fakeConnection, FAKE_ORIGIN } from "../testing/fake-transport";
import type { FakeScenario } from "../testing/fake-transport";
import { navigateTo } from "./redirect";
import type * as Redirect from "./redirect";

// jsdom cannot leave the page: record where the widget sends the tab instead.
vi.mock("./redirect", async (importOriginal) => ({ ...(await importOriginal<typeof Redirect>()), navigateTo: vi.fn() }));
const navigate = vi.mocked(navigateTo);

const PAGE = "http://localhost:3000/settings/integrations?tab=exact#accounting";
// Ids are remembered for the whole page life (module state), so every test has its own.
let counter = 0;
const newAttemptId = () => `att_${String(++counter).padStart(22, "A")}`;

beforeEach(() => {
  navigate.mockClear();
  window.history.replaceState(null, "", PAGE);
});
afterEach(cleanup);

/** What the tab looks like when Exact sends it back: `morph_attempt` added, the page's own query and fragment kept. */
function comeBackWith(attemptId: string) {
  window.history.replaceState(null, "", `/settings/integrations?tab=exact&morph_attempt=${attemptId}#accounting`);
}

function setup(scenario: FakeScenario, props: Partial<ConnectProps> = {}, options: { strict?: boolean; blocked?: boolean } = {}) {
  const transport = createFakeTransport({ outcome: "manual", ...scenario });
  const popupOpener = createFakePopupOpener({ blocked: options.blocked });
  const callbacks = { onSuccess: vi.fn(), onError: vi.fn(), onClose: vi.fn() };
  const tree: ReactNode = (
    <Morph.Provider serverUrl={FAKE_ORIGIN} transport={transport} popupOpener={popupOpener}>
      <Connect sessionToken="token-of-this-page-load" connectionCallbacks={callbacks} {...props} />
    </Morph.Provider>
  );
  const view = render(options.strict ? <StrictMode>{tree}</StrictMode> : tree);
  return { transport, popupOpener, view, tree, ...callbacks };
}

/** Where the tab was sent (the navigation code is fetched after the click, so it lands a moment later). */
async function navigatedTo(): Promise<URL> {
  await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  return new URL(navigate.mock.calls[0]![0]);
}

const dialogText = (text: string) => screen.findByText(text, { selector: "[role=dialog] p" });

describe("<Connect mode=\"redirect\">: leaving for Exact", () => {
  it("sends the whole tab to the authorize URL with mode=redirect and this page as returnUrl, no popup", async () => {
    const { popupOpener, transport } = setup({}, { mode: "redirect" });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));

    const url = await navigatedTo();
    expect(popupOpener.popups).toHaveLength(0);
    expect(url.origin + url.pathname).toBe(`${FAKE_ORIGIN}/v1/connect/authorize`);
    expect(url.searchParams.get("nonce")).toBe(transport.nonces[0]);
    expect(url.searchParams.get("region")).toBe("nl");
    expect(url.searchParams.get("mode")).toBe("redirect");
    expect(url.searchParams.get("returnUrl")).toBe(PAGE);
    await dialogText("Opening Exact Online…");
    // Nothing to focus and nothing to cancel: the page is leaving.
    expect(screen.queryByRole("button", { name: "Focus window" })).toBeNull();
  });

  it("comes back to returnUrl (relative to the page), never carrying a stale morph_attempt along", async () => {
    setup({}, { mode: "redirect", returnUrl: "/settings/done?morph_attempt=att_old#top" });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    expect((await navigatedTo()).searchParams.get("returnUrl")).toBe("http://localhost:3000/settings/done#top");
  });

  it("refuses a returnUrl that is not http(s) with VALIDATION_ERROR and stays on the page", async () => {
    const { onError } = setup({}, { mode: "redirect", returnUrl: "javascript:alert(1)" });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "VALIDATION_ERROR" })));
    expect(navigate).not.toHaveBeenCalled();
  });

  it("goes back to the chooser when the page comes out of the back/forward cache", async () => {
    setup({}, { mode: "redirect" });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    await dialogText("Opening Exact Online…");
    act(() => {
      window.dispatchEvent(Object.assign(new Event("pageshow"), { persisted: true }));
    });
    expect(await screen.findByRole("button", { name: "Continue" })).toBeTruthy();
  });
});

describe("back from Exact (?morph_attempt=)", () => {
  const succeeded: AttemptOutcome = { status: "succeeded", connection: fakeConnection() };

  it("under StrictMode: reads the outcome once, reports onSuccess once, opens on it, cleans the address bar", async () => {
    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const { transport, onSuccess, onError } = setup({ returnedAttempts: { [attemptId]: succeeded } }, {}, { strict: true });
    await dialogText("Connected to Exact Online");
    expect(screen.getByText("Bakkerij De Gouden Korenschoof B.V.")).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledWith(fakeConnection());
    expect(onError).not.toHaveBeenCalled();
    expect(transport.calls.filter((call) => call.startsWith("getReturnedAttempt"))).toEqual([`getReturnedAttempt:${attemptId}`]);
    expect(window.location.href).toBe(PAGE);
  });

  it("two <Connect>s on the returned page: one report between them", async () => {
    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const transport = createFakeTransport({ outcome: "manual", returnedAttempts: { [attemptId]: succeeded } });
    const onSuccess = vi.fn();
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} transport={transport}>
        <Connect sessionToken="token" connectionCallbacks={{ onSuccess }} />
        <Connect sessionToken="token" connectionCallbacks={{ onSuccess }} />
      </Morph.Provider>,
    );
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(transport.calls.filter((call) => call.startsWith("getReturnedAttempt"))).toHaveLength(1);
  });

  it("reads it with the session token this page load was given", async () => {
    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const transport = createFakeTransport({ outcome: "manual", returnedAttempts: { [attemptId]: succeeded } });
    const read = vi.spyOn(transport, "getReturnedAttempt");
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} transport={transport}>
        <Connect sessionToken="fresh-token-minted-for-the-return" />
      </Morph.Provider>,
    );
    await waitFor(() => expect(read).toHaveBeenCalledWith("fresh-token-minted-for-the-return", attemptId, expect.any(Number)));
  });

  it("never reports again: not after a remount, nor when the same id shows up in the address bar again", async () => {
    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const first = setup({ returnedAttempts: { [attemptId]: succeeded } });
    await waitFor(() => expect(first.onSuccess).toHaveBeenCalledTimes(1));
    cleanup();

    // What a reload finds: the parameter is gone, so there is nothing to report.
    const reloaded = setup({ returnedAttempts: { [attemptId]: succeeded } });
    // An SPA (or a bookmark) putting the same id back: already handled.
    comeBackWith(attemptId);
    const again = setup({ returnedAttempts: { [attemptId]: succeeded } });
    await waitFor(() => expect(document.querySelectorAll("[data-status=idle]")).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reloaded.onSuccess).not.toHaveBeenCalled();
    expect(again.onSuccess).not.toHaveBeenCalled();
    expect(window.location.href).toBe(PAGE);
  });

  it("never reports an attempt this tab handled on an earlier page load (a reload that beat the clean-up)", async () => {
    const attemptId = newAttemptId();
    // What the earlier load left in the tab's session storage.
    sessionStorage.setItem("morph-connect:returned-attempts", `att_other ${attemptId}`);
    comeBackWith(attemptId);
    const { onSuccess, onError, transport } = setup({ returnedAttempts: { [attemptId]: succeeded } });
    await waitFor(() => expect(document.querySelector("[data-status=idle]")).not.toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onSuccess).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(transport.calls.some((call) => call.startsWith("getReturnedAttempt"))).toBe(false);
    expect(window.location.href).toBe(PAGE);
  });

  it("a failed attempt (denied at Exact): onError once, the failed view, no onSuccess", async () => {
    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const denied: AttemptOutcome = { status: "failed", error: { code: "ACCESS_DENIED", message: "The user denied access" } };
    const { onSuccess, onError } = setup({ returnedAttempts: { [attemptId]: denied } }, { mode: "redirect" }, { strict: true });
    await dialogText("Access was not granted in Exact Online.");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith({ code: "ACCESS_DENIED", message: "The user denied access" });
    expect(onSuccess).not.toHaveBeenCalled();

    // "Try again" goes back to the chooser, whose Continue leaves in redirect mode again.
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    expect((await navigatedTo()).searchParams.get("mode")).toBe("redirect");
  });

  it("an attempt of another owner (404) or a made-up id: onError INVALID_STATE, no crash", async () => {
    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const { onError, onSuccess } = setup({ returnedAttempts: {} });
    await dialogText("The sign-in could not be verified.");
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "INVALID_STATE" }));
    expect(onSuccess).not.toHaveBeenCalled();
    cleanup();

    comeBackWith("not-an-attempt-id");
    const madeUp = setup({ returnedAttempts: {} });
    await waitFor(() => expect(madeUp.onError).toHaveBeenCalledWith(expect.objectContaining({ code: "INVALID_STATE" })));
    // Not even asked: the id cannot be one the server made.
    expect(madeUp.transport.calls.some((call) => call.startsWith("getReturnedAttempt"))).toBe(false);
  });

  it("an expired attempt: STATE_EXPIRED; granted rights Exact refuses: onSuccess, then INSUFFICIENT_PERMISSIONS", async () => {
    const expiredId = newAttemptId();
    comeBackWith(expiredId);
    const expired = setup({ returnedAttempts: { [expiredId]: { status: "expired" } } });
    await waitFor(() => expect(expired.onError).toHaveBeenCalledWith(expect.objectContaining({ code: "STATE_EXPIRED" })));
    cleanup();

    const missingId = newAttemptId();
    comeBackWith(missingId);
    const connection = fakeConnection({ missingOperations: ["genericContact::create"] });
    const missing = setup({ returnedAttempts: { [missingId]: { status: "succeeded", connection } } });
    await waitFor(() => expect(missing.onSuccess).toHaveBeenCalledWith(connection));
    expect(missing.onError).toHaveBeenCalledWith(expect.objectContaining({ code: "INSUFFICIENT_PERMISSIONS", missing: ["genericContact::create"] }));
  });
});

describe("POPUP_BLOCKED: Continue in this tab", () => {
  it("offers a keyboard-reachable button that sends the blocked attempt through the tab instead", async () => {
    const { popupOpener } = setup({}, {}, { blocked: true });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.change(await screen.findByLabelText("Region"), { target: { value: "be" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByText("Your browser blocked the Exact Online window. Allow pop-ups for this site, then try again.", { selector: "p" });
    expect(popupOpener.popups).toHaveLength(0);

    const button = screen.getByRole("button", { name: "Continue in this tab" });
    expect(button.tagName).toBe("BUTTON");
    expect(button.tabIndex).toBe(0);
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    const url = await navigatedTo();
    expect(url.searchParams.get("mode")).toBe("redirect");
    expect(url.searchParams.get("region")).toBe("be");
    expect(url.searchParams.get("returnUrl")).toBe(PAGE);
  });

  it("is not offered for other errors", async () => {
    setup({ outcome: "denied", delayMs: 0 });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    await screen.findByText("Access was not granted in Exact Online.", { selector: "p" });
    expect(screen.queryByRole("button", { name: "Continue in this tab" })).toBeNull();
  });
});

describe("useConnect, headless", () => {
  function Probe({ onHook, onSuccess }: { onHook: (hook: UseConnectResult) => void; onSuccess?: () => void }) {
    onHook(useConnect({ sessionToken: "token", connectionCallbacks: { onSuccess } }));
    return null;
  }

  it("open({ mode: \"redirect\", returnUrl }) leaves for Exact; back on the page, `returned` holds the outcome", async () => {
    let hook: UseConnectResult | undefined;
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} transport={createFakeTransport({ outcome: "manual" })}>
        <Probe onHook={(value) => (hook = value)} />
      </Morph.Provider>,
    );
    await waitFor(() => expect(hook!.ready).toBe(true));
    act(() => hook!.open({ mode: "redirect", returnUrl: "https://app.example.test/after?x=1", region: "de" }));
    const url = await navigatedTo();
    expect(url.searchParams.get("returnUrl")).toBe("https://app.example.test/after?x=1");
    expect(url.searchParams.get("region")).toBe("de");
    expect(hook!.status).toBe("authorizing");
    expect(hook!.returned).toBeNull();
    cleanup();

    const attemptId = newAttemptId();
    comeBackWith(attemptId);
    const onSuccess = vi.fn();
    render(
      <StrictMode>
        <Morph.Provider
          serverUrl={FAKE_ORIGIN}
          transport={createFakeTransport({ outcome: "manual", returnedAttempts: { [attemptId]: { status: "succeeded", connection: fakeConnection() } } })}
        >
          <Probe onHook={(value) => (hook = value)} onSuccess={onSuccess} />
        </Morph.Provider>
      </StrictMode>,
    );
    await waitFor(() => expect(hook!.status).toBe("connected"));
    expect(hook!.returned).toEqual({ attemptId, status: "succeeded", connection: fakeConnection() });
    expect(hook!.connection).toEqual(fakeConnection());
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });
});
