import { describe, expect, test } from "vitest";
import { MODELS } from "../../../../src/protocol";
import { MODEL_MAPPINGS } from "./index";
import type { ExactRecord } from "./types";

/** Runs toUnified on a record that remembers which Exact fields were read. */
function fieldsRead(toUnified: (raw: ExactRecord) => unknown): Set<string> {
  const read = new Set<string>();
  const raw = new Proxy({} as ExactRecord, {
    get(_target, name) {
      if (typeof name === "string") read.add(name);
      return undefined;
    },
  });
  toUnified(raw);
  return read;
}

describe.each(MODELS)("%s mapping", (model) => {
  const mapping = MODEL_MAPPINGS[model];

  test("is registered under its own name, over its entity of Exact's reference table", () => {
    expect(mapping.model).toBe(model);
    expect(mapping.endpoint).toBe(mapping.reference?.endpoint);
    expect(mapping.keyField).toBe(mapping.reference?.key);
  });

  test("selects exactly the Exact fields toUnified reads, key included", () => {
    expect(new Set(mapping.select)).toEqual(fieldsRead(mapping.toUnified));
    expect(mapping.select).toContain(mapping.keyField);
  });

  test("documents every unified field it returns, and filters only on those", () => {
    const unified = mapping.toUnified({});
    expect(mapping.fields.map((f) => f.name).sort()).toEqual(Object.keys(unified).sort());
    const names = new Set(mapping.fields.map((f) => f.name));
    for (const field of Object.keys(mapping.filters)) expect(names, field).toContain(field);
  });

  test("a record with nothing in it maps to nulls, not to an exception", () => {
    const unified = mapping.toUnified({});
    expect(unified.id).toBe("");
    expect(unified.createdAt).toBeNull();
  });

  test("can be written exactly when Exact allows create/update", () => {
    const writable = mapping.actions.includes("create");
    expect(mapping.createSchema !== undefined).toBe(writable);
    expect(mapping.updateSchema !== undefined).toBe(mapping.actions.includes("update"));
    expect(mapping.toExact !== undefined).toBe(writable);
    expect(mapping.fields.some((f) => f.writable)).toBe(writable);
  });

  test.each(["1' or 1 eq 1", "", "guid'00000000-0000-0000-0000-000000000000'", "1)/$links"])("keyLiteral refuses %j", (id) => {
    expect(mapping.keyLiteral(id)).toBeUndefined();
  });
});
