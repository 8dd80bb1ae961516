import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { StrictMode } from "react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Connect, Morph } from "../index";
import { createFakePopupOpener } from "../testing/fake-popup";
import { createFakeTransport, fakeConnection, fakeSessionModels, FAKE_ORIGIN } from "../testing/fake-transport";
import type { Locale } from "../i18n/catalogues";
import type { Operation } from "../protocol";
import type { FakeScenario } from "../testing/fake-transport";
import { postCallbackMessage } from "../testing/post-callback-message";

afterEach(cleanup);

function setup(scenario: FakeScenario, options: { strict?: boolean; blocked?: boolean; count?: number; locale?: Locale } = {}) {
  const transport = createFakeTransport(scenario);
  const popupOpener = createFakePopupOpener({ blocked: options.blocked });
  const onSuccess = vi.fn();
  const onError = vi.fn();
  const onClose = vi.fn();
  const connects = Array.from({ length: options.count ?? 1 }, (_, index) => (
    <Connect key={index} sessionToken="token" connectionCallbacks={{ onSuccess, onError, onClose }} />
  ));
  const tree: ReactNode = (
    <Morph.Provider serverUrl={FAKE_ORIGIN} locale={options.locale ?? "en"} transport={transport} popupOpener={popupOpener}>
      {connects}
    </Morph.Provider>
  );
  render(options.strict ? <StrictMode>{tree}</StrictMode> : tree);
  return { transport, popupOpener, onSuccess, onError, onClose };
}

async function openDialogAndContinue() {
  fireEvent.click((await screen.findAllByRole("button", { name: "Connect Exact Online" }))[0]!);
  fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
}

const success = (nonce: string) =>
  postCallbackMessage(FAKE_ORIGIN, nonce, { ok: true, connection: fakeConnection() });

describe("<Connect>", () => {
  it("opens the popup synchronously in the Continue click and reports success once", async () => {
    const { popupOpener, transport, onSuccess, onError } = setup({ outcome: "manual" });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    expect(popupOpener.popups).toHaveLength(1);
    const popup = popupOpener.popups[0]!;
    expect(popup.url).toContain(`nonce=${popup.nonce}`);
    expect(popup.nonce).toMatch(/^[0-9a-f]{32}$/);
    await screen.findByText("Waiting for Exact Online…", { selector: "p" });

    act(() => success(popup.nonce));
    await screen.findByText("Connected to Exact Online", { selector: "p" });
    // The server's long-poll answering too must not report the same success again.
    act(() => transport.complete({ status: "succeeded", connection: fakeConnection() }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledWith(fakeConnection());
    expect(onError).not.toHaveBeenCalled();
    expect(screen.getByText("Bakkerij De Gouden Korenschoof B.V.")).toBeTruthy();
  });

  it("ignores messages from another origin, with another nonce or of another type", async () => {
    const { popupOpener, onSuccess } = setup({ outcome: "manual" });
    await openDialogAndContinue();
    const { nonce } = popupOpener.popups[0]!;
    act(() => {
      postCallbackMessage("https://evil.example", nonce, { ok: true, connection: fakeConnection() });
      postCallbackMessage(FAKE_ORIGIN, "0".repeat(32), { ok: true, connection: fakeConnection() });
      window.dispatchEvent(new MessageEvent("message", { origin: FAKE_ORIGIN, data: { type: "other", nonce } }));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onSuccess).not.toHaveBeenCalled();
    expect(screen.getByText("Waiting for Exact Online…", { selector: "p" })).toBeTruthy();
    act(() => success(nonce));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
  });

  it("sees completion through the server long-poll when no message arrives (COOP)", async () => {
    const { onSuccess } = setup({ outcome: "success", delayMs: 30 });
    await openDialogAndContinue();
    await screen.findByText("Connected to Exact Online", { selector: "p" });
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it("reports POPUP_BLOCKED when window.open returns null, and Try again opens it", async () => {
    const { popupOpener, onError } = setup({ outcome: "manual" }, { blocked: true });
    await openDialogAndContinue();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "POPUP_BLOCKED" }));
    await screen.findByText(/blocked the Exact Online window/, { selector: "p" });
    popupOpener.blocked = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(popupOpener.popups).toHaveLength(1);
    await screen.findByText("Waiting for Exact Online…", { selector: "p" });
  });

  it("reports ACCESS_DENIED when the user refuses consent", async () => {
    const { onError, onSuccess } = setup({ outcome: "denied", delayMs: 10 });
    await openDialogAndContinue();
    await screen.findByText("Access was not granted in Exact Online.", { selector: "p" });
    expect(onError).toHaveBeenCalledWith({ code: "ACCESS_DENIED", message: "The user denied access" });
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it("reports POPUP_CLOSED and onClose when the popup closes with no result, yet a late success still lands", async () => {
    const { popupOpener, transport, onError, onClose, onSuccess } = setup({ outcome: "manual" });
    await openDialogAndContinue();
    popupOpener.popups[0]!.closed = true;
    await screen.findByText("Checking the connection…", { selector: "p" }, { timeout: 2000 });
    await waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "POPUP_CLOSED" })), {
      timeout: 4000,
    });
    expect(onClose).toHaveBeenCalledTimes(1);
    await screen.findByText(/was closed before the connection was made/, { selector: "p" });

    // COOP made `closed` lie: the user finished consenting after all.
    act(() => transport.complete({ status: "succeeded", connection: fakeConnection() }));
    await screen.findByText("Connected to Exact Online", { selector: "p" });
    expect(onSuccess).toHaveBeenCalledTimes(1);
  }, 10_000);

  it("Cancel ends the attempt on the server and prevents a later onSuccess", async () => {
    const { popupOpener, transport, onSuccess, onClose } = setup({ outcome: "manual" });
    await openDialogAndContinue();
    const popup = popupOpener.popups[0]!;
    fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(transport.calls).toContain(`cancelAttempt:${popup.nonce}`);
    expect(popup.closed).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
    act(() => success(popup.nonce));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onSuccess).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Continue" })).toBeTruthy();
  });

  it("the dialog's open state is <Connect>'s: closing it mid-attempt cancels the attempt, closing the chooser reports onClose", async () => {
    const { popupOpener, transport, onClose } = setup({ outcome: "manual" });
    await openDialogAndContinue();
    const popup = popupOpener.popups[0]!;
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(transport.calls).toContain(`cancelAttempt:${popup.nonce}`);
    expect(popup.closed).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    // Reopened: the flow is idle again, so the chooser shows; closing it is one more onClose.
    fireEvent.click(screen.getByRole("button", { name: "Connect Exact Online" }));
    await screen.findByRole("button", { name: "Continue" });
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(onClose).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("opens one popup under StrictMode, even on a double click", async () => {
    const { popupOpener, onSuccess } = setup({ outcome: "manual" }, { strict: true });
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    const continueButton = await screen.findByRole("button", { name: "Continue" });
    fireEvent.click(continueButton);
    fireEvent.click(continueButton);
    expect(popupOpener.popups).toHaveLength(1);
    act(() => success(popupOpener.popups[0]!.nonce));
    await screen.findByText("Connected to Exact Online", { selector: "p" });
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it("two <Connect>s on one page never open two popups: the second focuses the first's", async () => {
    const { popupOpener } = setup({ outcome: "manual" }, { count: 2 });
    const [first, second] = await screen.findAllByRole("button", { name: "Connect Exact Online" });
    fireEvent.click(first!);
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));
    expect(popupOpener.popups).toHaveLength(1);
    // The first dialog is modal, but a host can still open the second one programmatically or by script.
    fireEvent.click(second!);
    fireEvent.click(await screen.findByRole("button", { name: "Continue", hidden: true }));
    expect(popupOpener.popups).toHaveLength(1);
    expect(popupOpener.popups[0]!.focusCount).toBe(1);
  });

  it("reports SESSION_EXPIRED from the session route without a retry", async () => {
    const { onError } = setup({ outcome: "expired" });
    await waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "SESSION_EXPIRED" })));
    fireEvent.click(screen.getByRole("button", { name: "Connect Exact Online" }));
    await screen.findByText(/This connection link has expired/, { selector: "p" });
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("reports missing permissions once, after onSuccess, and lists them", async () => {
    const { onSuccess, onError } = setup({ outcome: "missing_permissions", delayMs: 10 });
    await openDialogAndContinue();
    await screen.findByText("Some permissions are missing", { selector: "p" });
    expect(screen.getByText("Contacts: create")).toBeTruthy();
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: "INSUFFICIENT_PERMISSIONS", missing: ["genericContact::create"] }),
    );
  });

  it("shows an existing connection with its preview, and Disconnect goes back to idle", async () => {
    const { transport } = setup({ outcome: "connected" });
    fireEvent.click(await screen.findByRole("button", { name: "Exact Online connected" }));
    await screen.findByText("Connected to Exact Online", { selector: "p" });
    expect(screen.getByText("1234567")).toBeTruthy();
    // Contacts and invoices are listable; the preview table shows their first rows.
    await screen.findByText("anna@korenschoof.nl");
    fireEvent.click(screen.getByRole("tab", { name: "Sales invoices" }));
    await screen.findByText("Hotel Zon");
    // Tabs follow the WAI-ARIA pattern: one tab stop, arrow keys move and focus.
    const contactsTab = screen.getByRole("tab", { name: "Contacts" });
    expect(contactsTab.tabIndex).toBe(-1);
    fireEvent.keyDown(screen.getByRole("tab", { name: "Sales invoices" }), { key: "ArrowLeft" });
    expect(contactsTab.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(contactsTab);
    await screen.findByText("anna@korenschoof.nl");
    fireEvent.click(screen.getByRole("button", { name: "Disconnect" }));
    await screen.findByRole("button", { name: "Connect Exact Online" });
    expect(transport.calls).toContain("deleteConnection");
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows Reconnect needed and Re-connect starts a new attempt", async () => {
    const { popupOpener, onSuccess } = setup({ outcome: "needs_reauth", delayMs: 10 });
    fireEvent.click(await screen.findByRole("button", { name: "Reconnect Exact Online" }));
    await screen.findByText("Reconnect needed", { selector: "p" });
    fireEvent.click(screen.getByRole("button", { name: "Re-connect" }));
    expect(popupOpener.popups).toHaveLength(1);
    await screen.findByText("Connected to Exact Online", { selector: "p" });
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it("INSUFFICIENT_PERMISSIONS from the server: the failed view says which rights are missing, in the user's language", async () => {
    const { popupOpener, transport, onError } = setup({ outcome: "manual" }, { locale: "nl" });
    fireEvent.click(await screen.findByRole("button", { name: "Koppel Exact Online" }));
    fireEvent.click(await screen.findByRole("button", { name: "Doorgaan" }));
    const error = {
      code: "INSUFFICIENT_PERMISSIONS" as const,
      message: "The Exact Online user lacks rights",
      details: { missing: ["genericContact::create", "accountingInvoice::list", "genericContact::update"] },
    };
    act(() => transport.complete({ status: "failed", error }, popupOpener.popups[0]!.nonce));
    await screen.findByText("Je Exact Online-gebruiker mist enkele rechten.", { selector: "p" });
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Contactpersonen: aanmaken, wijzigen",
      "Verkoopfacturen: overzicht",
    ]);
    expect(screen.getByText("Voor je Exact Online-beheerder:")).toBeTruthy();
    expect(document.querySelector("[data-slot=administrator-request]")?.textContent).toBe(
      "Geef mijn Exact Online-gebruiker alsjeblieft deze rechten: Contactpersonen: aanmaken, wijzigen; Verkoopfacturen: overzicht.",
    );
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "INSUFFICIENT_PERMISSIONS", missing: error.details.missing }));
  });

  it("renders a custom model from the session: its permission group, its preview tab and columns", async () => {
    const operations: Operation[] = ["genericContact::list", "exactJournal::list", "exactJournal::retrieve"];
    const { popupOpener, transport } = setup(
      {
        outcome: "manual",
        session: {
          operations,
          optionalOperations: [],
          models: fakeSessionModels(operations, [{ name: "exactJournal", label: "Journals", operations: ["list", "retrieve"] }]),
        },
        previews: { exactJournal: [{ id: "j1", code: "70", description: "Verkoopboek", type: 20 }] },
      },
      { locale: "nl" },
    );
    fireEvent.click(await screen.findByRole("button", { name: "Koppel Exact Online" }));
    // Built-in models in the widget's Dutch, the custom one as the server labels it.
    const groups = await screen.findAllByRole("group");
    expect(groups.map((group) => group.querySelector("legend")?.textContent)).toEqual(["Contactpersonen", "Journals"]);
    const journalCheckboxes = within(screen.getByRole("group", { name: "Journals" })).getAllByRole("checkbox");
    expect(journalCheckboxes.map((checkbox) => checkbox.closest("label")?.textContent)).toEqual(["overzicht", "lezen"]);
    fireEvent.click(screen.getByRole("button", { name: "Doorgaan" }));
    act(() => transport.complete({ status: "succeeded", connection: fakeConnection({ grantedOperations: operations }) }, popupOpener.popups[0]!.nonce));
    fireEvent.click(await screen.findByRole("tab", { name: "Journals" }));
    await screen.findByRole("cell", { name: "Verkoopboek" });
    // A custom field named like a catalogue column (code, description) gets its translated header; others keep their name.
    expect(screen.getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual(["Code", "Omschrijving", "type"]);
  });

  it("throws outside Morph.Provider", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Connect sessionToken="token" />)).toThrow("`Connect` must be used within `Morph.Provider`");
    vi.mocked(console.error).mockRestore();
  });
});
