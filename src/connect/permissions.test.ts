import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { nl } from "../i18n/nl";
import type { Operation, SessionModel } from "../protocol";
import { fakeSession } from "../testing/fake-transport";
import { groupedOperationLabels, groupPermissions } from "./permissions";

const journals: SessionModel = { name: "exactJournal", label: "Journals", operations: ["list", "retrieve"] };
// `proxy::read` is not an `Operation` of today's protocol, but a server may send it ("Direct API access").
const proxyRead = "proxy::read" as Operation;
const proxyWrite = "proxy::write" as Operation;
const proxy = { name: "proxy", label: "Direct API access", operations: ["read", "write"] } as unknown as SessionModel;

const summary = (groups: ReturnType<typeof groupPermissions>) =>
  groups.map(({ model, label, permissions }) => ({
    model,
    label,
    permissions: permissions.map(({ action, required }) => `${action}${required ? "" : "?"}`),
  }));

describe("groupPermissions", () => {
  it("groups by the session's models, in their order, built-in labels translated, custom ones as the server names them", () => {
    const session = fakeSession({
      operations: ["exactJournal::retrieve", "genericContact::list", "exactJournal::list"],
      optionalOperations: ["genericContact::delete"],
      models: [journals, { name: "genericContact", label: "Contacts", operations: ["list", "retrieve", "create", "update", "delete"] }],
    });
    expect(summary(groupPermissions(session, nl))).toEqual([
      // Known actions in the protocol's order, whatever order the session named them in.
      { model: "exactJournal", label: "Journals", permissions: ["list", "retrieve"] },
      { model: "genericContact", label: "Contactpersonen", permissions: ["list", "delete?"] },
    ]);
  });

  it("does not choke on a model or action it does not know: the proxy's read and write show by their raw names", () => {
    const session = fakeSession({
      operations: ["genericContact::list", proxyRead],
      optionalOperations: [proxyWrite],
      models: [{ name: "genericContact", label: "Contacts", operations: ["list"] }, proxy],
    });
    const groups = groupPermissions(session, en);
    expect(summary(groups)).toEqual([
      { model: "genericContact", label: "Contacts", permissions: ["list"] },
      { model: "proxy", label: "Direct API access", permissions: ["read", "write?"] },
    ]);
  });

  it("still shows a model the session's list lacks, by its name (a server without `models`)", () => {
    const groups = groupPermissions({ operations: ["genericUser::list", "exactItem::list"], optionalOperations: [] }, en);
    expect(summary(groups)).toEqual([
      { model: "genericUser", label: "Users", permissions: ["list"] },
      { model: "exactItem", label: "exactItem", permissions: ["list"] },
    ]);
  });

  it("lists an operation both required and optional once, as required", () => {
    const groups = groupPermissions({ operations: ["genericContact::list"], optionalOperations: ["genericContact::list"] }, en);
    expect(summary(groups)).toEqual([{ model: "genericContact", label: "Contacts", permissions: ["list"] }]);
  });
});

describe("groupedOperationLabels", () => {
  it("says one line per model in the active language", () => {
    const missing: Operation[] = ["genericContact::create", "accountingInvoice::list", "genericContact::update", "exactJournal::list"];
    expect(groupedOperationLabels(missing, nl, [journals])).toEqual([
      "Journals: overzicht",
      "Contactpersonen: aanmaken, wijzigen",
      "Verkoopfacturen: overzicht",
    ]);
  });
});
