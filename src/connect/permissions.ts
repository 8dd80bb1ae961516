import { ACTIONS, MODELS } from "../protocol";
import type { BuiltInModel, Model, Operation, SessionModel } from "../protocol";
import type { Messages } from "../i18n/en";
import { splitOperation } from "./split-operation";

/**
 * One requested permission. `action` is a plain string: the server may name actions the widget does
 * not know yet (e.g. `proxy::read`), and those are shown by their raw name rather than dropped.
 */
export interface Permission {
  operation: Operation;
  action: string;
  required: boolean;
}

export interface PermissionGroup {
  model: Model;
  /** The model's label in the active language (built-in models) or as the server names it (custom ones). */
  label: string;
  permissions: Permission[];
}

export { splitOperation };

/** One of the six models every server has (their labels are translated by the widget). */
export const isBuiltInModel = (model: Model): model is BuiltInModel => (MODELS as readonly string[]).includes(model);

/**
 * Built-in models in the widget's own translation; any other model by the label the server gave it in
 * `SessionInfo.models` (custom models, `proxy`), or by its name when the server gave none.
 */
export function modelLabel(model: Model, messages: Messages, sessionModels: readonly SessionModel[] = []): string {
  if (isBuiltInModel(model)) return messages.models[model];
  return sessionModels.find((entry) => entry.name === model)?.label || model;
}

/** Known actions translated ("retrieve" → "read"); unknown ones as the server names them. */
export function actionLabel(action: string, messages: Messages): string {
  return Object.hasOwn(messages.actions, action) ? messages.actions[action as keyof Messages["actions"]] : action;
}

/** Known actions in the protocol's order, unknown ones after them in the order first named. */
const actionRank = (action: string) => {
  const index = (ACTIONS as readonly string[]).indexOf(action);
  return index === -1 ? ACTIONS.length : index;
};

/**
 * Operations grouped by model, with labels: the models in the order of `sessionModels` (the server's
 * `SessionInfo.models`), then any model the operations name that the list lacks, in the order first
 * named. Nothing here knows the built-in models except for their translated labels.
 */
export function groupOperations(
  operations: ReadonlyArray<{ operation: Operation; required: boolean }>,
  messages: Messages,
  sessionModels: readonly SessionModel[] = [],
): PermissionGroup[] {
  const groups = new Map<Model, PermissionGroup>();
  for (const { name } of sessionModels) groups.set(name, { model: name, label: modelLabel(name, messages, sessionModels), permissions: [] });
  for (const { operation, required } of operations) {
    const [model, action] = splitOperation(operation);
    let group = groups.get(model);
    if (!group) {
      group = { model, label: modelLabel(model, messages, sessionModels), permissions: [] };
      groups.set(model, group);
    }
    if (!group.permissions.some((permission) => permission.operation === operation)) {
      group.permissions.push({ operation, action, required });
    }
  }
  return [...groups.values()]
    .filter((group) => group.permissions.length > 0)
    .map((group) => ({
      ...group,
      // A stable sort: unknown actions keep the order they were named in.
      permissions: [...group.permissions].sort((a, b) => actionRank(a.action) - actionRank(b.action)),
    }));
}

/** The session's required operations (locked on) and optional ones (toggles), grouped by model. */
export function groupPermissions(
  session: { operations: Operation[]; optionalOperations: Operation[]; models?: SessionModel[] },
  messages: Messages,
): PermissionGroup[] {
  // An operation both required and optional is required: listed first, the optional copy is skipped.
  return groupOperations(
    [
      ...session.operations.map((operation) => ({ operation, required: true })),
      ...session.optionalOperations.map((operation) => ({ operation, required: false })),
    ],
    messages,
    session.models,
  );
}

/** "Contacts: create, update", one line per model, in the active language. */
export function groupedOperationLabels(
  operations: readonly Operation[],
  messages: Messages,
  sessionModels: readonly SessionModel[] = [],
): string[] {
  return groupOperations(
    operations.map((operation) => ({ operation, required: true })),
    messages,
    sessionModels,
  ).map(({ label, permissions }) => `${label}: ${permissions.map(({ action }) => actionLabel(action, messages)).join(", ")}`);
}
