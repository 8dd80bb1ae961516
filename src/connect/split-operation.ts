import type { Model } from "../protocol";

// Its own module: the first load needs it (which models to preview), the rest of `permissions.ts` only
// the dialog's chunk does, and a module the two share lands in a chunk of its own.

/** `model::action` → `[model, action]`; an operation without `::` is a model with an empty action. */
export function splitOperation(operation: string): [Model, string] {
  const at = operation.indexOf("::");
  return at === -1 ? [operation, ""] : [operation.slice(0, at), operation.slice(at + 2)];
}
