/**
 * The rules of Exact's reference that the sandbox enforces, each with Exact's status and error text: a
 * connector that breaks one of them fails here the way it would against Exact.
 */
import { describe, expect, it } from "vitest";
import { MAIN_ACCOUNTS } from "./seed-data";
import { connectSandbox } from "../test-support/sandbox-client";

type List = { d: { results: Array<Record<string, unknown>> } };
type ErrorBody = { error: { message: { value: string } } };
const DIV = 1234567;
const SECOND_DIV = 2345678;
const NO_RECORD = "00000000-0000-0000-0000-000000000000";
const filter = (text: string) => `$filter=${encodeURIComponent(text)}`;
const EVERY = filter(`ID ne guid'${NO_RECORD}'`);

async function errorText(response: Response): Promise<string> {
  return ((await response.json()) as ErrorBody).error.message.value;
}

async function seeded() {
  const connected = await connectSandbox({ errorBlockThreshold: Infinity });
  const { api } = connected;
  const accounts = ((await (await api(`/api/v1/${DIV}/crm/Accounts?${EVERY}&$select=ID`)).json()) as List).d.results;
  const items = ((await (await api(`/api/v1/${DIV}/logistics/Items?${EVERY}&$select=ID,Code`)).json()) as List).d.results;
  const invoices = ((await (await api(`/api/v1/${DIV}/salesinvoice/SalesInvoices?$select=InvoiceID,Status`)).json()) as List).d.results;
  const post = (path: string, body: unknown) => api(`/api/v1/${DIV}/${path}`, { method: "POST", body: JSON.stringify(body) });
  return {
    ...connected,
    post,
    accountId: String(accounts[0]?.ID),
    itemId: String(items[0]?.ID),
    processed: invoices.find((i) => i.Status === 50) as Record<string, unknown>,
    draft: invoices.find((i) => i.Status === 10) as Record<string, unknown>,
  };
}

describe("mandatory filtering", () => {
  it("refuses a list of crm/Accounts or logistics/Items without a filter on a mandatory filter property, with Exact's text", async () => {
    const { api } = await seeded();
    for (const endpoint of ["crm/Accounts", "logistics/Items"]) {
      const answer = await api(`/api/v1/${DIV}/${endpoint}?$top=5`);
      expect(answer.status).toBe(400);
      expect(await errorText(answer)).toMatch(
        /^This endpoint has mandatory filtering applied\. A GET request for this endpoint must have a \$filter parameter with one of the following fields in the url:.*\bID\b/,
      );
    }
  });

  it("accepts a filter on a mandatory filter property, and a keyed GET needs none", async () => {
    const { api, accountId } = await seeded();
    const all = (await (await api(`/api/v1/${DIV}/crm/Accounts?${EVERY}&$select=ID`)).json()) as List;
    expect(all.d.results).toHaveLength(MAIN_ACCOUNTS.length);
    expect((await api(`/api/v1/${DIV}/crm/Accounts(guid'${accountId}')`)).status).toBe(200);
    // crm/Contacts has no mandatory filter
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(200);
  });
});

describe("only existing properties", () => {
  it("refuses unknown or inherited names in $select, $filter, $orderby and bodies", async () => {
    const { api, post } = await seeded();
    for (const name of ["Created", "Modified", "constructor", "__proto__", "toString"]) {
      const select = await api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines?$select=ID,${name}`);
      expect(select.status, `$select=${name}`).toBe(400);
      expect(await errorText(select)).toMatch(/no property/);
      const where = await api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines?${filter(`${name} eq null`)}`);
      expect(where.status, `$filter ${name}`).toBe(400);
    }
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$orderby=constructor`)).status).toBe(400);
    for (const name of ["constructor", "toString", "Shoe"]) {
      const answer = await post("crm/Contacts", { LastName: "Jansen", [name]: "x" });
      expect(answer.status, `body ${name}`).toBe(400);
      expect(await errorText(answer)).toMatch(/does not exist/);
    }
  });
});

describe("writes", () => {
  it("refuses read-only properties in a body", async () => {
    const { post, accountId, itemId } = await seeded();
    const line = await post("salesinvoice/SalesInvoices", {
      OrderedBy: accountId, Journal: "70", SalesInvoiceLines: [{ Item: itemId, LineNumber: 3 }],
    });
    expect(line.status).toBe(400);
    expect(await errorText(line)).toMatch(/'LineNumber' .* is read-only/);
    const number = await post("salesinvoice/SalesInvoices", { OrderedBy: accountId, Journal: "70", InvoiceNumber: 1, SalesInvoiceLines: [{ Item: itemId }] });
    expect(await errorText(number)).toMatch(/'InvoiceNumber' .* is read-only/);
  });

  it("creates a sales invoice only with a sales journal, OrderedBy and lines that each sell an item", async () => {
    const { post, accountId, itemId, sandbox } = await seeded();
    const cases: Array<[unknown, RegExp]> = [
      [{ OrderedBy: accountId, SalesInvoiceLines: [{ Item: itemId }] }, /^Mandatory field: Journal$/],
      [{ Journal: "70", SalesInvoiceLines: [{ Item: itemId }] }, /^Mandatory field: OrderedBy$/],
      [{ OrderedBy: accountId, Journal: "70" }, /^Mandatory field: SalesInvoiceLines$/],
      [{ OrderedBy: accountId, Journal: "70", SalesInvoiceLines: [] }, /^Mandatory field: SalesInvoiceLines$/],
      [{ OrderedBy: accountId, Journal: "70", SalesInvoiceLines: [{ Description: "Free text", Quantity: 1 }] }, /^Mandatory field: Item$/],
      [{ OrderedBy: accountId, Journal: "20", SalesInvoiceLines: [{ Item: itemId }] }, /not a sales journal/],
      [{ OrderedBy: accountId, Journal: "99", SalesInvoiceLines: [{ Item: itemId }] }, /Journal does not exist/],
      [{ OrderedBy: accountId, Journal: "70", SalesInvoiceLines: [{ Item: NO_RECORD }] }, /Item does not exist/],
    ];
    const before = sandbox.control.stats().responsesByStatus[201] ?? 0;
    for (const [body, text] of cases) {
      const answer = await post("salesinvoice/SalesInvoices", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(await errorText(answer)).toMatch(text);
    }
    expect(sandbox.control.stats().responsesByStatus[201] ?? 0).toBe(before);
    const ok = await post("salesinvoice/SalesInvoices", { OrderedBy: accountId, Journal: "70", SalesInvoiceLines: [{ Item: itemId, Quantity: 2 }] });
    expect(ok.status).toBe(201);
  });

  it("creates a line on its own only with InvoiceID and Item", async () => {
    const { post, itemId, draft } = await seeded();
    expect(await errorText(await post("salesinvoice/SalesInvoiceLines", { Item: itemId }))).toBe("Mandatory field: InvoiceID");
    expect(await errorText(await post("salesinvoice/SalesInvoiceLines", { InvoiceID: draft.InvoiceID }))).toBe("Mandatory field: Item");
    expect((await post("salesinvoice/SalesInvoiceLines", { InvoiceID: draft.InvoiceID, Item: itemId, Quantity: 1 })).status).toBe(201);
  });

  it("refuses every change to a processed invoice and its lines", async () => {
    const { api, post, itemId, processed } = await seeded();
    const url = `/api/v1/${DIV}/salesinvoice/SalesInvoices(guid'${String(processed.InvoiceID)}')`;
    const put = await api(url, { method: "PUT", body: JSON.stringify({ Description: "changed" }) });
    expect(put.status).toBe(400);
    expect(await errorText(put)).toMatch(/processed/);
    expect((await api(url, { method: "DELETE" })).status).toBe(400);
    expect((await post("salesinvoice/SalesInvoiceLines", { InvoiceID: processed.InvoiceID, Item: itemId })).status).toBe(400);
    const lines = ((await (await api(`/api/v1/${DIV}/salesinvoice/SalesInvoiceLines?${filter(`InvoiceID eq guid'${String(processed.InvoiceID)}'`)}`)).json()) as List).d.results;
    const lineUrl = `/api/v1/${DIV}/salesinvoice/SalesInvoiceLines(guid'${String(lines[0]?.ID)}')`;
    expect((await api(lineUrl, { method: "PUT", body: JSON.stringify({ Quantity: 9 }) })).status).toBe(400);
    expect((await api(lineUrl, { method: "DELETE" })).status).toBe(400);
  });

  it("lists the journals of a division, with the second division keeping two sales journals", async () => {
    const codes = async (division: number) => {
      const { api } = await connectSandbox({}, division);
      return ((await (await api(`/api/v1/${division}/financial/Journals?${filter("Type eq 20")}&$select=Code`)).json()) as List).d.results.map((j) => j.Code);
    };
    expect(await codes(DIV)).toEqual(["70"]);
    expect((await codes(SECOND_DIV)).sort()).toEqual(["70", "71"]);
  });
});

describe("the hourly error block", () => {
  it("counts refusals of these rules towards it", async () => {
    const { api } = await connectSandbox({ errorBlockThreshold: 2 });
    for (let i = 0; i < 3; i++) expect((await api(`/api/v1/${DIV}/crm/Accounts?$top=1`)).status).toBe(400);
    const blocked = await api(`/api/v1/${DIV}/crm/Accounts?${EVERY}`);
    expect(blocked.status).toBe(401);
    expect(await errorText(blocked)).toMatch(/blocked/);
  });
});
