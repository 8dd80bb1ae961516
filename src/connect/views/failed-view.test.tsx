import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Morph } from "../../provider/morph-provider";
import { createFakeTransport, fakeConnection, fakeSession } from "../../testing/fake-transport";
import { ConnectContext } from "../connect-context";
import { ConnectView } from "../connect-view";
import { loadConnectDialog } from "../dialog/load-dialog";
import type { ConnectState } from "../machine";

afterEach(cleanup);
beforeAll(() => loadConnectDialog());

const noop = () => {};
const actions = { openDialog: noop, closeDialog: noop, start: noop, cancel: noop, retry: noop, reconnect: noop, disconnect: noop, focusPopup: noop };

const renderFailed = (state: ConnectState) =>
  render(
    <Morph.Provider serverUrl="https://connect.example.test" locale="en" transport={createFakeTransport()}>
      <ConnectContext.Provider value={{ state, dialogOpen: true, previews: [], actions }}>
        <ConnectView />
      </ConnectContext.Provider>
    </Morph.Provider>,
  );

describe("the failed view of INSUFFICIENT_PERMISSIONS", () => {
  it("falls back to the connection's missing operations when the error names none", () => {
    const connection = fakeConnection({ missingOperations: ["exactJournal::list"] });
    const session = fakeSession({
      connection,
      models: [{ name: "exactJournal", label: "Journals", operations: ["list"] }],
    });
    renderFailed({ status: "failed", session, error: { code: "INSUFFICIENT_PERMISSIONS", message: "x" } });
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual(["Journals: list"]);
    expect(screen.getByText("Please give my Exact Online user these rights: Journals: list.")).toBeTruthy();
  });

  it("lists nothing for other errors, nor when no missing operation is known", () => {
    const session = fakeSession({ connection: fakeConnection({ missingOperations: ["genericContact::create"] }) });
    renderFailed({ status: "failed", session, error: { code: "PROVIDER_ERROR", message: "x" } });
    expect(screen.queryByRole("listitem")).toBeNull();
    cleanup();
    renderFailed({ status: "failed", session: null, error: { code: "INSUFFICIENT_PERMISSIONS", message: "x" } });
    expect(screen.getByText("Your Exact Online user lacks some permissions.")).toBeTruthy();
    expect(screen.queryByRole("listitem")).toBeNull();
    expect(screen.queryByText("For your Exact Online administrator:")).toBeNull();
  });
});

describe("the failed view of a code only backend routes answer", () => {
  it("shows INTERNAL_ERROR's message: the catalogues carry none for it", () => {
    renderFailed({ status: "failed", session: fakeSession(), error: { code: "IDEMPOTENCY_CONFLICT", message: "x" } });
    expect(screen.getByText("Something went wrong on our side.")).toBeTruthy();
  });
});
