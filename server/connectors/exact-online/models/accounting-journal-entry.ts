/**
 * accountingJournalEntry ↔ Exact `generaljournalentry/GeneralJournalEntries` with its
 * `GeneralJournalEntryLines`: memorial bookings in a general journal (salaries, VAT returns, corrections).
 * Exact allows list, retrieve, create and delete, no update. The header has no date or description of its own:
 * `date` is the lines' date, and each line has its description. A line's `amount` is signed, as Exact's AmountFC:
 * positive debit, negative credit. Lines that do not balance are refused here, naming `lines`, before Exact is
 * called. VAT is not written: Exact only takes it in VAT-enabled journals, where it adds VAT lines itself.
 */
import { z } from "zod";
import { generalJournalEntries } from "../reference/generaljournalentry-general-journal-entries";
import { codeTable, dateInput, exactCalendarDate, guidRef, isoDate, num, ref, refId, text } from "./convert";
import { defineModel } from "./define-model";
import type { ExactRecord } from "./types";

const LINES = "GeneralJournalEntryLines";

/** Exact's entry Status: 5 rejected, 20 open, 50 processed. */
export const ENTRY_STATUS = codeTable([
  [5, "rejected"],
  [20, "open"],
  [50, "processed"],
] as const);

/** Exact's entry Type: 10 opening balance (not creatable through the API), 90 other. */
export const ENTRY_TYPE = codeTable([
  [10, "openingBalance"],
  [90, "other"],
] as const);

const lineInput = z.strictObject({
  ledgerAccount: guidRef,
  amount: z.number().finite(),
  description: z.string().trim().max(100).optional(),
  company: guidRef.optional(),
});
type LineInput = z.infer<typeof lineInput>;

const cents = (n: number): number => Math.round(n * 100) / 100;

/** Debits and credits to the cent: Exact refuses an entry that is not in balance. */
export function imbalanceOf(lines: readonly { amount: number }[]): number {
  return cents(lines.reduce((sum, line) => sum + line.amount, 0));
}

function expandedLines(value: unknown): ExactRecord[] {
  const list = Array.isArray(value) ? value : typeof value === "object" && value !== null && "results" in value ? value.results : [];
  return Array.isArray(list) ? list.filter((line): line is ExactRecord => typeof line === "object" && line !== null) : [];
}

export const accountingJournalEntry = defineModel({
  model: "accountingJournalEntry",
  label: "Journal entries",
  reference: generalJournalEntries,
  actions: ["list", "retrieve", "create"],
  fields: [
    {
      name: "number", exact: "EntryNumber", type: "string", filter: true, description: "Entry number, assigned by Exact",
      read: (raw) => (raw.EntryNumber === null || raw.EntryNumber === undefined ? null : String(raw.EntryNumber)),
    },
    {
      name: "journal", exact: "JournalCode", type: "string", writable: true, required: true, createOnly: true, filter: true,
      description: "Code of the general journal (Exact's journal type 90, e.g. 90 Memoriaal)", input: z.string().trim().min(1).max(20),
    },
    { name: "currency", exact: "Currency", type: "string", writable: true, createOnly: true, description: "ISO 4217 currency of the amounts; the division's when not given", input: z.string().regex(/^[A-Z]{3}$/, "Expected an ISO 4217 currency code such as EUR") },
    { name: "financialYear", exact: "FinancialYear", type: "integer", filter: true, description: "Financial year; Exact derives it from the date" },
    { name: "financialPeriod", exact: "FinancialPeriod", type: "integer", filter: true, description: "Financial period (month) within the year; Exact derives it from the date" },
    { name: "status", exact: "Status", type: "string", filter: true, codes: ENTRY_STATUS, description: "rejected | open | processed (Exact's 5/20/50)" },
    { name: "type", exact: "Type", type: "string", filter: true, codes: ENTRY_TYPE, description: "openingBalance | other (Exact's 10/90); entries created here are other" },
  ],
  expand: LINES,
  extraFields: [
    {
      name: "date", type: "date", writable: true, createOnly: true, input: dateInput,
      description: "Entry date, YYYY-MM-DD (the lines' date); today when not given",
    },
    {
      name: "lines", type: "object", writable: true, required: true, createOnly: true,
      input: z.array(lineInput).min(2, "An entry needs at least two lines, a debit and a credit"),
      description: "The lines [{ ledgerAccount: { id }, amount (positive debit, negative credit), description?, company?: { id } }]; they must balance. Read back with id, lineNumber, taxCode and taxAmount",
    },
  ],
  readExtra: (raw, unified) => {
    const lines = expandedLines(raw[LINES]).sort((a, b) => Number(a.LineNumber ?? 0) - Number(b.LineNumber ?? 0));
    unified.date = isoDate(lines[0]?.Date);
    unified.lines = lines.map((line) => ({
      id: text(line.ID), lineNumber: num(line.LineNumber), ledgerAccount: ref(line.GLAccount), amount: num(line.AmountFC),
      description: text(line.Description), company: ref(line.Account), taxCode: text(line.VATCode), taxAmount: num(line.AmountVATFC),
    }));
  },
  writeExtra: (input, out) => {
    if (!Array.isArray(input.lines)) return;
    const date = typeof input.date === "string" ? exactCalendarDate(input.date) : undefined;
    out[LINES] = (input.lines as LineInput[]).map((line) => ({
      GLAccount: refId(line.ledgerAccount), AmountFC: line.amount,
      ...(line.description === undefined ? {} : { Description: line.description }),
      ...(line.company === undefined ? {} : { Account: refId(line.company) }),
      ...(date === undefined ? {} : { Date: date }),
    }));
  },
  // Exact refuses an entry out of balance; say so before calling it, with the difference.
  onCreate: (schema) =>
    schema.superRefine((input, context) => {
      if (!Array.isArray(input.lines)) return;
      const difference = imbalanceOf(input.lines as LineInput[]);
      if (difference !== 0) {
        context.addIssue({ code: "custom", path: ["lines"], message: `The lines do not balance: debits exceed credits by ${difference.toFixed(2)} (amounts: positive debit, negative credit)` });
      }
    }),
});
