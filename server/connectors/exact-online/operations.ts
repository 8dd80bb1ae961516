import { ACTIONS, MODELS, type Action, type Model, type Operation } from "../../../src/protocol";

/**
 * The model table of DESIGN.md: which Exact endpoint backs each unified model and which actions Exact
 * allows on it. Sessions, permission checks and the resource routes all read it from here.
 */
export const MODEL_ENDPOINTS: Record<Model, { endpoint: string; actions: readonly Action[] }> = {
  genericContact: { endpoint: "crm/Contacts", actions: ACTIONS },
  genericCompany: { endpoint: "crm/Accounts", actions: ACTIONS },
  genericUser: { endpoint: "users/Users", actions: ["list", "retrieve"] },
  genericWorkspace: { endpoint: "system/Divisions", actions: ["list", "retrieve"] },
  accountingInvoice: { endpoint: "salesinvoice/SalesInvoices", actions: ACTIONS },
  accountingInvoiceItem: { endpoint: "salesinvoice/SalesInvoiceLines", actions: ACTIONS },
};

/** The HTTP method Exact's UserHasRights expects for an action. */
export const ACTION_METHOD: Record<Action, "GET" | "POST" | "PUT" | "DELETE"> = {
  list: "GET",
  retrieve: "GET",
  create: "POST",
  update: "PUT",
  delete: "DELETE",
};

export function isModel(value: string): value is Model {
  return (MODELS as readonly string[]).includes(value);
}

export function parseOperation(value: string): { model: Model; action: Action } | undefined {
  const [model, action, extra] = value.split("::");
  if (extra !== undefined || !model || !action || !isModel(model)) return undefined;
  if (!MODEL_ENDPOINTS[model].actions.includes(action as Action)) return undefined;
  return { model, action: action as Action };
}

export function isSupportedOperation(value: string): value is Operation {
  return parseOperation(value) !== undefined;
}
