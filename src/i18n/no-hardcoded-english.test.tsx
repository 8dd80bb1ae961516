import { cleanup, render } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConnectDialog } from "../connect/dialog/load-dialog";
import type { ConnectState } from "../connect/machine";
import { ConnectContext } from "../connect/connect-context";
import type { ConnectActions } from "../connect/connect-context";
import { ConnectView } from "../connect/connect-view";
import type { PreviewEntry } from "../connect/preview/use-previews";
import { Morph } from "../provider/morph-provider";
import { createFakeTransport, fakeConnection, fakePreviewRows, fakeSession } from "../testing/fake-transport";
import { en } from "./en";
import { nl } from "./nl";

afterEach(cleanup);
// The dialog's chunk, loaded up front: the open dialog then renders in the same pass as the button.
beforeAll(() => loadConnectDialog());

/** Every leaf string of a catalogue, keyed by its path ("errors.POPUP_BLOCKED"). */
function leaves(catalogue: object, prefix = ""): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === "string") result.set(prefix + key, value);
    else for (const [path, text] of leaves(value as object, `${prefix}${key}.`)) result.set(path, text);
  }
  return result;
}

const dutch = leaves(nl);
/** English strings that differ from their Dutch translation: seeing one in a Dutch UI means a hard-coded string. */
const englishOnly = new Set([...leaves(en)].filter(([path, text]) => dutch.get(path) !== text).map(([, text]) => text));

const session = fakeSession({ sandbox: true });
const attempt = { nonce: "n1", region: "nl" as const, optionalOperations: [] };
const connection = fakeConnection({ missingOperations: ["genericContact::create"] });
const previews: PreviewEntry[] = [
  { model: "genericContact", status: "loaded", rows: fakePreviewRows.genericContact ?? [] },
  { model: "accountingInvoice", status: "loading" },
];

const states: Array<[string, ConnectState, PreviewEntry[]?]> = [
  ["loading", { status: "loading" }],
  ["choosing", { status: "idle", session }],
  ["authorizing", { status: "authorizing", session, attempt }],
  ["verifying", { status: "verifying", session, attempt }],
  ["connected", { status: "connected", session, connection }, previews],
  ["connected, preview error", { status: "connected", session, connection }, [{ model: "genericCompany", status: "error" }]],
  ["connected, preview empty", { status: "connected", session, connection }, [{ model: "genericCompany", status: "loaded", rows: [] }]],
  ["needs re-auth", { status: "connected", session, connection: fakeConnection({ status: "needs_reauth" }) }],
  ["popup blocked", { status: "failed", session, error: { code: "POPUP_BLOCKED", message: "x" } }],
  ["redirecting to Exact", { status: "authorizing", session, attempt: { ...attempt, mode: "redirect" } }],
  [
    "insufficient permissions",
    { status: "failed", session, error: { code: "INSUFFICIENT_PERMISSIONS", message: "x", missing: ["genericContact::create"] } },
  ],
  ["session expired", { status: "failed", session: null, error: { code: "SESSION_EXPIRED", message: "x" } }],
];

const noop = () => {};
const actions: ConnectActions = {
  openDialog: noop,
  closeDialog: noop,
  start: noop,
  cancel: noop,
  retry: noop,
  reconnect: noop,
  disconnect: noop,
  focusPopup: noop,
  continueInTab: noop,
};

function visibleStrings(): string[] {
  const strings: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) strings.push(walker.currentNode.textContent ?? "");
  for (const element of document.body.querySelectorAll("[aria-label], [title], [placeholder]")) {
    for (const name of ["aria-label", "title", "placeholder"]) strings.push(element.getAttribute(name) ?? "");
  }
  return strings.map((text) => text.trim()).filter(Boolean);
}

describe("every user-visible string goes through the catalogue", () => {
  it.each(states)("%s renders no English in Dutch", (_, state, entries) => {
    for (const dialogOpen of [false, true]) {
      render(
        <Morph.Provider serverUrl="https://connect.example.test" locale="nl" transport={createFakeTransport()}>
          <ConnectContext.Provider value={{ state, dialogOpen, previews: entries ?? [], actions }}>
            <ConnectView />
          </ConnectContext.Provider>
        </Morph.Provider>,
      );
      const strings = visibleStrings();
      expect(strings.length).toBeGreaterThan(0);
      // The real dialog, not its shell.
      expect(document.querySelector("[data-slot=dialog]") !== null).toBe(dialogOpen);
      expect(strings.filter((text) => englishOnly.has(text))).toEqual([]);
      // Longer English sentences must not hide inside other text either.
      const all = strings.join("\n");
      expect([...englishOnly].filter((text) => text.length >= 15 && all.includes(text))).toEqual([]);
      cleanup();
    }
  });

  it("the check would catch an English string", () => {
    render(
      <Morph.Provider serverUrl="https://connect.example.test" locale="en" transport={createFakeTransport()}>
        <ConnectContext.Provider value={{ state: { status: "idle", session }, dialogOpen: true, previews: [], actions }}>
          <ConnectView />
        </ConnectContext.Provider>
      </Morph.Provider>,
    );
    expect(visibleStrings().filter((text) => englishOnly.has(text))).toContain("Continue");
  });
});
