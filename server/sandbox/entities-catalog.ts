/** The division's books and goods: journals (read-only in Exact's API) and the items that invoice lines sell. */
import { journals as journalsReference } from "../connectors/exact-online/reference/financial-journals";
import { items as itemsReference } from "../connectors/exact-online/reference/logistics-items";
import type { EntityDef } from "./entity-types";
import { fromReference } from "./entity-types";
import { badRequest } from "./errors";
import { tableOf } from "./state";

export const JOURNALS = "financial/Journals";
export const ITEMS = "logistics/Items";
/** Exact's journal types: 10 cash, 12 bank, 20 sales, 22 purchase, 90 general. */
export const SALES_JOURNAL_TYPE = 20;

export const journals: EntityDef = {
  ...fromReference(journalsReference),
  metadataType: "Exact.Web.Api.Models.Financial.Journal",
  table: (ctx) => tableOf(ctx.state, ctx.division, JOURNALS),
};

export const items: EntityDef = {
  ...fromReference(itemsReference),
  metadataType: "Exact.Web.Api.Models.Logistics.Item",
  table: (ctx) => tableOf(ctx.state, ctx.division, ITEMS),
  defaults: () => ({ IsSalesItem: true }),
  finish(row, ctx) {
    const code = typeof row.Code === "string" ? row.Code.trim() : "";
    const clash = [...tableOf(ctx.state, ctx.division, ITEMS).values()].some((item) => item.Code === code && item.ID !== row.ID);
    if (clash) throw badRequest(`Code already exists: ${code}`);
    row.Code = code;
  },
};
