import { describe, expect, it } from "vitest";
import { TEST_PUBLIC_URL, connectSandbox } from "../test-support/sandbox-client";

type List = { d: { results: Array<Record<string, unknown>>; __next?: string; __count?: string } };
type ErrorBody = { error: { code: string; message: { lang: string; value: string } } };
const DIV = 1234567;
/** crm/Accounts has mandatory filtering: a filter on its key that excludes no account. */
const EVERY_ACCOUNT = `$filter=${encodeURIComponent("ID ne guid'00000000-0000-0000-0000-000000000000'")}`;

describe("current/Me", () => {
  it("answers the collection envelope with the chosen division", async () => {
    const { api } = await connectSandbox();
    const answer = await api("/api/v1/current/Me");
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as List;
    expect(body.d.results).toHaveLength(1);
    expect(body.d.results[0]).toMatchObject({
      CurrentDivision: DIV, FullName: "Sanne de Vries", FirstName: "Sanne", LastName: "de Vries",
      Email: "sanne@korenschoof.example", LanguageCode: "nl-NL", DivisionCustomerName: "Bakkerij De Gouden Korenschoof B.V.",
    });
    expect(body.d.results[0]?.UserID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 401 with Exact's error body without a token, and Atom XML without Accept json", async () => {
    const { sandbox, api } = await connectSandbox();
    const anonymous = await sandbox.app.request("/api/v1/current/Me", { headers: { Accept: "application/json" } });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBody).error.message.value).toMatch(/Unauthorized/);
    const xml = await api("/api/v1/current/Me", { headers: { Accept: "*/*" } });
    expect(xml.headers.get("content-type")).toContain("application/atom+xml");
    expect(await xml.text()).toMatch(/^<\?xml/);
  });
});

describe("lists and OData", () => {
  it("pages more than 200 contacts over more than three pages of 60 without duplicates", async () => {
    const { api } = await connectSandbox();
    const seen = new Set<string>();
    let url: string | undefined = `/api/v1/${DIV}/crm/Contacts?$select=ID,FullName&$inlinecount=allpages`;
    let pages = 0;
    let count = "";
    while (url) {
      const body = (await (await api(url)).json()) as List;
      pages++;
      if (pages === 1) count = body.d.__count ?? "";
      expect(body.d.results.length).toBeLessThanOrEqual(60);
      for (const row of body.d.results) {
        expect(seen.has(String(row.ID))).toBe(false);
        seen.add(String(row.ID));
        expect(Object.keys(row).sort()).toEqual(["FullName", "ID", "__metadata"]);
      }
      if (body.d.__next) {
        expect(body.d.__next.startsWith(`${TEST_PUBLIC_URL}/api/v1/${DIV}/crm/Contacts?`)).toBe(true);
        expect(body.d.__next).toContain("$skiptoken=guid'");
        expect(body.d.__next).toContain("$select=ID%2CFullName");
      }
      url = body.d.__next;
    }
    expect(seen.size).toBeGreaterThanOrEqual(200);
    expect(pages).toBeGreaterThan(3);
    expect(Number(count)).toBe(seen.size);
  });

  it("finds O'Brien with an escaped quote and rejects the unescaped filter", async () => {
    const { api } = await connectSandbox();
    const escaped = encodeURIComponent("substringof('O''Brien', Name)");
    const body = (await (await api(`/api/v1/${DIV}/crm/Accounts?$filter=${escaped}`)).json()) as List;
    expect(body.d.results.map((r) => r.Name)).toEqual(["O'Brien Consultancy"]);

    const contact = (await (await api(`/api/v1/${DIV}/crm/Contacts?$filter=${encodeURIComponent("LastName eq 'O''Brien'")}`)).json()) as List;
    expect(contact.d.results[0]).toMatchObject({ FullName: "Liam O'Brien", AccountName: "O'Brien Consultancy" });

    const broken = await api(`/api/v1/${DIV}/crm/Accounts?$filter=${encodeURIComponent("substringof('O'Brien', Name)")}`);
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as ErrorBody).error.message.value).toMatch(/Unterminated string literal|Syntax error/);
  });

  it("filters on guids and datetimes, orders, and limits with $top", async () => {
    const { api } = await connectSandbox();
    const accounts = (await (await api(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$orderby=Name desc&$top=5&$select=ID,Name,Code,Modified`)).json()) as List;
    expect(accounts.d.results).toHaveLength(5);
    expect(accounts.d.__next).toBeUndefined();
    const names = accounts.d.results.map((r) => String(r.Name));
    expect([...names].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()))).toEqual(names);
    const first = accounts.d.results[0] as Record<string, unknown>;
    expect(String(first.Code)).toHaveLength(18);
    expect(String(first.Modified)).toMatch(/^\/Date\(\d+\)\/$/);

    const byAccount = (await (await api(`/api/v1/${DIV}/crm/Contacts?$filter=${encodeURIComponent(`Account eq guid'${String(first.ID)}'`)}`)).json()) as List;
    expect(byAccount.d.results.length).toBeGreaterThan(0);
    expect(byAccount.d.results.every((r) => r.Account === first.ID)).toBe(true);

    const guidAsString = await api(`/api/v1/${DIV}/crm/Contacts?$filter=${encodeURIComponent(`Account eq '${String(first.ID)}'`)}`);
    expect(guidAsString.status).toBe(400);

    const recent = (await (await api(`/api/v1/${DIV}/crm/Accounts?$filter=${encodeURIComponent("Modified ge datetime'2025-06-01T00:00:00'")}&$select=Modified`)).json()) as List;
    const old = (await (await api(`/api/v1/${DIV}/crm/Accounts?$filter=${encodeURIComponent("Modified lt datetime'2025-06-01T00:00:00' or Modified eq null")}&$select=Modified`)).json()) as List;
    expect(recent.d.results.length + old.d.results.length).toBeGreaterThanOrEqual(45);
    for (const row of recent.d.results) expect(Number(/\d+/.exec(String(row.Modified))?.[0])).toBeGreaterThanOrEqual(Date.UTC(2025, 5, 1));
  });

  it("rejects an unknown $select field", async () => {
    const { api } = await connectSandbox();
    const answer = await api(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$select=ID,Nonsense`);
    expect(answer.status).toBe(400);
  });

  it("answers a keyed GET with {d:{…}} and 404 for a missing key; Divisions by integer code", async () => {
    const { api } = await connectSandbox();
    const list = (await (await api(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$top=1`)).json()) as List;
    const id = String(list.d.results[0]?.ID);
    const single = (await (await api(`/api/v1/${DIV}/crm/Accounts(guid'${id}')`)).json()) as { d: Record<string, unknown> };
    expect(single.d.ID).toBe(id);
    const missing = await api(`/api/v1/${DIV}/crm/Accounts(guid'00000000-0000-4000-8000-000000000000')`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error.code).toBe("");
    const division = (await (await api(`/api/v1/${DIV}/system/Divisions(${DIV})`)).json()) as { d: Record<string, unknown> };
    expect(division.d).toMatchObject({ Code: DIV, Description: "Bakkerij De Gouden Korenschoof B.V.", Currency: "EUR", Current: true });
  });

  it("expands invoice lines whose amounts add up", async () => {
    const { api } = await connectSandbox();
    const body = (await (await api(`/api/v1/${DIV}/salesinvoice/SalesInvoices?$expand=SalesInvoiceLines&$inlinecount=allpages`)).json()) as List;
    expect(Number(body.d.__count)).toBeGreaterThanOrEqual(30);
    for (const invoice of body.d.results) {
      const lines = (invoice.SalesInvoiceLines as { results: Array<Record<string, number>> }).results;
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(4);
      const excl = lines.reduce((s, l) => s + (l.AmountFC ?? 0), 0);
      expect(invoice.AmountFCExclVat).toBeCloseTo(excl, 2);
      for (const line of lines) expect([0.09, 0.21]).toContain(line.VATPercentage);
    }
  });
});

describe("writes", () => {
  it("creates, updates and deletes a contact", async () => {
    const { api } = await connectSandbox();
    const account = ((await (await api(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$top=1`)).json()) as List).d.results[0] as Record<string, unknown>;
    const created = await api(`/api/v1/${DIV}/crm/Contacts`, {
      method: "POST",
      headers: { Prefer: "return=representation" },
      body: JSON.stringify({ FirstName: "Anouk", LastName: "Verbeek", Email: "anouk@example.nl", Account: account.ID }),
    });
    expect(created.status).toBe(201);
    const contact = ((await created.json()) as { d: Record<string, unknown> }).d;
    expect(contact).toMatchObject({ FullName: "Anouk Verbeek", AccountName: account.Name });
    const url = `/api/v1/${DIV}/crm/Contacts(guid'${String(contact.ID)}')`;

    const updated = await api(url, { method: "PUT", body: JSON.stringify({ LastName: "Verbeek-de Wit" }) });
    expect(updated.status).toBe(204);
    expect(await updated.text()).toBe("");
    const reread = ((await (await api(url)).json()) as { d: Record<string, unknown> }).d;
    expect(reread.FullName).toBe("Anouk Verbeek-de Wit");

    expect((await api(url, { method: "DELETE" })).status).toBe(204);
    expect((await api(url)).status).toBe(404);
  });

  it("validates write bodies", async () => {
    const { api } = await connectSandbox();
    const noName = await api(`/api/v1/${DIV}/crm/Contacts`, { method: "POST", body: JSON.stringify({ Email: "x@example.nl" }) });
    expect(noName.status).toBe(400);
    const unknownField = await api(`/api/v1/${DIV}/crm/Contacts`, { method: "POST", body: JSON.stringify({ LastName: "X", Shoe: 42 }) });
    expect(unknownField.status).toBe(400);
    const noAccountName = await api(`/api/v1/${DIV}/crm/Accounts`, { method: "POST", body: JSON.stringify({ City: "Utrecht" }) });
    expect(noAccountName.status).toBe(400);
    const account = await api(`/api/v1/${DIV}/crm/Accounts`, { method: "POST", body: JSON.stringify({ Name: "Nieuwe Klant B.V.", Code: "42" }) });
    expect(((await account.json()) as { d: { Code: string } }).d.Code).toBe("                42");
  });

  it("creates an invoice with lines and recomputes its amounts", async () => {
    const { api } = await connectSandbox();
    const account = ((await (await api(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$top=1`)).json()) as List).d.results[0] as Record<string, unknown>;
    const items = ((await (await api(`/api/v1/${DIV}/logistics/Items?${EVERY_ACCOUNT}&$select=ID,Code`)).json()) as List).d.results;
    const itemId = (code: string) => items.find((item) => item.Code === code)?.ID;
    const created = await api(`/api/v1/${DIV}/salesinvoice/SalesInvoices`, {
      method: "POST",
      body: JSON.stringify({
        OrderedBy: account.ID, Journal: "70", Description: "Verjaardag",
        SalesInvoiceLines: [
          { Item: itemId("BR-VK"), Quantity: 10, UnitPrice: 3.45, VATCode: "1" },
          { Item: itemId("BR-WT"), Description: "Bezorgkosten", Quantity: 1, UnitPrice: 15, VATCode: "2" },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const invoice = ((await created.json()) as { d: Record<string, unknown> }).d;
    expect(invoice).toMatchObject({ AmountFCExclVat: 49.5, VATAmountDC: 6.26, AmountDC: 55.76, InvoiceToName: account.Name, Status: 10, Journal: "70" });
    const lines = ((await (await api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines?$filter=${encodeURIComponent(`InvoiceID eq guid'${String(invoice.InvoiceID)}'`)}`)).json()) as List).d.results;
    // A list comes in key order; the lines' order is their LineNumber.
    const byNumber = [...lines].sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
    expect(byNumber.map((line) => [line.LineNumber, line.ItemCode, line.Description])).toEqual([
      [1, "BR-VK", "Volkorenbrood"],
      [2, "BR-WT", "Bezorgkosten"],
    ]);
  });

  it("answers 405 for a write on users/Users and 404 for an unknown entity", async () => {
    const { api } = await connectSandbox();
    const post = await api(`/api/v1/${DIV}/users/Users`, { method: "POST", body: JSON.stringify({ FirstName: "X" }) });
    expect(post.status).toBe(405);
    expect(((await post.json()) as ErrorBody).error.message.value).toMatch(/not allowed/);
    expect((await api(`/api/v1/${DIV}/crm/Nonsense`)).status).toBe(404);
    const users = (await (await api(`/api/v1/${DIV}/users/Users`)).json()) as List;
    expect(users.d.results).toHaveLength(4);
  });
});

describe("rights and divisions", () => {
  it("reports UserHasRights and enforces a right switched off", async () => {
    const { api, sandbox } = await connectSandbox();
    const ask = async () =>
      ((await (await api(`/api/v1/${DIV}/users/UserHasRights?endpoint='crm/Accounts'&action='POST'`)).json()) as { d: { UserHasRights: boolean } }).d
        .UserHasRights;
    expect(await ask()).toBe(true);
    sandbox.control.setUserRight("crm/Accounts", "POST", false);
    expect(await ask()).toBe(false);
    const denied = await api(`/api/v1/${DIV}/crm/Accounts`, { method: "POST", body: JSON.stringify({ Name: "X" }) });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as ErrorBody).error.message.value).toBe("Forbidden - Application Scope Violated");
    expect((await api(`/api/v1/${DIV}/crm/Accounts?${EVERY_ACCOUNT}&$top=1`)).status).toBe(200);
    expect((await api(`/api/v1/${DIV}/users/UserHasRights?endpoint=crm/Accounts&action=GET`)).status).toBe(400);
  });

  it("answers 403 NoDivisionAccess for a division not granted at consent", async () => {
    const { api } = await connectSandbox();
    const answer = await api(`/api/v1/2345678/crm/Accounts?${EVERY_ACCOUNT}`);
    expect(answer.status).toBe(403);
    expect(answer.headers.get("Reason")).toBe("NoDivisionAccess");
    expect(((await answer.json()) as ErrorBody).error.message.value).toMatch(/division/);
  });

  it("grants the second division when chosen on the consent page", async () => {
    const { api } = await connectSandbox({}, 2345678);
    const me = (await (await api("/api/v1/current/Me")).json()) as List;
    expect(me.d.results[0]?.CurrentDivision).toBe(2345678);
    const accounts = (await (await api(`/api/v1/2345678/crm/Accounts?${EVERY_ACCOUNT}`)).json()) as List;
    expect(accounts.d.results.length).toBeGreaterThanOrEqual(5);
  });
});
