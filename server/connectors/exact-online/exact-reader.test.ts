/** The one page loop over Exact's lists: its own host only, a page cap, the call options on every call. */
import { describe, expect, it } from "vitest";
import type { Connection } from "../../storage/connections-repo";
import type { CallOptions, ExactApiClient } from "./api-client";
import type { ExactRequest, ExactResponse } from "./exact-http";
import { readPages, type ExactPage } from "./exact-reader";

const BASE = "https://start.exactonline.nl";
const CONNECTION = { division: 1, region: "nl" } as Connection;

/** Stands in for the API client: answers the bodies in turn, and records each call. */
function fakeExact(bodies: unknown[]) {
  const calls: Array<{ request: ExactRequest; options: CallOptions | undefined }> = [];
  const client = {
    baseUrl: () => BASE,
    async call(_connection: Connection, request: ExactRequest, options?: CallOptions): Promise<ExactResponse> {
      calls.push({ request, options });
      const body = bodies[calls.length - 1];
      return { status: 200, headers: new Headers(), body, text: JSON.stringify(body), rateLimit: {} } as ExactResponse;
    },
  };
  return { calls, client: client as unknown as ExactApiClient };
}

const page = (id: string, next?: string) => ({ d: { results: [{ ID: id }], ...(next ? { __next: next } : {}) } });

async function all(pages: AsyncIterable<ExactPage>): Promise<ExactPage[]> {
  const read: ExactPage[] = [];
  for await (const p of pages) read.push(p);
  return read;
}

describe("readPages", () => {
  const request = { url: "/api/v1/{division}/crm/Contacts", query: { $select: "ID" } };

  it("follows __next on Exact's host, with the query on the first call only and the call options on each", async () => {
    const { calls, client } = fakeExact([page("a", `${BASE}/api/v1/1/crm/Contacts?$skiptoken=a`), page("b")]);
    const signal = new AbortController().signal;
    const pages = await all(readPages(client, CONNECTION, request, { operation: "genericContact::list", signal, background: true, maxPages: 5 }));
    expect(pages).toEqual([
      { results: [{ ID: "a" }], next: `${BASE}/api/v1/1/crm/Contacts?$skiptoken=a` },
      { results: [{ ID: "b" }], next: undefined },
    ]);
    expect(calls.map((c) => [c.request.url, c.request.query])).toEqual([
      [request.url, request.query],
      [`${BASE}/api/v1/1/crm/Contacts?$skiptoken=a`, undefined],
    ]);
    for (const { options } of calls) expect(options).toEqual({ operation: "genericContact::list", signal, background: true });
  });

  it.each([
    ["another host", "https://evil.example/api/v1/1/crm/Contacts?$skiptoken=a"],
    ["a host that starts like Exact's", `${BASE}.evil.example/api/v1/1/crm/Contacts`],
    ["plain http", `${BASE.replace("https", "http")}/api/v1/1/crm/Contacts`],
  ])("never sends the token to %s: PROVIDER_ERROR, and no call", async (_name, next) => {
    const { calls, client } = fakeExact([page("a", next), page("b")]);
    await expect(all(readPages(client, CONNECTION, request, { maxPages: 5 }))).rejects.toMatchObject({ code: "PROVIDER_ERROR", status: 502 });
    expect(calls).toHaveLength(1);
  });

  it("stops at its page cap, the last page's next telling that Exact had more (and not checked: it is not followed)", async () => {
    const endless = Array.from({ length: 10 }, (_, i) => page(String(i), i === 2 ? "https://evil.example/x" : `${BASE}/api/v1/1/crm/Contacts?$skiptoken=${i}`));
    const { calls, client } = fakeExact(endless);
    const pages = await all(readPages(client, CONNECTION, request, { maxPages: 3 }));
    expect(calls).toHaveLength(3);
    expect(pages.at(-1)?.next).toBe("https://evil.example/x");
  });

  it("makes no further call once the caller stops", async () => {
    const { calls, client } = fakeExact([page("a", `${BASE}/api/v1/1/crm/Contacts?$skiptoken=a`), page("b")]);
    for await (const { results } of readPages(client, CONNECTION, request, { maxPages: 5 })) {
      expect(results).toEqual([{ ID: "a" }]);
      break;
    }
    expect(calls).toHaveLength(1);
  });

  it("refuses a malformed page with PROVIDER_ERROR, never an empty list", async () => {
    const { client } = fakeExact([{ d: { results: "none" } }]);
    await expect(all(readPages(client, CONNECTION, request, { maxPages: 5 }))).rejects.toMatchObject({ code: "PROVIDER_ERROR", status: 502 });
  });
});
