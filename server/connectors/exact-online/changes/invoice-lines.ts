/**
 * Exact raises a change of an invoice's lines as a SalesInvoices event on the invoice, and its sync endpoint
 * mixes headers and lines: either way we read the invoice with its lines expanded and compare the lines
 * with the ones this connection last saw (id and a hash of each line). New lines are created, changed ones
 * updated, missing ones deleted; an unchanged line emits nothing.
 */
import type { NewEvent } from "../../../webhooks/events";
import { parseExpanded } from "../exact-schemas";
import type { ModelRegistry } from "../model-registry";
import type { ExactRecord, ModelMapping } from "../models/types";
import { liveVersions } from "./record-versions-repo";
import { recordChanged, recordRemoved, type ChangeScope } from "./record-changes";

/** The line model of a model read with `$expand` (accountingInvoice → accountingInvoiceItem), if any. */
export function lineMappingOf(models: ModelRegistry, mapping: ModelMapping): ModelMapping | undefined {
  const navigation = mapping.expand && mapping.reference?.navigation?.[mapping.expand];
  if (!navigation) return undefined;
  return models.onEndpoint(navigation.entity)[0];
}

/**
 * The line events of one invoice as read now. An invoice this connection never saw, changed (Exact's
 * Update), gets its lines recorded silently: we cannot tell which of them are new, and a flood of
 * `created` for lines that existed before we watched would be wrong.
 */
export async function invoiceLinesChanged(scope: ChangeScope, invoice: { mapping: ModelMapping; raw: ExactRecord; id: string; seenBefore: boolean; created: boolean }, lines: ModelMapping): Promise<NewEvent[]> {
  const navigation = invoice.mapping.expand;
  if (!navigation) return [];
  const current = parseExpanded(invoice.raw[navigation]);
  const known = await liveVersions(scope.trx, { connectionId: scope.connection.id, division: scope.connection.division }, lines.model, invoice.id);
  const lineScope = !invoice.seenBefore && !invoice.created ? { ...scope, silent: true } : scope;
  const events: NewEvent[] = [];
  const present = new Set<string>();
  for (const line of current) {
    const id = String(line[lines.keyField] ?? "");
    if (!id) continue;
    present.add(id);
    events.push(...(await recordChanged(lineScope, lines, line, { unseen: "created", parentId: invoice.id })));
  }
  for (const id of known.keys()) if (!present.has(id)) events.push(...(await recordRemoved(scope, lines.model, id)));
  return events;
}

/** An invoice deleted: each line it had is deleted too. */
export async function invoiceLinesRemoved(scope: ChangeScope, invoiceId: string, lines: ModelMapping): Promise<NewEvent[]> {
  const known = await liveVersions(scope.trx, { connectionId: scope.connection.id, division: scope.connection.division }, lines.model, invoiceId);
  const events: NewEvent[] = [];
  for (const id of known.keys()) events.push(...(await recordRemoved(scope, lines.model, id)));
  return events;
}
