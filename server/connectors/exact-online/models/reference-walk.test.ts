/** Every built-in mapping walked against Exact's reference table (check-mapping.ts), and proof the walk bites. */
import { describe, expect, test } from "vitest";
import { MODELS } from "../../../../src/protocol";
import { contacts } from "../reference/crm-contacts";
import { checkMapping, sampleOf } from "./check-mapping";
import { defineModel } from "./define-model";
import { MODEL_MAPPINGS } from "./index";

const LINE = { item: { id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" }, description: "x", quantity: 1, unitPrice: 1, taxCode: "2", glAccount: null };

describe.each(MODELS)("%s against Exact's reference", (model) => {
  const mapping = MODEL_MAPPINGS[model];

  test("selects, filters, searches and writes only properties Exact has, and writes nothing read-only", () => {
    // The invoice's lines are written inline: give one, so the walk goes into SalesInvoiceLines too.
    const sample = model === "accountingInvoice" ? { ...sampleOf(mapping), items: [LINE] } : sampleOf(mapping);
    expect(checkMapping(mapping, sample)).toEqual([]);
  });
});

describe("the walk", () => {
  const typo = defineModel({
    model: "genericContact",
    label: "Contacts",
    reference: contacts,
    actions: ["list", "create"],
    fields: [
      { name: "firstName", exact: "FristName", type: "string", writable: true, filter: true, description: "First name" },
      { name: "fullName", exact: "FullName", type: "string", writable: true, description: "Full name" },
      { name: "website", exact: "Website", type: "string", search: true, description: "not on contacts" },
    ],
  });

  test("names the model, the field and the property of each mistake", () => {
    expect(checkMapping(typo)).toEqual([
      "genericContact (crm/Contacts): selects FristName, which crm/Contacts does not have",
      "genericContact (crm/Contacts): selects Website, which crm/Contacts does not have",
      "genericContact (crm/Contacts): filter[firstName] is on FristName, which crm/Contacts does not have",
      "genericContact (crm/Contacts): searches Website, which crm/Contacts does not have",
      "genericContact (crm/Contacts): writes FristName, which crm/Contacts does not have",
      "genericContact (crm/Contacts): writes FullName, which is read-only in Exact",
    ]);
  });
});
