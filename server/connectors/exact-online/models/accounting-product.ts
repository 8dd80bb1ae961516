/**
 * accountingProduct ↔ Exact `logistics/Items`: what the administration sells and buys. Lists go through
 * `bulk/Logistics/Items` (1000 a page; the reference names no filter restriction for it), changes through the
 * `Items` webhook topic and `sync/Logistics/Items`. Exact needs a Code and a Description on create.
 *
 * Not unified: the sales price. Exact's `StandardSalesPrice` is read-only on Items (prices live in
 * `logistics/SalesItemPrices`), so it is read here and never written; the cost price is writable.
 */
import { z } from "zod";
import { ACTIONS } from "../../../../src/protocol";
import { items } from "../reference/logistics-items";
import { defineModel } from "./define-model";

export const accountingProduct = defineModel({
  model: "accountingProduct",
  label: "Products",
  reference: items,
  actions: ACTIONS,
  fields: [
    {
      name: "code", exact: "Code", type: "string", writable: true, required: true, filter: true, search: true, description: "Item code, unique in the administration",
      input: z.string().trim().min(1, "code must not be empty"),
    },
    {
      name: "name", exact: "Description", type: "string", writable: true, required: true, filter: true, search: true, description: "Item description (Exact's Description)",
      input: z.string().trim().min(1, "name must not be empty"),
    },
    { name: "notes", exact: "Notes", type: "string", writable: true, nullable: true, description: "Free notes" },
    { name: "unit", exact: "Unit", type: "string", writable: true, nullable: true, description: "Unit code, e.g. stuk or kg" },
    { name: "barcode", exact: "Barcode", type: "string", writable: true, nullable: true, description: "EAN or other barcode" },
    { name: "isSalesItem", exact: "IsSalesItem", type: "boolean", writable: true, filter: true, description: "Can be sold (on sales invoice lines)" },
    { name: "isPurchaseItem", exact: "IsPurchaseItem", type: "boolean", writable: true, description: "Can be bought (on purchase lines)" },
    { name: "isStockItem", exact: "IsStockItem", type: "boolean", writable: true, description: "Exact keeps stock of it" },
    {
      name: "salesTaxCode", exact: "SalesVatCode", type: "string", writable: true, nullable: true, filter: true,
      description: "Code of the VAT code (vat/VATCodes) sales lines use by default, e.g. \"2\"", input: z.string().trim().min(1),
    },
    { name: "revenueAccount", exact: "GLRevenue", type: "reference", writable: true, nullable: true, description: "The ledger account (financial/GLAccounts) its sales are booked on" },
    { name: "costAccount", exact: "GLCosts", type: "reference", writable: true, nullable: true, description: "The ledger account (financial/GLAccounts) its costs are booked on" },
    { name: "costPrice", exact: "CostPriceStandard", type: "number", writable: true, nullable: true, description: "Standard cost price, in the administration's currency" },
    { name: "salesPrice", exact: "StandardSalesPrice", type: "number", description: "Standard sales price, set in Exact's price lists (read-only here)" },
    { name: "stock", exact: "Stock", type: "number", description: "Quantity in stock, computed by Exact" },
  ],
});
