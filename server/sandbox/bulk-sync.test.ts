/** Exact's bulk, sync and sync/Deleted endpoints in the sandbox: $select required, 1000 a page, Timestamp order. */
import { describe, expect, it } from "vitest";
import { connectSandbox } from "../test-support/sandbox-client";

const DIV = 1234567;
type Row = Record<string, unknown>;
type List = { d: { results: Row[]; __next?: string } };
type ErrorBody = { error: { message: { value: string } } };
const SELECT_MISSING = "Please add a $select or a $top=1 statement to the query string.";
const q = (text: string) => encodeURIComponent(text);

/** Follows __next to the end; returns the pages' rows. */
async function allPages(api: (path: string) => Promise<Response>, first: string): Promise<Row[][]> {
  const pages: Row[][] = [];
  let url: string | undefined = first;
  while (url) {
    const answer = await api(url);
    expect(answer.status, url).toBe(200);
    const body = (await answer.json()) as List;
    pages.push(body.d.results);
    url = body.d.__next;
  }
  return pages;
}

describe("sync", () => {
  it("pages 1000 at a time in Timestamp order, a Timestamp in every row, and continues from a stored Timestamp", async () => {
    const { api, sandbox } = await connectSandbox({ minutelyLimit: 1000 });
    sandbox.seed.fillContacts(DIV, 2500);
    const pages = await allPages(api, `/api/v1/${DIV}/sync/CRM/Contacts?$select=ID,FullName,Timestamp&$filter=${q("Timestamp gt 1L")}`);
    expect(pages.map((page) => page.length)).toEqual([1000, 1000, 500]);
    const stamps = pages.flat().map((row) => row.Timestamp as number);
    expect(stamps.every((stamp) => Number.isInteger(stamp))).toBe(true);
    expect(stamps.every((stamp, i) => i === 0 || stamp > stamps[i - 1]!)).toBe(true);

    const highest = stamps.at(-1)!;
    const someone = String(pages[1]![7]!.ID);
    await sandbox.changes.update(DIV, "crm/Contacts", someone, { LastName: "Gewijzigd" });
    const since = (await (await api(`/api/v1/${DIV}/sync/CRM/Contacts?$select=ID,LastName,Timestamp&$filter=${q(`Timestamp gt ${highest}L`)}`)).json()) as List;
    expect(since.d.results).toHaveLength(1);
    expect(since.d.results[0]).toMatchObject({ ID: someone, LastName: "Gewijzigd" });
    expect(since.d.results[0]!.Timestamp as number).toBeGreaterThan(highest);
  });

  it("needs $select, takes only Timestamp in $filter, refuses unknown properties, and keeps Timestamp off the regular endpoint", async () => {
    const { api } = await connectSandbox();
    const missing = await api(`/api/v1/${DIV}/sync/CRM/Contacts?$filter=${q("Timestamp gt 1L")}`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.message.value).toBe(SELECT_MISSING);
    expect((await api(`/api/v1/${DIV}/sync/CRM/Contacts?$select=*`)).status).toBe(400);
    expect((await api(`/api/v1/${DIV}/sync/CRM/Contacts?$select=ID&$filter=${q("LastName eq 'Jansen'")}`)).status).toBe(400);
    expect((await api(`/api/v1/${DIV}/sync/CRM/Contacts?$select=ID,Shoesize`)).status).toBe(400);
    expect((await api(`/api/v1/${DIV}/sync/CRM/Contacts?$select=ID`, { method: "POST", body: "{}" })).status).toBe(405);

    expect((await api(`/api/v1/${DIV}/crm/Contacts?$select=ID,Timestamp`)).status).toBe(400);
    const regular = (await (await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).json()) as List;
    expect(Object.keys(regular.d.results[0]!)).not.toContain("Timestamp");
  });

  it("returns a sales invoice's header (LineNumber 0) and lines together; a line change moves both Timestamps", async () => {
    const { api, sandbox } = await connectSandbox();
    const read = async (since: number) =>
      ((await (await api(`/api/v1/${DIV}/sync/SalesInvoice/SalesInvoices?$select=ID,InvoiceID,LineNumber,Quantity,Timestamp&$filter=${q(`Timestamp gt ${since}L`)}`)).json()) as List).d.results;
    const all = await read(1);
    const open = (await (await api(`/api/v1/${DIV}/salesinvoice/SalesInvoices?$filter=Status eq 20&$select=InvoiceID`)).json()) as List;
    const invoiceId = String(open.d.results[0]!.InvoiceID);
    const rows = all.filter((row) => row.InvoiceID === invoiceId);
    expect(rows.filter((row) => row.LineNumber === 0)).toHaveLength(1);
    const line = rows.find((row) => Number(row.LineNumber) > 0)!;
    const highest = Math.max(...all.map((row) => row.Timestamp as number));

    await sandbox.changes.update(DIV, "salesinvoice/SalesInvoiceLines", String(line.ID), { Quantity: 99 });
    const changed = await read(highest);
    expect(changed.map((row) => row.InvoiceID)).toEqual(rows.map(() => invoiceId));
    expect(changed.find((row) => row.ID === line.ID)).toMatchObject({ Quantity: 99 });
  });
});

describe("sync/Deleted", () => {
  it("has one row per removed record, through REST or sandbox.changes, 1000 a page", async () => {
    const { api, sandbox } = await connectSandbox({ minutelyLimit: 1000 });
    const missing = await api(`/api/v1/${DIV}/sync/Deleted?$filter=${q("Timestamp gt 1L")}`);
    expect(((await missing.json()) as ErrorBody).error.message.value).toBe(SELECT_MISSING);

    const first = (await (await api(`/api/v1/${DIV}/crm/Contacts?$select=ID&$top=1`)).json()) as List;
    const viaRest = String(first.d.results[0]!.ID);
    expect((await api(`/api/v1/${DIV}/crm/Contacts(guid'${viaRest}')`, { method: "DELETE" })).status).toBe(204);
    sandbox.seed.fillContacts(DIV, 1500);
    const bulk = (await (await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID`)).json()) as List;
    for (const row of bulk.d.results) await sandbox.changes.delete(DIV, "crm/Contacts", String(row.ID));

    const select = "$select=ID,EntityKey,EntityType,Timestamp,DeletedDate,DeletedBy,Division";
    const pages = await allPages(api, `/api/v1/${DIV}/sync/Deleted?${select}&$filter=${q("Timestamp gt 1L")}`);
    expect(pages.map((page) => page.length)).toEqual([1000, 1]);
    const rows = pages.flat();
    expect(rows[0]).toMatchObject({ EntityKey: viaRest, EntityType: 5, Division: DIV, DeletedDate: expect.stringMatching(/^\/Date\(\d+\)\/$/) });
    expect(rows[0]!.DeletedBy).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(rows.map((row) => row.EntityKey)).size).toBe(1001);
    expect(rows.every((row, i) => i === 0 || (row.Timestamp as number) > (rows[i - 1]!.Timestamp as number))).toBe(true);
  });
});

describe("bulk", () => {
  it("pages 1000 at a time with $skiptoken, needs $select, and is read only", async () => {
    const { api, sandbox } = await connectSandbox({ minutelyLimit: 1000 });
    sandbox.seed.fillContacts(DIV, 2500);
    const pages = await allPages(api, `/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID,FullName`);
    expect(pages.map((page) => page.length)).toEqual([1000, 1000, 500]);
    expect(new Set(pages.flat().map((row) => row.ID)).size).toBe(2500);
    const firstPage = (await (await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID`)).json()) as List;
    expect(firstPage.d.__next).toMatch(/\/api\/v1\/1234567\/bulk\/CRM\/Contacts\?\$select=ID&\$skiptoken=guid'[0-9a-f-]{36}'$/);

    const missing = await api(`/api/v1/${DIV}/bulk/CRM/Contacts`);
    expect(((await missing.json()) as ErrorBody).error.message.value).toBe(SELECT_MISSING);
    expect((await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$top=1`)).status).toBe(200);
    expect((await api(`/api/v1/${DIV}/bulk/CRM/Contacts`, { method: "POST", body: JSON.stringify({ LastName: "x" }) })).status).toBe(405);
  });

  it("filters like the regular endpoint, within the bulk page's filter list and mandatory filtering", async () => {
    const { api } = await connectSandbox();
    const account = (await (await api(`/api/v1/${DIV}/bulk/CRM/Accounts?$select=ID&$filter=${q("ID ne guid'00000000-0000-0000-0000-000000000000'")}`)).json()) as List;
    const accountId = String(account.d.results[0]!.ID);
    const mine = (await (await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID,Account&$filter=${q(`Account eq guid'${accountId}'`)}`)).json()) as List;
    expect(mine.d.results.length).toBeGreaterThan(0);
    expect(mine.d.results.every((row) => row.Account === accountId)).toBe(true);
    // bulk/CRM/Contacts: "Only the following filters are supported for this endpoint: Account, ID, …"
    expect((await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID&$filter=${q("LastName eq 'Jansen'")}`)).status).toBe(400);
    expect((await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID,Shoesize`)).status).toBe(400);
    const unfiltered = await api(`/api/v1/${DIV}/bulk/CRM/Accounts?$select=ID`);
    expect(((await unfiltered.json()) as ErrorBody).error.message.value).toMatch(/^This endpoint has mandatory filtering applied/);
  });

  it("counts against the rate limit like any call", async () => {
    const { api } = await connectSandbox({ minutelyLimit: 2 });
    expect((await api(`/api/v1/${DIV}/bulk/CRM/Contacts?$select=ID`)).status).toBe(200);
    expect((await api(`/api/v1/${DIV}/sync/CRM/Contacts?$select=ID`)).status).toBe(200);
    const limited = await api(`/api/v1/${DIV}/sync/Deleted?$select=ID`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-RateLimit-Minutely-Remaining")).toBe("0");
  });
});
