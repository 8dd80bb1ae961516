// Its own file on purpose: Vitest isolates modules per file, so the dialog's chunk starts unloaded here.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { en } from "../../i18n/en";
import { nl } from "../../i18n/nl";
import { Connect, Morph } from "../../index";
import { createFakePopupOpener } from "../../testing/fake-popup";
import { createFakeTransport, FAKE_ORIGIN } from "../../testing/fake-transport";

afterEach(cleanup);

/** Every leaf string of a catalogue. */
const leaves = (catalogue: object): string[] =>
  Object.values(catalogue).flatMap((value) => (typeof value === "string" ? [value] : leaves(value as object)));
const dutch = new Set(leaves(nl));
const englishOnly = leaves(en).filter((text) => !dutch.has(text) && text.length > 3);

describe("the dialog's lazily loaded chunk", () => {
  it("a click that beats it shows the dialog's shell at once, in Dutch, then the dialog: never a word of English", async () => {
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(document.body.textContent ?? ""));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const popupOpener = createFakePopupOpener();
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} locale="nl" transport={createFakeTransport({ outcome: "manual" })} popupOpener={popupOpener}>
        <Connect sessionToken="token" />
      </Morph.Provider>,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Koppel Exact Online" }));
    // Synchronously after the click: the shell, titled in the user's language.
    const shell = document.querySelector("[data-slot=dialog-shell]");
    expect(shell).not.toBeNull();
    expect(screen.getByRole("dialog", { name: "Koppel Exact Online" })).toBe(shell);
    expect(document.activeElement).toBe(shell);

    // Then the real dialog replaces it, and Continue still opens the popup inside its click.
    const continueButton = await screen.findByRole("button", { name: "Doorgaan" }, { timeout: 10_000 });
    expect(document.querySelector("[data-slot=dialog-shell]")).toBeNull();
    fireEvent.click(continueButton);
    expect(popupOpener.popups).toHaveLength(1);
    await screen.findByText(nl.waiting, { selector: "p" }, { timeout: 10_000 });

    observer.disconnect();
    seen.push(document.body.textContent ?? "");
    expect(seen.length).toBeGreaterThan(2);
    expect(englishOnly.filter((text) => seen.some((snapshot) => snapshot.includes(text)))).toEqual([]);
  });

  it("Escape closes the shell", async () => {
    render(
      <Morph.Provider serverUrl={FAKE_ORIGIN} locale="en" transport={createFakeTransport({ outcome: "manual" })}>
        <Connect sessionToken="token" />
      </Morph.Provider>,
    );
    // A fresh file's chunk may have arrived by now (the previous test loaded it): only check the shell while it is there.
    fireEvent.click(await screen.findByRole("button", { name: "Connect Exact Online" }));
    const dialog = screen.getByRole("dialog");
    act(() => {
      fireEvent.keyDown(dialog, { key: "Escape" });
    });
    await act(async () => {});
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
