import type { Action } from "../../../src/protocol";

/** The HTTP method Exact's UserHasRights expects for an action. */
export const ACTION_METHOD: Record<Action, "GET" | "POST" | "PUT" | "DELETE"> = {
  list: "GET",
  retrieve: "GET",
  create: "POST",
  update: "PUT",
  delete: "DELETE",
};
