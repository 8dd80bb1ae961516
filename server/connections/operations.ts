import type { Operation } from "../../src/protocol";
import type { ModelRegistry } from "../connectors/exact-online/model-registry";
import { MorphError } from "../errors";

/** Operations a session or a connection asks for: each a supported `model::action` (custom models too), duplicates dropped. */
export function checkOperations(models: ModelRegistry, field: string, values: string[]): Operation[] {
  const unknown = values.filter((value) => !models.isSupportedOperation(value));
  if (unknown.length > 0) {
    const supported = models.supported();
    throw new MorphError("VALIDATION_ERROR", `${field}: unsupported operation ${unknown.map((u) => `"${u}"`).join(", ")}`, {
      field,
      unsupported: unknown,
      supported,
    });
  }
  return [...new Set(values)] as Operation[];
}

/** The required and optional operations of a request; an operation named in both is required. */
export function requestedOperations(models: ModelRegistry, operations: string[], optionalOperations: string[] = []) {
  const required = checkOperations(models, "operations", operations);
  const optional = checkOperations(models, "optionalOperations", optionalOperations).filter((op) => !required.includes(op));
  return { operations: required, optionalOperations: optional };
}
