/**
 * The shared ledger basis of every sandbox division: a Dutch chart of accounts (grootboekschema) and the Dutch
 * VAT codes with their percentages. Journal entries, sales invoices, purchase entries and balances all book on
 * these accounts, so their ids are derived from (division, code) and never from a shared PRNG sequence: another
 * seed can ask for `glAccountId(division, "1600")` without caring in which order things were seeded.
 *
 * Exact's values: GLAccounts.Type (10 cash, 12 bank, 20 receivable, 22 payable, 24 VAT, 50 capital stock,
 * 110 revenue, 111 cost of goods, 120 other costs, 121 sales/general expenses, 125 employee costs),
 * BalanceSide D/C, BalanceType B (balance sheet) / W (profit & loss); VATCodes.Type E (excluding) / B (0%, base
 * only), VATTransactionType B/S/P (both, sales, purchase), Charged (reverse charge: a purchase books VAT to pay
 * and VAT to claim). Percentages are fractions (0.21), as Exact returns them.
 */
import { createPrng } from "./prng";
import type { Row, SandboxState } from "./state";
import { tableOf } from "./state";
import { TIMESTAMP, nextRowVersion } from "./sync-log";

export const GL_ACCOUNTS = "financial/GLAccounts";
export const VAT_CODES_PATH = "vat/VATCodes";
export const VAT_PERCENTAGES = "vat/VatPercentages";

/** The chart's fixed past: before every seeded booking (2025). */
const LEDGER_EPOCH = Date.UTC(2025, 0, 1, 7, 0, 0);

export interface GlAccountSeed {
  code: string;
  description: string;
  type: number;
  balanceSide: "D" | "C";
  balanceType: "B" | "W";
  /** The VAT code Exact proposes when booking on the account (revenue and cost accounts). */
  vatCode?: string;
}

export const GL_ACCOUNT_SEEDS: readonly GlAccountSeed[] = [
  { code: "0500", description: "Eigen vermogen", type: 50, balanceSide: "C", balanceType: "B" },
  { code: "1000", description: "Kas", type: 10, balanceSide: "D", balanceType: "B" },
  { code: "1100", description: "Bank", type: 12, balanceSide: "D", balanceType: "B" },
  { code: "1300", description: "Debiteuren", type: 20, balanceSide: "D", balanceType: "B" },
  { code: "1500", description: "Te betalen btw hoog", type: 24, balanceSide: "C", balanceType: "B" },
  { code: "1510", description: "Te betalen btw laag", type: 24, balanceSide: "C", balanceType: "B" },
  { code: "1520", description: "Te vorderen btw (voorbelasting)", type: 24, balanceSide: "D", balanceType: "B" },
  { code: "1600", description: "Crediteuren", type: 22, balanceSide: "C", balanceType: "B" },
  { code: "4000", description: "Inkoop grondstoffen", type: 111, balanceSide: "D", balanceType: "W", vatCode: "1" },
  { code: "4100", description: "Huisvestingskosten", type: 120, balanceSide: "D", balanceType: "W", vatCode: "2" },
  { code: "4200", description: "Verkoopkosten", type: 121, balanceSide: "D", balanceType: "W", vatCode: "2" },
  { code: "4300", description: "Lonen en salarissen", type: 125, balanceSide: "D", balanceType: "W" },
  { code: "4500", description: "Algemene kosten", type: 120, balanceSide: "D", balanceType: "W", vatCode: "2" },
  { code: "8000", description: "Omzet hoog tarief", type: 110, balanceSide: "C", balanceType: "W", vatCode: "2" },
  { code: "8010", description: "Omzet laag tarief", type: 110, balanceSide: "C", balanceType: "W", vatCode: "1" },
];

export interface VatPercentageSeed {
  percentage: number;
  /** ISO dates; `to` null = still valid. */
  from: string;
  to: string | null;
}

export interface VatCodeSeed {
  code: string;
  description: string;
  /** E = excluding, B = 0% (only the base amount) */
  type: "E" | "B";
  /** B = both, S = sales, P = purchase */
  transactionType: "B" | "S" | "P";
  /** reverse charge ("btw verlegd"): a purchase books both the VAT to pay and the VAT to claim */
  charged: boolean;
  /** GL account codes of GLToPay / GLToClaim (null: no VAT is booked) */
  glToPay: string | null;
  glToClaim: string | null;
  /** oldest first; the last one is today's percentage */
  percentages: readonly VatPercentageSeed[];
}

export const VAT_CODE_SEEDS: readonly VatCodeSeed[] = [
  {
    code: "0", description: "Geen btw (0%)", type: "B", transactionType: "B", charged: false, glToPay: null, glToClaim: null,
    percentages: [{ percentage: 0, from: "2001-01-01", to: null }],
  },
  {
    code: "1", description: "Btw laag tarief", type: "E", transactionType: "B", charged: false, glToPay: "1510", glToClaim: "1520",
    percentages: [{ percentage: 0.06, from: "2001-01-01", to: "2018-12-31" }, { percentage: 0.09, from: "2019-01-01", to: null }],
  },
  {
    code: "2", description: "Btw hoog tarief", type: "E", transactionType: "B", charged: false, glToPay: "1500", glToClaim: "1520",
    percentages: [{ percentage: 0.19, from: "2001-01-01", to: "2012-09-30" }, { percentage: 0.21, from: "2012-10-01", to: null }],
  },
  {
    code: "4", description: "Verkopen btw verlegd", type: "B", transactionType: "S", charged: false, glToPay: null, glToClaim: null,
    percentages: [{ percentage: 0, from: "2001-01-01", to: null }],
  },
  {
    code: "5", description: "Inkopen btw verlegd hoog", type: "E", transactionType: "P", charged: true, glToPay: "1500", glToClaim: "1520",
    percentages: [{ percentage: 0.21, from: "2012-10-01", to: null }],
  },
];

/** Today's percentage of a VAT code (a fraction), or undefined for an unknown code. */
export function vatPercentageOf(code: string): number | undefined {
  return VAT_CODE_SEEDS.find((v) => v.code === code.trim())?.percentages.at(-1)?.percentage;
}

/** The revenue account Exact books a sales line on, by its VAT fraction: 9% → 8010, anything else → 8000. */
export function revenueGlAccountCode(vatFraction: number): string {
  return vatFraction === 0.09 ? "8010" : "8000";
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable guid per (division, kind, key): the same on every start, independent of seeding order. */
export function ledgerId(division: number, kind: string, key: string): string {
  return createPrng(hash(`${division}:${kind}:${key}`)).uuid();
}

export function glAccountId(division: number, code: string): string {
  if (!GL_ACCOUNT_SEEDS.some((a) => a.code === code)) throw new Error(`No seeded GL account ${code}`);
  return ledgerId(division, "gl", code);
}

export function vatCodeId(division: number, code: string): string {
  if (!VAT_CODE_SEEDS.some((v) => v.code === code)) throw new Error(`No seeded VAT code ${code}`);
  return ledgerId(division, "vat", code);
}

const isoDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** Fills a division's financial/GLAccounts, vat/VATCodes and vat/VatPercentages. */
export function seedLedger(state: SandboxState, division: number): void {
  const accounts = tableOf(state, division, GL_ACCOUNTS);
  const byCode = new Map<string, Row>();
  for (const a of GL_ACCOUNT_SEEDS) {
    const id = glAccountId(division, a.code);
    const row: Row = {
      ID: id, Code: a.code, Description: a.description, SearchCode: a.description.slice(0, 10).toUpperCase(),
      Type: a.type, BalanceSide: a.balanceSide, BalanceType: a.balanceType, VATCode: a.vatCode ?? null,
      IsBlocked: false, Matching: a.type === 20 || a.type === 22, Division: division,
      Created: LEDGER_EPOCH, Modified: LEDGER_EPOCH, [TIMESTAMP]: nextRowVersion(state, division),
    };
    accounts.set(id, row);
    byCode.set(a.code, row);
  }
  const codes = tableOf(state, division, VAT_CODES_PATH);
  const percentages = tableOf(state, division, VAT_PERCENTAGES);
  for (const v of VAT_CODE_SEEDS) {
    const id = vatCodeId(division, v.code);
    const pay = v.glToPay === null ? undefined : byCode.get(v.glToPay);
    const claim = v.glToClaim === null ? undefined : byCode.get(v.glToClaim);
    codes.set(id, {
      ID: id, Code: v.code, Description: v.description, Type: v.type, VATTransactionType: v.transactionType,
      Charged: v.charged, Percentage: v.percentages.at(-1)?.percentage ?? 0, CalculationBasis: 0, IsBlocked: false,
      EUSalesListing: "N", IntraStat: false, Country: "NL", Division: division,
      GLToPay: pay?.ID ?? null, GLToPayCode: pay?.Code ?? null, GLToPayDescription: pay?.Description ?? null,
      GLToClaim: claim?.ID ?? null, GLToClaimCode: claim?.Code ?? null, GLToClaimDescription: claim?.Description ?? null,
      Created: LEDGER_EPOCH, Modified: LEDGER_EPOCH,
    });
    v.percentages.forEach((p, i) => {
      const pid = ledgerId(division, "vat%", `${v.code}:${i}`);
      percentages.set(pid, {
        ID: pid, VATCodeID: id, LineNumber: i + 1, Percentage: p.percentage, Type: 0,
        StartDate: isoDay(p.from), EndDate: p.to === null ? null : isoDay(p.to), Division: division,
        Created: LEDGER_EPOCH, Modified: LEDGER_EPOCH,
      });
    });
  }
}

// ---- Journal entries: the memorial journal (90) of each division ----

const JOURNAL_ENTRIES_PATH = "generaljournalentry/GeneralJournalEntries";
const JOURNAL_ENTRY_LINES_PATH = "generaljournalentry/GeneralJournalEntryLines";
const MEMORIAL_JOURNAL = "90";
const DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

interface EntrySeed {
  key: string;
  date: string;
  /** 10 opening balance, 90 other */
  type: 10 | 90;
  /** 20 open, 50 processed */
  status: 20 | 50;
  /** [GL account code, amount (positive debit, negative credit), description] */
  lines: ReadonlyArray<readonly [string, number, string]>;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** The VAT a division's processed sales invoices charged per VAT code in [from, to): what a VAT return settles. */
function salesVatBetween(state: SandboxState, division: number, from: number, to: number): Map<string, number> {
  const invoices = tableOf(state, division, "salesinvoice/SalesInvoices");
  const totals = new Map<string, number>();
  for (const line of tableOf(state, division, "salesinvoice/SalesInvoiceLines").values()) {
    const invoice = invoices.get(String(line.InvoiceID));
    if (!invoice || invoice.Status !== 50 || Number(invoice.InvoiceDate) < from || Number(invoice.InvoiceDate) >= to) continue;
    const code = String(line.VATCode);
    totals.set(code, cents((totals.get(code) ?? 0) + Number(line.VATAmountDC ?? 0)));
  }
  return totals;
}

function entrySeeds(state: SandboxState, division: number, main: boolean): EntrySeed[] {
  // A bakery with one part-time employee on the payroll, a property company with a part-time caretaker.
  const salaries = main ? 1_150 : 2_100;
  const seeds: EntrySeed[] = [
    {
      key: "opening-2025", date: "2025-01-01", type: 10, status: 50,
      lines: main
        ? [["1100", 18_500, "Beginbalans bank"], ["1000", 650, "Beginbalans kas"], ["0500", -19_150, "Beginbalans eigen vermogen"]]
        : [["1100", 42_000, "Beginbalans bank"], ["0500", -42_000, "Beginbalans eigen vermogen"]],
    },
  ];
  for (let month = 0; month < 11; month++) {
    const last = new Date(Date.UTC(2025, month + 1, 0)).toISOString().slice(0, 10);
    seeds.push({
      key: `salaries-2025-${month + 1}`, date: last, type: 90, status: 50,
      lines: [["4300", salaries, `Salarissen ${DUTCH_MONTHS[month]} 2025`], ["1100", -salaries, `Salarissen ${DUTCH_MONTHS[month]} 2025`]],
    });
  }
  // Quarterly VAT returns for Q1–Q3: the VAT the sales invoices booked on 1500/1510, paid from the bank a month later.
  for (let quarter = 0; quarter < 3; quarter++) {
    const vat = salesVatBetween(state, division, Date.UTC(2025, quarter * 3, 1), Date.UTC(2025, quarter * 3 + 3, 1));
    const high = vat.get("2") ?? 0;
    const low = vat.get("1") ?? 0;
    if (high + low === 0) continue;
    const label = `Btw-aangifte Q${quarter + 1} 2025`;
    seeds.push({
      key: `vat-return-2025-q${quarter + 1}`, date: new Date(Date.UTC(2025, quarter * 3 + 4, 0)).toISOString().slice(0, 10), type: 90, status: 50,
      lines: [
        ...(high ? [["1500", high, label] as const] : []),
        ...(low ? [["1510", low, label] as const] : []),
        ["1100", -cents(high + low), label],
      ],
    });
  }
  if (main) {
    seeds.push(
      { key: "cash-deposit-2025-03", date: "2025-03-14", type: 90, status: 50, lines: [["1100", 500, "Kasstorting"], ["1000", -500, "Kasstorting"]] },
      // Still open (not processed): a correction the bookkeeper has yet to check.
      {
        key: "reclass-2025-11", date: "2025-11-28", type: 90, status: 20,
        lines: [["4200", 310.5, "Herclassificatie advertentiekosten"], ["4500", -310.5, "Herclassificatie advertentiekosten"]],
      },
    );
  }
  return seeds;
}

/** Fills a division's general journal entries; call after its invoices (the VAT returns settle their VAT). */
export function seedJournalEntries(state: SandboxState, division: number, main: boolean): void {
  const entries = tableOf(state, division, JOURNAL_ENTRIES_PATH);
  const lines = tableOf(state, division, JOURNAL_ENTRY_LINES_PATH);
  const accounts = tableOf(state, division, GL_ACCOUNTS);
  entrySeeds(state, division, main).forEach((seed, n) => {
    const entryId = ledgerId(division, "entry", seed.key);
    const date = isoDay(seed.date);
    const entryNumber = 25_900_001 + n;
    entries.set(entryId, {
      EntryID: entryId, EntryNumber: entryNumber, JournalCode: MEMORIAL_JOURNAL, Currency: "EUR", ExchangeRate: 1, Reversal: false,
      Status: seed.status, Type: seed.type, FinancialYear: 2025, FinancialPeriod: new Date(date).getUTCMonth() + 1, Division: division,
      Created: date + 9 * 3_600_000, Modified: date + 9 * 3_600_000,
    });
    seed.lines.forEach(([code, amount, description], i) => {
      const id = ledgerId(division, "entry-line", `${seed.key}:${i}`);
      const account = accounts.get(glAccountId(division, code));
      lines.set(id, {
        ID: id, EntryID: entryId, EntryNumber: entryNumber, LineNumber: i + 1, Date: date, Description: description,
        GLAccount: account?.ID, GLAccountCode: code, GLAccountDescription: account?.Description, AmountFC: amount, AmountDC: amount,
        Account: null, Notes: null, VATCode: null, Division: division, Created: date + 9 * 3_600_000, Modified: date + 9 * 3_600_000,
      });
    });
  });
}
