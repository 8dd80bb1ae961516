import { describe, expect, it } from "vitest";
import { columnsFor } from "./preview-columns";

const render = (model: string, rows: Array<Record<string, unknown>>) => {
  const columns = columnsFor(model, rows);
  return { headers: columns.map((column) => column.header), cells: rows.map((row) => columns.map((column) => column.value(row, "nl"))) };
};

describe("preview columns", () => {
  it("keeps the chosen columns of a built-in model", () => {
    expect(render("accountingInvoice", [{ id: "i1", number: "2025-001", customer: { id: "a1", name: "Hotel Zon" }, totalAmount: 12.5, currency: "EUR" }])).toEqual({
      headers: ["number", "customer", "total"],
      cells: [["2025-001", "Hotel Zon", "€\u00a012,50"]],
    });
  });

  it("derives a custom model's columns from its rows: the first three telling fields, no id or timestamps", () => {
    const rows = [
      { id: "j1", createdAt: "2025-01-01T00:00:00Z", updatedAt: null, code: "70", description: null, lines: [{ id: "x" }] },
      { id: "j2", createdAt: null, updatedAt: null, code: "71", description: "Verkoop", isActive: true, glAccount: { id: "g1" }, type: 20 },
    ];
    expect(render("exactJournal", rows)).toEqual({
      headers: ["code", "description", "isActive"],
      cells: [
        ["70", "", ""],
        ["71", "Verkoop", "✓"],
      ],
    });
  });

  it("falls back to the id when a custom model's rows have nothing else to show", () => {
    expect(render("exactThing", [{ id: "t1", lines: [] }])).toEqual({ headers: ["id"], cells: [["t1"]] });
  });
});
