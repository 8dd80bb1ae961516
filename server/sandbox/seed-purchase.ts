/**
 * The bakery's bills (purchase entries in journal 60 "Inkoopboek"): flour and grain from its millers, packaging,
 * the rent of the shop. Each line books on the ledger basis of seed-ledger.ts (4000 Inkoop grondstoffen, 4100
 * Huisvestingskosten, 4200 Verkoopkosten) with its VAT code, and the totals are what entities-purchase.ts computes,
 * so a bill read back agrees with its lines. `paid` says which bills are settled: cashflow/Payments lists the
 * others as owed to the supplier (seed-cashflow.ts). The second division has no purchase journal and no bills.
 */
import { PURCHASE_ENTRIES, PURCHASE_ENTRY_LINES, recomputeEntryTotals } from "./entities-purchase";
import { GL_ACCOUNT_SEEDS, glAccountId, ledgerId, VAT_CODES_PATH } from "./seed-ledger";
import type { Row, SandboxState } from "./state";
import { tableOf } from "./state";

const DAY = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

export interface BillSeed {
  supplier: string;
  reference: string;
  date: string;
  description: string;
  /** [GL account code, amount excluding VAT, VAT code, description] */
  lines: ReadonlyArray<readonly [account: string, amount: number, vatCode: string, description: string]>;
  status: 20 | 50;
  paid: boolean;
}

/** Suppliers of the bakery (main division accounts, marked IsSupplier) and what they bill. */
export const BILL_SEEDS: readonly BillSeed[] = [
  {
    supplier: "Groothandel Meelfabriek Noord", reference: "MFN-2025-0113", date: "2025-01-13", description: "Tarwebloem en roggemeel januari", status: 50, paid: true,
    lines: [["4000", 1240, "1", "Tarwebloem type 550, 40 zakken"], ["4000", 386.5, "1", "Roggemeel, 10 zakken"]],
  },
  {
    supplier: "Molen De Hoop Graanhandel", reference: "F25-0042", date: "2025-02-03", description: "Speltgraan en zaden", status: 50, paid: true,
    lines: [["4000", 612.8, "1", "Speltgraan 500 kg"], ["4000", 148.2, "1", "Zonnebloempitten en lijnzaad"]],
  },
  {
    supplier: "Verpakkingen Holland B.V.", reference: "VH-103877", date: "2025-02-20", description: "Taartdozen en broodzakken", status: 50, paid: true,
    lines: [["4200", 455, "2", "Taartdozen 30x30, 500 stuks"], ["4200", 129.9, "2", "Papieren broodzakken, 2000 stuks"]],
  },
  {
    supplier: "Kantoorpand De Werf Beheer", reference: "HUUR-2025-03", date: "2025-03-01", description: "Huur winkel en bakkerij maart", status: 50, paid: true,
    lines: [["4100", 2350, "2", "Huur bedrijfsruimte maart 2025"]],
  },
  {
    supplier: "Groothandel Meelfabriek Noord", reference: "MFN-2025-0318", date: "2025-03-18", description: "Tarwebloem maart", status: 50, paid: false,
    lines: [["4000", 1318.4, "1", "Tarwebloem type 550, 42 zakken"]],
  },
  {
    supplier: "Kantoorpand De Werf Beheer", reference: "HUUR-2025-04", date: "2025-04-01", description: "Huur winkel en bakkerij april", status: 50, paid: false,
    lines: [["4100", 2350, "2", "Huur bedrijfsruimte april 2025"]],
  },
  {
    supplier: "Verpakkingen Holland B.V.", reference: "VH-104502", date: "2025-04-07", description: "Creditnota: beschadigde taartdozen", status: 50, paid: false,
    lines: [["4200", -91, "2", "Retour taartdozen 30x30, 100 stuks"]],
  },
  {
    supplier: "Molen De Hoop Graanhandel", reference: "F25-0117", date: "2025-04-14", description: "Roggegraan, nog te controleren", status: 20, paid: false,
    lines: [["4000", 540, "1", "Roggegraan 450 kg"], ["4200", 45, "2", "Bezorgkosten"]],
  },
];

/** Which seeded bills are still owed, by EntryID: cashflow/Payments derives its rows from these. */
export function unpaidBillIds(division: number): string[] {
  return BILL_SEEDS.flatMap((bill, i) => (bill.paid ? [] : [ledgerId(division, "bill", String(i))]));
}

export function seedPurchases(state: SandboxState, division: number, journalCode: string): void {
  const accounts = [...tableOf(state, division, "crm/Accounts").values()];
  const entries = tableOf(state, division, PURCHASE_ENTRIES);
  const lines = tableOf(state, division, PURCHASE_ENTRY_LINES);
  const vatCodes = new Map([...tableOf(state, division, VAT_CODES_PATH).values()].map((v) => [String(v.Code), v]));
  const glAccounts = new Map(GL_ACCOUNT_SEEDS.map((a) => [a.code, a]));
  BILL_SEEDS.forEach((bill, i) => {
    const supplier = accounts.find((a) => a.Name === bill.supplier);
    if (!supplier) throw new Error(`Seed: no account ${bill.supplier}`);
    supplier.IsSupplier = true;
    const id = ledgerId(division, "bill", String(i));
    const date = day(bill.date);
    const entry: Row = {
      EntryID: id, EntryNumber: 25_600_001 + i, Journal: journalCode, JournalDescription: "Inkoopboek", Supplier: supplier.ID,
      YourRef: bill.reference, EntryDate: date, DueDate: date + 30 * DAY, Currency: "EUR", Status: bill.status, Type: 30,
      Description: bill.description, PaymentReference: null, Document: null, Division: division,
      Created: date + DAY, Modified: date + (bill.status === 50 ? 5 : 1) * DAY,
    };
    entries.set(id, entry);
    bill.lines.forEach(([code, amount, vatCode, description], n) => {
      const vat = vatCodes.get(vatCode);
      const percentage = Number(vat?.Percentage ?? 0);
      const lineId = ledgerId(division, "bill-line", `${i}:${n}`);
      const vatAmount = Math.round(amount * percentage * 100) / 100;
      lines.set(lineId, {
        ID: lineId, EntryID: id, LineNumber: n + 1, Description: description, Quantity: 1,
        GLAccount: glAccountId(division, code), GLAccountCode: code, GLAccountDescription: glAccounts.get(code)?.description ?? null,
        AmountFC: amount, AmountDC: amount, VATBaseAmountFC: amount, VATBaseAmountDC: amount,
        VATCode: vatCode, VATCodeDescription: vat?.Description ?? null, VATPercentage: percentage, VATAmountFC: vatAmount, VATAmountDC: vatAmount,
        Type: 30, Division: division,
      });
    });
    recomputeEntryTotals(entry, [...lines.values()].filter((l) => l.EntryID === id), vatCodes);
  });
}
