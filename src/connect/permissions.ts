import { ACTIONS, MODELS } from "../protocol";
import type { Action, Model, Operation } from "../protocol";
import type { Messages } from "../i18n/en";

export interface PermissionGroup {
  model: Model;
  permissions: Array<{ operation: Operation; action: Action; required: boolean }>;
}

export function splitOperation(operation: Operation): [Model, Action] {
  return operation.split("::") as [Model, Action];
}

/** "Contacts: create", in the active language. */
export function operationLabel(operation: Operation, messages: Messages): string {
  const [model, action] = splitOperation(operation);
  return `${messages.models[model]}: ${messages.actions[action]}`;
}

/** Required and optional operations grouped by model, in the protocol's model and action order. */
export function groupPermissions(required: Operation[], optional: Operation[]): PermissionGroup[] {
  return MODELS.map((model) => ({
    model,
    permissions: ACTIONS.flatMap((action) => {
      const operation: Operation = `${model}::${action}`;
      if (required.includes(operation)) return [{ operation, action, required: true }];
      if (optional.includes(operation)) return [{ operation, action, required: false }];
      return [];
    }),
  })).filter((group) => group.permissions.length > 0);
}
