/**
 * Bulk item seed for the bench and the bulk tests: a division's logistics/Items filled up to a total (e.g. 10,000),
 * as a wholesaler's catalogue entered long ago: no webhooks, fresh sync Timestamps. Deterministic per division and total.
 */
import { createPrng } from "./prng";
import type { Row, SandboxState } from "./state";
import { tableOf } from "./state";
import { TIMESTAMP, nextRowVersion } from "./sync-log";

const SEED_EPOCH = Date.UTC(2025, 0, 6, 8, 0, 0);
const DAY = 86_400_000;
const KINDS = ["Meel", "Gist", "Boter", "Suiker", "Zaden", "Verpakking", "Vulling", "Decoratie"] as const;
const SIZES = ["1 kg", "5 kg", "10 kg", "25 kg", "doos 50", "doos 100"] as const;

export function fillItems(state: SandboxState, division: number, total: number): number {
  const items = tableOf(state, division, "logistics/Items");
  const prng = createPrng(division * 7 + total);
  let added = 0;
  while (items.size < total) {
    const id = prng.uuid();
    const kind = prng.pick(KINDS);
    const created = SEED_EPOCH + prng.int(0, 300) * DAY;
    const row: Row = {
      ID: id, Code: `BULK-${String(added + 1).padStart(5, "0")}`, Description: `${kind} ${prng.pick(SIZES)} (partij ${added + 1})`,
      IsSalesItem: prng.next() < 0.3, IsPurchaseItem: true, IsStockItem: true, SalesVatCode: "1", Unit: "stuk",
      CostPriceStandard: prng.int(50, 5000) / 100, Created: created, Modified: created, [TIMESTAMP]: nextRowVersion(state, division),
    };
    items.set(id, row);
    added++;
  }
  return added;
}
