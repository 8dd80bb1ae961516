import { computeLineAmounts, recomputeInvoiceTotals, vatCodeFor } from "./invoice-amounts";
import type { Prng } from "./prng";
import { createPrng } from "./prng";
import {
  BAKERY_ITEMS, FIRST_NAMES, JOB_TITLES, LAST_NAMES, MAIN_ACCOUNTS, MAIN_DIVISION, MAIN_JOURNALS, REAL_ESTATE_ITEMS,
  SECOND_ACCOUNTS, SECOND_DIVISION, SECOND_JOURNALS, SEED_USERS, THIRD_ACCOUNTS, THIRD_DIVISION, THIRD_ITEMS,
} from "./seed-data";
import type { Row, SandboxState } from "./state";
import { emptyStats, tableOf } from "./state";
import { glAccountId, revenueGlAccountCode, seedJournalEntries, seedLedger } from "./seed-ledger";
import { seedPayments, seedReceivables } from "./seed-cashflow";
import { seedDocuments } from "./seed-documents";
import { seedPurchases } from "./seed-purchase";
import { TIMESTAMP, nextRowVersion } from "./sync-log";

/** Seed records are dated in a fixed past, so they do not depend on when the sandbox starts. */
const SEED_EPOCH = Date.UTC(2025, 0, 6, 8, 0, 0);
const DAY = 86_400_000;

export function padAccountCode(code: string | number): string {
  return String(code).trim().padStart(18, " ");
}

function slug(text: string): string {
  return text.toLowerCase().normalize("NFD").replace(/[^a-z0-9]+/g, "").slice(0, 24);
}

function digits(prng: Prng, n: number): string {
  return Array.from({ length: n }, () => prng.int(0, 9)).join("");
}

export function createSeededState(minutelyLimit: number): SandboxState {
  const prng = createPrng(20260101);
  const stamp = (maxDays: number): number => SEED_EPOCH + prng.int(0, maxDays) * DAY + prng.int(0, 36_000) * 1000;

  const users = new Map<string, Row>();
  for (const u of SEED_USERS) {
    const id = prng.uuid();
    const created = stamp(30);
    users.set(id, {
      UserID: id, FirstName: u.first, LastName: u.last, FullName: `${u.first} ${u.last}`, Email: u.email,
      UserName: u.email, Phone: u.phone, Mobile: u.mobile, Language: "NL", LanguageCode: "nl-NL",
      Initials: `${u.first[0]}.`, Created: created, Modified: created,
    });
  }
  const signedInUserId = [...users.keys()][0] as string;

  const divisions = new Map<number, Row>();
  const divisionSpecs = [
    { code: MAIN_DIVISION, hid: 1, name: "Bakkerij De Gouden Korenschoof B.V.", main: true },
    { code: SECOND_DIVISION, hid: 2, name: "Korenschoof Vastgoed B.V.", main: false },
  ];
  for (const d of divisionSpecs) {
    const created = stamp(5);
    divisions.set(d.code, {
      Code: d.code, Description: d.name, Hid: d.hid, CustomerName: d.name, Customer: prng.uuid(),
      Currency: "EUR", Country: "NL", Status: 1, IsMainDivision: d.main,
      VATNumber: `NL${digits(prng, 9)}B01`, ChamberOfCommerceNumber: digits(prng, 8),
      Created: created, Modified: created,
    });
  }

  const state: SandboxState = {
    signedInUserId, users, divisions,
    currentDivisionByUser: new Map([...users.keys()].map((id) => [id, MAIN_DIVISION])),
    tables: new Map(), codes: new Map(), consentTickets: new Map(),
    grantsByAccessToken: new Map(), grantsByRefreshToken: new Map(), oldRefreshTokens: new Set(),
    rights: new Map(), rateWindows: new Map(), errorCounts: new Map(),
    stats: emptyStats(), minutelyLimit, rowVersions: new Map(), deletions: new Map(), webhooksPaused: false,
  };

  seedDivision(state, prng, stamp, MAIN_DIVISION, MAIN_ACCOUNTS, 5, BAKERY_ITEMS, 34);
  seedDivision(state, prng, stamp, SECOND_DIVISION, SECOND_ACCOUNTS, 2, REAL_ESTATE_ITEMS, 4);
  seedJournals(state, MAIN_DIVISION, MAIN_JOURNALS);
  seedJournals(state, SECOND_DIVISION, SECOND_JOURNALS);
  for (const division of [MAIN_DIVISION, SECOND_DIVISION]) seedLedger(state, division);
  for (const division of [MAIN_DIVISION, SECOND_DIVISION]) seedJournalEntries(state, division, division === MAIN_DIVISION);
  seedPurchases(state, MAIN_DIVISION, "60");
  for (const division of [MAIN_DIVISION, SECOND_DIVISION]) seedReceivables(state, division);
  seedPayments(state, MAIN_DIVISION);
  // Drawn last, so that every id seeded before keeps its value.
  seedDocuments(state, MAIN_DIVISION, prng.uuid(), prng.uuid());
  for (const division of [MAIN_DIVISION, SECOND_DIVISION]) stampSeededRows(state, division);
  // A third administration with its own customers and items (issue 18), drawn after everything else so that
  // every id seeded before keeps its value.
  const thirdCreated = stamp(5);
  const thirdName = "Korenschoof Academie B.V.";
  divisions.set(THIRD_DIVISION, {
    Code: THIRD_DIVISION, Description: thirdName, Hid: 3, CustomerName: thirdName, Customer: prng.uuid(),
    Currency: "EUR", Country: "NL", Status: 1, IsMainDivision: false,
    VATNumber: `NL${digits(prng, 9)}B01`, ChamberOfCommerceNumber: digits(prng, 8),
    Created: thirdCreated, Modified: thirdCreated,
  });
  seedDivision(state, prng, stamp, THIRD_DIVISION, THIRD_ACCOUNTS, 2, THIRD_ITEMS, 3);
  stampSeededRows(state, THIRD_DIVISION);
  return state;
}

/** Seeded records were "inserted" before the sandbox started: each gets its Timestamp, oldest change first. */
function stampSeededRows(state: SandboxState, division: number): void {
  const byModified = (rows: Iterable<Row>): Row[] => [...rows].sort((a, b) => Number(a.Modified) - Number(b.Modified));
  for (const path of ["logistics/Items", "crm/Accounts", "crm/Contacts"]) {
    for (const row of byModified(tableOf(state, division, path).values())) row[TIMESTAMP] = nextRowVersion(state, division);
  }
  const lines = [...tableOf(state, division, "salesinvoice/SalesInvoiceLines").values()];
  for (const invoice of byModified(tableOf(state, division, "salesinvoice/SalesInvoices").values())) {
    invoice[TIMESTAMP] = nextRowVersion(state, division);
    for (const line of lines.filter((l) => l.InvoiceID === invoice.InvoiceID)) line[TIMESTAMP] = nextRowVersion(state, division);
  }
}

/**
 * Fills a division's crm/Contacts up to `total` records (e.g. 10,000 for the bulk tests and the bench), spread
 * over its accounts, as if they had been entered long ago: no webhooks, fresh Timestamps. Deterministic for a
 * given division and total. Returns how many were added.
 */
export function fillContacts(state: SandboxState, division: number, total: number): number {
  const contacts = tableOf(state, division, "crm/Contacts");
  const accounts = [...tableOf(state, division, "crm/Accounts").values()];
  if (accounts.length === 0) throw new Error(`Division ${division} has no accounts to hang contacts on.`);
  const prng = createPrng(division + total);
  let added = 0;
  while (contacts.size < total) {
    const account = accounts[added % accounts.length] as Row;
    const first = prng.pick(FIRST_NAMES);
    const last = prng.pick(LAST_NAMES);
    const id = prng.uuid();
    const created = SEED_EPOCH + prng.int(0, 300) * DAY;
    contacts.set(id, {
      ID: id, Account: account.ID, AccountName: account.Name, FirstName: first, LastName: last, FullName: `${first} ${last}`,
      Email: `${slug(first)}.${slug(last)}.${added}@bulk.example`, BusinessEmail: null, Phone: null, BusinessPhone: null,
      Mobile: `+31 6 ${digits(prng, 8)}`, JobTitleDescription: prng.pick(JOB_TITLES), IsMainContact: false,
      Created: created, Modified: created, [TIMESTAMP]: nextRowVersion(state, division),
    });
    added++;
  }
  return added;
}

function seedDivision(
  state: SandboxState,
  prng: Prng,
  stamp: (maxDays: number) => number,
  division: number,
  accountSpecs: ReadonlyArray<readonly [string, string]>,
  contactsPerAccount: number,
  items: ReadonlyArray<readonly [string, string, number, number]>,
  invoiceCount: number,
): void {
  const accounts = tableOf(state, division, "crm/Accounts");
  const contacts = tableOf(state, division, "crm/Contacts");
  const invoices = tableOf(state, division, "salesinvoice/SalesInvoices");
  const lines = tableOf(state, division, "salesinvoice/SalesInvoiceLines");
  const itemIds = items.map(() => prng.uuid());
  // Once a random revenue account; the draw stays so that every later seeded id is what it was.
  prng.uuid();
  // An item books its sales on the ledger's revenue account of its VAT rate (8000 high, 8010 low), as Exact's
  // GLRevenue does; its lines on invoices take the item's account.
  const glRevenue = (vat: number): string => glAccountId(division, revenueGlAccountCode(vat));
  const itemTable = tableOf(state, division, "logistics/Items");
  items.forEach(([description, code, , vat], i) => {
    const id = itemIds[i] as string;
    itemTable.set(id, {
      ID: id, Code: code, Description: description, IsSalesItem: true, SalesVatCode: vatCodeFor(vat), GLRevenue: glRevenue(vat),
      Unit: "stuk", Created: SEED_EPOCH, Modified: SEED_EPOCH,
    });
  });

  accountSpecs.forEach(([name, city], i) => {
    const id = prng.uuid();
    const created = stamp(200);
    const domain = `${slug(name)}.example`;
    const account: Row = {
      ID: id, Code: padAccountCode(1000 + i * 10), Name: name, Email: `info@${domain}`,
      Phone: `+31 ${prng.int(10, 79)} ${digits(prng, 3)} ${digits(prng, 4)}`, Website: `https://www.${domain}`,
      VATNumber: `NL${digits(prng, 9)}B01`, ChamberOfCommerce: digits(prng, 8),
      AddressLine1: `${prng.pick(["Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsplein", "Havenkade", "Marktplein"])} ${prng.int(1, 180)}`,
      Postcode: `${prng.int(1000, 9999)} ${String.fromCharCode(65 + prng.int(0, 25))}${String.fromCharCode(65 + prng.int(0, 25))}`,
      City: city, Country: "NL", Status: prng.pick(["C", "C", "C", "P", "S", "A"]), IsSales: true,
      IsSupplier: prng.next() < 0.15, Blocked: false, MainContact: null, Created: created,
      Modified: created + prng.int(0, 120) * DAY,
    };
    accounts.set(id, account);

    for (let c = 0; c < contactsPerAccount; c++) {
      const isOBrien = name === "O'Brien Consultancy" && c === 0;
      const first = isOBrien ? "Liam" : prng.pick(FIRST_NAMES);
      const last = isOBrien ? "O'Brien" : prng.pick(LAST_NAMES);
      const contactId = prng.uuid();
      const email = `${slug(first)}.${slug(last)}@${domain}`;
      const contactCreated = created + prng.int(0, 60) * DAY;
      contacts.set(contactId, {
        ID: contactId, Account: id, AccountName: name, FirstName: first, LastName: last, FullName: `${first} ${last}`,
        Email: email, BusinessEmail: email, Phone: account.Phone, BusinessPhone: account.Phone,
        Mobile: `+31 6 ${digits(prng, 8)}`, JobTitleDescription: prng.pick(JOB_TITLES), IsMainContact: c === 0,
        Created: contactCreated, Modified: contactCreated + prng.int(0, 90) * DAY,
      });
      if (c === 0) account.MainContact = contactId;
    }
  });

  const accountRows = [...accounts.values()];
  for (let n = 0; n < invoiceCount; n++) {
    const customer = prng.pick(accountRows);
    const invoiceId = prng.uuid();
    const invoiceDate = stamp(330);
    const status = prng.pick([50, 50, 50, 20, 20, 10]);
    const invoice: Row = {
      InvoiceID: invoiceId, InvoiceNumber: 25_000_001 + n, InvoiceTo: customer.ID,
      InvoiceToName: customer.Name, OrderedBy: customer.ID, OrderedByName: customer.Name,
      InvoiceDate: invoiceDate, DueDate: invoiceDate + 30 * DAY, Currency: "EUR", Status: status, Type: 8020, Journal: "70",
      Description: `Levering ${new Date(invoiceDate).toLocaleDateString("nl-NL", { month: "long", year: "numeric", timeZone: "UTC" })}`,
      YourRef: prng.next() < 0.4 ? `PO-${digits(prng, 5)}` : null, Created: invoiceDate, Modified: invoiceDate + prng.int(0, 10) * DAY,
    };
    const invoiceLines: Row[] = [];
    const lineCount = prng.int(1, 4);
    for (let l = 0; l < lineCount; l++) {
      const itemIndex = prng.int(0, items.length - 1);
      const [description, code, price, vat] = items[itemIndex] as readonly [string, string, number, number];
      const line: Row = {
        ID: prng.uuid(), InvoiceID: invoiceId, LineNumber: l + 1, Description: description,
        Item: itemIds[itemIndex], ItemCode: code, ItemDescription: description, Quantity: prng.int(1, 40),
        UnitPrice: price, VATCode: vatCodeFor(vat), GLAccount: glRevenue(vat),
      };
      computeLineAmounts(line);
      invoiceLines.push(line);
      lines.set(line.ID as string, line);
    }
    recomputeInvoiceTotals(invoice, invoiceLines);
    invoices.set(invoiceId, invoice);
  }
}

/** Journals get ids of their own PRNG, so that adding them leaves every other seeded record as it was. */
function seedJournals(state: SandboxState, division: number, journals: ReadonlyArray<readonly [string, string, number]>): void {
  const prng = createPrng(division);
  const table = tableOf(state, division, "financial/Journals");
  for (const [code, description, type] of journals) {
    const id = prng.uuid();
    table.set(id, { ID: id, Code: code, Description: description, Type: type, Created: SEED_EPOCH, Modified: SEED_EPOCH });
  }
}
