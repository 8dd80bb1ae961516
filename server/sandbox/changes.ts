/**
 * Changes "as if a user made them in Exact's screens", for tests and scripts: through the same write path as the
 * REST API (Modified and the sync Timestamp move, webhooks fire, deletions are logged), but with no app token and
 * no rate limit. Exposed as `sandbox.changes` and, for a developer in sandbox mode, as `POST {sandbox}/_control/changes`
 * (see control-routes.ts). Nothing of this exists at Exact.
 */
import { randomUUID } from "node:crypto";
import { findEntity } from "./entities";
import type { EntityContext, EntityDef, Method } from "./entity-types";
import { ExactHttpError, badRequest } from "./errors";
import { parseKeyLiteral, serializeRow } from "./odata-query";
import type { SandboxOptions } from "./options";
import type { Row, SandboxState } from "./state";
import { createRecord, deleteRecord, updateRecord } from "./writes";

export type ExactRecordFields = Record<string, unknown>;

export interface SandboxChanges {
  /** Creates a record, e.g. `create(1234567, "crm/Contacts", { FirstName: "Femke", LastName: "Jansen" })`; returns it as the REST API shows it. */
  create(division: number, endpoint: string, fields: ExactRecordFields): Promise<ExactRecordFields>;
  /** Changes the given fields of the record with this key (a GUID, or `guid'…'`); returns the record as it now is. */
  update(division: number, endpoint: string, key: string, fields: ExactRecordFields): Promise<ExactRecordFields>;
  delete(division: number, endpoint: string, key: string): Promise<void>;
}

/** Subscriptions belong to an app, not to a user's screens: not changed this way. */
const NOT_BY_HAND = new Set(["webhooks/webhooksubscriptions"]);

export function createChanges(state: SandboxState, options: Required<SandboxOptions>): SandboxChanges {
  const context = (division: number): EntityContext => {
    if (!state.divisions.has(division)) throw new ExactHttpError(404, `No division ${division} in the sandbox.`);
    // No app made this change: every app's subscriptions hear of it; DeletedBy/Creator is the signed-in user.
    return { state, division, userId: state.signedInUserId, clientId: "", now: options.now(), newId: randomUUID };
  };
  const entityFor = (endpoint: string, method: Method): EntityDef => {
    const entity = findEntity(endpoint);
    if (!entity || NOT_BY_HAND.has(entity.path.toLowerCase())) throw new ExactHttpError(404, `Resource not found: ${endpoint}`);
    if (!entity.methods.has(method)) throw new ExactHttpError(405, `Method ${method} is not allowed on ${entity.path}.`);
    return entity;
  };
  const keyOf = (entity: EntityDef, key: string): string => parseKeyLiteral(entity, /^(guid'|\d+$)/i.test(key) ? key : `guid'${key}'`);
  const shown = (entity: EntityDef, row: Row, ctx: EntityContext): ExactRecordFields =>
    serializeRow(entity, entity.view?.(row, ctx) ?? row, { expand: [], ctx, publicUrl: options.publicUrl, related: findEntity });
  const fieldsObject = (fields: unknown): ExactRecordFields => {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw badRequest("fields must be an object of Exact property names");
    return fields as ExactRecordFields;
  };

  return {
    async create(division, endpoint, fields) {
      const entity = entityFor(endpoint, "POST");
      const ctx = context(division);
      return shown(entity, await createRecord(entity, ctx, fieldsObject(fields), options), ctx);
    },
    async update(division, endpoint, key, fields) {
      const entity = entityFor(endpoint, "PUT");
      const ctx = context(division);
      return shown(entity, await updateRecord(entity, ctx, keyOf(entity, key), fieldsObject(fields), options), ctx);
    },
    async delete(division, endpoint, key) {
      const entity = entityFor(endpoint, "DELETE");
      deleteRecord(entity, context(division), keyOf(entity, key), options);
    },
  };
}
