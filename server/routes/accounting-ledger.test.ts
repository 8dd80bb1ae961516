/**
 * The ledger models (issue 19) through the real HTTP stack against the sandbox: the seeded Dutch chart of
 * accounts and VAT codes read back as unified records, writes round-trip, and what Exact refuses is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operation } from "../../src/protocol";
import { startTestServer, type TestServer } from "../test-support/harness";

const OWNER = "org_ledger";
const OPERATIONS: Operation[] = [
  "accountingLedgerAccount::list", "accountingLedgerAccount::retrieve", "accountingLedgerAccount::create",
  "accountingLedgerAccount::update", "accountingLedgerAccount::delete",
  "accountingTaxRate::list", "accountingTaxRate::retrieve",
  "accountingJournalEntry::list", "accountingJournalEntry::retrieve", "accountingJournalEntry::create",
  "accountingBalance::list", "accountingBalance::retrieve",
];

type Record_ = Record<string, unknown> & { id: string };
type Body = { data: Record_[] & Record_; next: string | null; error?: { code: string; message: string; details?: Record<string, unknown> } };

describe("ledger models against the sandbox", () => {
  let server: TestServer;
  const get = async (path: string) => {
    const response = await server.backend(path, { ownerId: OWNER });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await server.backend(path, { method, ownerId: OWNER, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Body };
  };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { minutelyLimit: 10_000 } });
    await server.connect(OWNER, OPERATIONS);
  });
  afterAll(() => server.close());

  describe("accountingLedgerAccount", () => {
    it("lists the Dutch chart of accounts with Exact's types as words", async () => {
      const { status, body } = await get("/v1/resources/accountingLedgerAccount?limit=100");
      expect(status).toBe(200);
      const byCode = new Map(body.data.map((a) => [a.code, a]));
      expect(byCode.get("1100")).toMatchObject({ name: "Bank", type: "bank", classification: "balanceSheet", balanceSide: "debit" });
      expect(byCode.get("1300")).toMatchObject({ name: "Debiteuren", type: "accountsReceivable" });
      expect(byCode.get("1600")).toMatchObject({ name: "Crediteuren", type: "accountsPayable", balanceSide: "credit" });
      expect(byCode.get("8000")).toMatchObject({ name: "Omzet hoog tarief", type: "revenue", classification: "profitAndLoss", taxCode: "2" });
      expect(byCode.get("8010")).toMatchObject({ name: "Omzet laag tarief", taxCode: "1" });
      for (const code of ["1000", "1500", "1510", "1520", "4000", "4100", "4200"]) expect(byCode.has(code), code).toBe(true);
    });

    it("filters by code and by type", async () => {
      const bank = await get("/v1/resources/accountingLedgerAccount?filter[code]=1100");
      expect(bank.body.data.map((a) => a.name)).toEqual(["Bank"]);
      const vat = await get("/v1/resources/accountingLedgerAccount?filter[type]=vat");
      expect(vat.body.data.map((a) => a.code).sort()).toEqual(["1500", "1510", "1520"]);
      const bad = await get("/v1/resources/accountingLedgerAccount?filter[type]=asset");
      expect(bad.status).toBe(400);
    });

    it("creates, updates and deletes an account", async () => {
      const created = await send("POST", "/v1/resources/accountingLedgerAccount", {
        code: "4600", name: "Kantoorkosten", type: "otherCosts", classification: "profitAndLoss", balanceSide: "debit", taxCode: "2",
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.data).toMatchObject({ code: "4600", name: "Kantoorkosten", type: "otherCosts", taxCode: "2", isBlocked: false });
      const id = created.body.data.id;
      const updated = await send("PATCH", `/v1/resources/accountingLedgerAccount/${id}`, { name: "Kantoor- en administratiekosten", isBlocked: true });
      expect(updated.status).toBe(200);
      expect(updated.body.data).toMatchObject({ code: "4600", name: "Kantoor- en administratiekosten", isBlocked: true });
      expect((await send("DELETE", `/v1/resources/accountingLedgerAccount/${id}`)).status).toBe(204);
      expect((await get(`/v1/resources/accountingLedgerAccount/${id}`)).status).toBe(404);
    });

    it("refuses a create without a code before calling Exact, naming the field", async () => {
      const missing = await send("POST", "/v1/resources/accountingLedgerAccount", { name: "Zonder code" });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "code" } });
    });

    it("passes on what Exact refuses: a taken code, an unknown VAT code, deleting an account in use", async () => {
      const taken = await send("POST", "/v1/resources/accountingLedgerAccount", { code: "8000", name: "Dubbel" });
      expect(taken.status).toBe(400);
      expect(taken.body.error?.message).toContain("Code already exists");
      const vat = await send("POST", "/v1/resources/accountingLedgerAccount", { code: "4700", name: "Onbekende btw", taxCode: "77" });
      expect(vat.status).toBe(400);
      expect(vat.body.error?.message).toContain("VAT code does not exist");
      const vatPayable = (await get("/v1/resources/accountingLedgerAccount?filter[code]=1500")).body.data[0]!;
      const inUse = await send("DELETE", `/v1/resources/accountingLedgerAccount/${vatPayable.id}`);
      expect(inUse.status).toBe(400);
      expect(inUse.body.error?.message).toContain("cannot be deleted");
    });
  });

  describe("accountingTaxRate", () => {
    it("lists the Dutch VAT codes with their rates, history and ledger accounts", async () => {
      const { status, body } = await get("/v1/resources/accountingTaxRate?limit=50");
      expect(status).toBe(200);
      const byCode = new Map(body.data.map((v) => [v.code, v]));
      const accounts = new Map((await get("/v1/resources/accountingLedgerAccount?filter[type]=vat")).body.data.map((a) => [a.code, a.id]));
      expect(byCode.get("2")).toMatchObject({
        name: "Btw hoog tarief", rate: 21, calculation: "excluding", usage: "both", isReverseCharge: false,
        payableAccount: { id: accounts.get("1500") }, claimableAccount: { id: accounts.get("1520") },
        rates: [{ rate: 19, startDate: "2001-01-01", endDate: "2012-09-30" }, { rate: 21, startDate: "2012-10-01", endDate: null }],
      });
      expect(byCode.get("1")).toMatchObject({ rate: 9, payableAccount: { id: accounts.get("1510") } });
      expect(byCode.get("0")).toMatchObject({ rate: 0, calculation: "baseOnly", payableAccount: null });
      expect(byCode.get("5")).toMatchObject({ rate: 21, usage: "purchases", isReverseCharge: true });
      const one = await get(`/v1/resources/accountingTaxRate/${byCode.get("2")!.id}`);
      expect(one.body.data).toEqual(byCode.get("2"));
    });

    it("filters by usage, and refuses writes Exact's mapping does not offer", async () => {
      const purchases = await get("/v1/resources/accountingTaxRate?filter[usage]=purchases");
      expect(purchases.body.data.map((v) => v.code)).toEqual(["5"]);
      const write = await send("POST", "/v1/resources/accountingTaxRate", { code: "9", name: "Nieuw" });
      expect(write.status).toBe(405);
      expect(write.body.error?.code).toBe("OPERATION_NOT_SUPPORTED");
    });
  });

  describe("accountingJournalEntry", () => {
    const accountIds = async () => new Map((await get("/v1/resources/accountingLedgerAccount?limit=100")).body.data.map((a) => [String(a.code), a.id]));

    it("lists the memorial bookings: the opening balance, monthly salaries, the VAT returns, each balanced", async () => {
      const { status, body } = await get("/v1/resources/accountingJournalEntry?limit=100");
      expect(status).toBe(200);
      const accounts = await accountIds();
      const opening = body.data.find((e) => e.type === "openingBalance")!;
      expect(opening).toMatchObject({ journal: "90", status: "processed", date: "2025-01-01", financialYear: 2025 });
      expect(opening.lines).toEqual(expect.arrayContaining([expect.objectContaining({ ledgerAccount: { id: accounts.get("1100") }, amount: 18500 })]));
      for (const entry of body.data) {
        const lines = entry.lines as Array<{ amount: number }>;
        expect(Math.round(lines.reduce((sum, l) => sum + l.amount, 0) * 100), String(entry.number)).toBe(0);
      }
      const january = body.data.find((e) => e.date === "2025-01-31")!;
      expect(january.lines).toEqual([
        expect.objectContaining({ ledgerAccount: { id: accounts.get("4300") }, amount: 1150, description: "Salarissen januari 2025" }),
        expect.objectContaining({ ledgerAccount: { id: accounts.get("1100") }, amount: -1150 }),
      ]);
      expect((await get(`/v1/resources/accountingJournalEntry?filter[status]=open`)).body.data).toHaveLength(1);
    });

    it("creates a balanced entry and reads it back", async () => {
      const accounts = await accountIds();
      const created = await send("POST", "/v1/resources/accountingJournalEntry", {
        journal: "90", date: "2026-01-31",
        lines: [
          { ledgerAccount: { id: accounts.get("4300") }, amount: 14250, description: "Salarissen januari 2026" },
          { ledgerAccount: { id: accounts.get("1100") }, amount: -14250, description: "Salarissen januari 2026" },
        ],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.data).toMatchObject({ journal: "90", date: "2026-01-31", status: "open", type: "other", financialYear: 2026, financialPeriod: 1 });
      expect(created.body.data.number).toMatch(/^\d+$/);
      const again = await get(`/v1/resources/accountingJournalEntry/${created.body.data.id}`);
      expect(again.body.data.lines).toEqual([
        expect.objectContaining({ lineNumber: 1, ledgerAccount: { id: accounts.get("4300") }, amount: 14250 }),
        expect.objectContaining({ lineNumber: 2, ledgerAccount: { id: accounts.get("1100") }, amount: -14250 }),
      ]);
    });

    it("refuses unbalanced lines before calling Exact, naming lines", async () => {
      const accounts = await accountIds();
      const before = server.sandbox.control.stats().restCalls;
      const refused = await send("POST", "/v1/resources/accountingJournalEntry", {
        journal: "90",
        lines: [{ ledgerAccount: { id: accounts.get("4300") }, amount: 100 }, { ledgerAccount: { id: accounts.get("1100") }, amount: -99.99 }],
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "lines" } });
      expect(refused.body.error?.message).toContain("0.01");
      expect(server.sandbox.control.stats().restCalls).toBe(before);
    });

    it("passes on what Exact refuses: a sales journal, an unknown ledger account; no update or delete is offered", async () => {
      const accounts = await accountIds();
      const lines = [{ ledgerAccount: { id: accounts.get("4300") }, amount: 10 }, { ledgerAccount: { id: accounts.get("1100") }, amount: -10 }];
      const sales = await send("POST", "/v1/resources/accountingJournalEntry", { journal: "70", lines });
      expect(sales.status).toBe(400);
      expect(sales.body.error?.message).toContain("not a general journal");
      const unknown = await send("POST", "/v1/resources/accountingJournalEntry", {
        journal: "90", lines: [lines[0], { ledgerAccount: { id: "00000000-0000-4000-8000-000000000001" }, amount: -10 }],
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error?.message).toContain("GLAccount does not exist");
      const entry = (await get("/v1/resources/accountingJournalEntry?limit=1")).body.data[0]!;
      expect((await send("PATCH", `/v1/resources/accountingJournalEntry/${entry.id}`, { journal: "90" })).status).toBe(405);
    });
  });

  describe("accountingBalance", () => {
    const all = async (query: string): Promise<Record_[]> => {
      const rows: Record_[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`/v1/resources/accountingBalance?limit=200&${query}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.status).toBe(200);
        rows.push(...page.body.data);
        cursor = page.body.next;
      } while (cursor);
      return rows;
    };
    const total = (rows: Record_[]) => Math.round(rows.reduce((sum, r) => sum + Number(r.amount), 0) * 100) / 100 || 0;

    it("the trial balance of 2025 adds up to zero over all accounts", async () => {
      const rows = await all("filter[year]=2025");
      expect(rows.length).toBeGreaterThan(20);
      expect(total(rows)).toBe(0);
      expect(rows.every((r) => r.year === 2025 && typeof r.ledgerAccountCode === "string")).toBe(true);
    });

    it("the bank's balance is what its entries say, and a new entry moves it", async () => {
      const bank = async () => total(await all("filter[year]=2025&filter[ledgerAccountCode]=1100"));
      const entries = (await get("/v1/resources/accountingJournalEntry?limit=100")).body.data;
      const accounts = new Map((await get("/v1/resources/accountingLedgerAccount?filter[code]=1100")).body.data.map((a) => [a.code, a.id]));
      const booked = entries
        .filter((e) => String(e.date).startsWith("2025"))
        .flatMap((e) => e.lines as Array<{ ledgerAccount: { id: string }; amount: number }>)
        .filter((l) => l.ledgerAccount.id === accounts.get("1100"));
      const before = await bank();
      expect(before).toBe(Math.round(booked.reduce((sum, l) => sum + l.amount, 0) * 100) / 100);
      const costs = (await get("/v1/resources/accountingLedgerAccount?filter[code]=4100")).body.data[0]!;
      const created = await send("POST", "/v1/resources/accountingJournalEntry", {
        journal: "90", date: "2025-12-15",
        lines: [{ ledgerAccount: { id: costs.id }, amount: 1850, description: "Huur december" }, { ledgerAccount: { id: accounts.get("1100") }, amount: -1850 }],
      });
      expect(created.status).toBe(201);
      expect(await bank()).toBe(Math.round((before - 1850) * 100) / 100);
      const december = await all("filter[year]=2025&filter[period]=12&filter[ledgerAccountCode]=4100&filter[status]=open");
      expect(december).toEqual([expect.objectContaining({ debit: 1850, credit: 0, amount: 1850, count: 1, transactionType: 90, classification: "profitAndLoss" })]);
      const one = await get(`/v1/resources/accountingBalance/${december[0]!.id}`);
      expect(one.body.data).toEqual(december[0]);
    });
  });
});
