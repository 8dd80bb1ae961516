/** One connection's view of a model: what resources, the event fetcher and the poller ask Exact for and show. */
import { describe, expect, it } from "vitest";
import type { Connection } from "../../storage/connections-repo";
import { fieldMapOf, ModelView } from "./model-view";
import { MODEL_MAPPINGS } from "./models";

const contacts = MODEL_MAPPINGS.genericContact;
const invoices = MODEL_MAPPINGS.accountingInvoice;

describe("ModelView", () => {
  it("selects the model's fields and the mapped ones, once each; raw selects nothing", () => {
    const view = new ModelView(contacts, { birthDate: "BirthDate", alsoEmail: "Email" });
    expect(view.select).toEqual([...contacts.select, "BirthDate"]);
    expect(view.readQuery(false)).toEqual({ $select: [...contacts.select, "BirthDate"].join(","), $expand: undefined });
    expect(view.readQuery(true)).toEqual({ $select: undefined, $expand: undefined });
  });

  it("leaves the navigation property out of what a sync endpoint is asked for", () => {
    const view = new ModelView(invoices);
    expect(invoices.expand).toBeDefined();
    expect(view.readQuery(false).$expand).toBe(invoices.expand);
    expect(view.syncSelect()).not.toContain(invoices.expand);
  });

  it("maps mapped fields with Exact dates as ISO strings and missing values as null, and adds raw when asked", () => {
    const view = new ModelView(contacts, { birthDate: "BirthDate", nickname: "Nickname" });
    const record = { ID: "0b1f5d2e-0000-4000-8000-000000000001", LastName: "Jansen", BirthDate: "/Date(946684800000)/" };
    const unified = view.toUnified(record);
    expect(unified).toMatchObject({ id: record.ID, lastName: "Jansen", birthDate: "2000-01-01T00:00:00.000Z", nickname: null });
    expect(unified).not.toHaveProperty("raw");
    expect(view.toUnified(record, true).raw).toBe(record);
  });

  it("finds own mapped fields only: neither a field nor a model named like Object's built-ins finds anything", () => {
    const view = new ModelView(contacts, { birthDate: "BirthDate" });
    expect(view.mappedField("birthDate")).toBe("BirthDate");
    expect(view.mappedField("constructor")).toBeUndefined();
    expect(view.mappedField("__proto__")).toBeUndefined();
    const connection = { fieldMapping: { genericContact: { birthDate: "BirthDate" } } } as unknown as Connection;
    expect(fieldMapOf(connection, "genericContact")).toEqual({ birthDate: "BirthDate" });
    expect(fieldMapOf(connection, "constructor")).toEqual({});
    expect(fieldMapOf(connection, "toString")).toEqual({});
    expect(ModelView.of(connection, contacts).select).toContain("BirthDate");
  });
});
