/**
 * One record's change, as one connection's event. Both the webhook path and the poller land here, so the
 * rules are the same whichever saw the change first: a version already recorded emits nothing (dedupe on
 * connection, model, id and Exact's Modified), a record never seen is created, a known one updated.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../../storage/database";
import type { Connection } from "../../../storage/connections-repo";
import type { EventAction, NewEvent } from "../../../webhooks/events";
import { ModelView } from "../model-view";
import type { ExactRecord, ModelMapping } from "../models/types";
import { recordDeletion, recordVersion, recordVersions } from "./record-versions-repo";

export interface ChangeScope {
  trx: Db;
  /** The connection seen from the division the records live in (viewAtDivision): versions and events are that division's. */
  connection: Connection;
  now: number;
  /** The models some endpoint listens to: state is kept for every model, events only for these. */
  listened: ReadonlySet<string>;
  /** A baseline: state is recorded, nothing is emitted. */
  silent?: boolean;
}

/** Exact's Modified (ms) where the entity keeps it; otherwise a hash of what the unified record says. */
export function versionOf(mapping: ModelMapping, raw: ExactRecord): string {
  const modified = mapping.reference && Object.hasOwn(mapping.reference.properties, "Modified") ? epochMs(raw.Modified) : undefined;
  if (modified !== undefined) return `m:${modified}`;
  return `h:${createHash("sha256").update(JSON.stringify(mapping.toUnified(raw))).digest("base64url").slice(0, 32)}`;
}

/**
 * Records the record's version; returns the event to emit, if any. `unseen` is the action for a record this
 * connection never saw: `created` from the poller and for Exact's Create, `updated` for Exact's Update of a
 * record that existed before we watched.
 */
export async function recordChanged(
  scope: ChangeScope,
  mapping: ModelMapping,
  raw: ExactRecord,
  options: { unseen: EventAction; parentId?: string | null },
): Promise<NewEvent[]> {
  // As the resource routes would show it to this connection: its mapped fields included.
  const unified = ModelView.of(scope.connection, mapping).toUnified(raw);
  // GUIDs compared in one case: a webhook's Key and a sync row's ID name the same record.
  const key = { connectionId: scope.connection.id, division: scope.connection.division, model: mapping.model, recordId: unified.id.toLowerCase() };
  const change = await recordVersion(scope.trx, key, versionOf(mapping, raw), options.parentId ?? null, scope.now);
  if (change === "same" || scope.silent || !scope.listened.has(mapping.model)) return [];
  return [event(scope.connection, mapping.model, change === "changed" ? "updated" : options.unseen, unified, raw)];
}

/** `recordChanged` for many records of one model at once (a batch of webhooks): same rules, two statements. */
export async function recordsChanged(scope: ChangeScope, mapping: ModelMapping, changes: ReadonlyArray<{ raw: ExactRecord; unseen: EventAction }>): Promise<NewEvent[]> {
  const view = ModelView.of(scope.connection, mapping);
  const items = changes.map(({ raw, unseen }) => ({ raw, unseen, unified: view.toUnified(raw) }));
  const results = await recordVersions(
    scope.trx,
    { connectionId: scope.connection.id, division: scope.connection.division, model: mapping.model },
    items.map(({ raw, unified }) => ({ recordId: unified.id.toLowerCase(), version: versionOf(mapping, raw), parentId: null })),
    scope.now,
  );
  if (scope.silent || !scope.listened.has(mapping.model)) return [];
  const events: NewEvent[] = [];
  const told = new Set<string>();
  for (const { raw, unseen, unified } of items) {
    const id = unified.id.toLowerCase();
    const change = results.get(id);
    if (change === undefined || change === "same" || told.has(id)) continue;
    told.add(id);
    events.push(event(scope.connection, mapping.model, change === "changed" ? "updated" : unseen, unified, raw));
  }
  return events;
}

export async function recordRemoved(scope: ChangeScope, model: string, id: string): Promise<NewEvent[]> {
  const news = await recordDeletion(scope.trx, { connectionId: scope.connection.id, division: scope.connection.division, model, recordId: id.toLowerCase() }, scope.now);
  if (!news || scope.silent || !scope.listened.has(model)) return [];
  return [event(scope.connection, model, "deleted", { id }, undefined)];
}

function event(connection: Connection, model: string, action: EventAction, data: unknown, raw: unknown): NewEvent {
  return {
    type: `${model}.${action}`,
    connectionId: connection.id,
    ownerId: connection.ownerId,
    division: connection.division,
    model,
    action,
    data,
    ...(raw === undefined ? {} : { raw }),
  };
}

const EXACT_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

function epochMs(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string") return undefined;
  const wrapped = EXACT_DATE.exec(value);
  if (wrapped) return Number(wrapped[1]);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
