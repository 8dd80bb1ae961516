/**
 * The models this server serves: the six built-in ones and the operator's custom models
 * (MORPH_CUSTOM_MODELS). Sessions, permission checks, the resource routes and the widget's session
 * info all look models up here, so a custom model works everywhere a built-in one does.
 */
import { ACTIONS, PROXY_OPERATIONS, type Action, type Model, type Operation, type SessionModel } from "../../../src/protocol";
import { MODEL_MAPPINGS } from "./models";
import type { ModelMapping } from "./models/types";

export class ModelRegistry {
  private readonly byName: ReadonlyMap<string, ModelMapping>;

  constructor(custom: readonly ModelMapping[] = []) {
    const all = [...Object.values(MODEL_MAPPINGS), ...custom];
    const byName = new Map<string, ModelMapping>();
    for (const mapping of all) {
      if (byName.has(mapping.model)) throw new Error(`Model "${mapping.model}" is declared twice`);
      byName.set(mapping.model, mapping);
    }
    this.byName = byName;
  }

  /** A model by name; a Map, so "constructor" or "__proto__" is never a model. */
  get(name: string): ModelMapping | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): ModelMapping[] {
    return [...this.byName.values()];
  }

  /** `model::action` of a model this server has, with an action Exact allows on it. */
  parseOperation(value: string): { mapping: ModelMapping; action: Action } | undefined {
    const [model, action, extra] = value.split("::");
    if (extra !== undefined || !model || !action) return undefined;
    const mapping = this.get(model);
    if (!mapping || !(ACTIONS as readonly string[]).includes(action) || !mapping.actions.includes(action as Action)) return undefined;
    return { mapping, action: action as Action };
  }

  isSupportedOperation(value: string): value is Operation {
    return this.parseOperation(value) !== undefined || (PROXY_OPERATIONS as readonly string[]).includes(value);
  }

  /** Every operation this server supports, as `model::{list,retrieve,…}` (for error messages). */
  supported(): string[] {
    return [...this.all().map((mapping) => `${mapping.model}::{${mapping.actions.join(",")}}`), "proxy::{read,write}"];
  }

  /** The models named in a session's operations, in the order first named, with label and actions. */
  sessionModels(operations: readonly Operation[]): SessionModel[] {
    const seen = new Map<Model, SessionModel>();
    for (const operation of operations) {
      if ((PROXY_OPERATIONS as readonly string[]).includes(operation)) {
        seen.set("proxy", { name: "proxy", label: "Direct API access", operations: ["read", "write"] });
        continue;
      }
      const parsed = this.parseOperation(operation);
      if (!parsed || seen.has(parsed.mapping.model)) continue;
      seen.set(parsed.mapping.model, { name: parsed.mapping.model, label: parsed.mapping.label, operations: [...parsed.mapping.actions] });
    }
    return [...seen.values()];
  }

  /** The models whose data lives at an Exact endpoint (paths are case-insensitive), for the proxy's grants. */
  onEndpoint(endpoint: string): ModelMapping[] {
    const wanted = endpoint.toLowerCase();
    return this.all().filter((mapping) => mapping.endpoint.toLowerCase() === wanted);
  }
}
