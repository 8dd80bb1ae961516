/**
 * `__next` links are followed only as far as a request needs: an Exact that keeps answering one record
 * and another `__next` costs a bounded number of calls, not hundreds (issue: one list made 500 calls).
 */
import { describe, expect, it } from "vitest";
import type { Connection } from "../../storage/connections-repo";
import type { ExactApiClient } from "./api-client";
import type { ExactRequest, ExactResponse } from "./exact-http";
import { MODEL_MAPPINGS } from "./models";
import { ResourceService } from "./resources";

const BASE = "https://start.exactonline.nl";

/** Stands in for the API client only: an Exact that always has one more page of one record. */
function endlessExact() {
  const calls: ExactRequest[] = [];
  const client = {
    baseUrl: () => BASE,
    async call(_connection: Connection, request: ExactRequest): Promise<ExactResponse> {
      calls.push(request);
      const n = calls.length;
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
      const body = { d: { results: [{ ID: id, FirstName: `Contact ${n}` }], __next: `${BASE}/api/v1/1/crm/Contacts?$skiptoken=guid'${id}'` } };
      return { status: 200, headers: new Headers(), body, text: JSON.stringify(body), rateLimit: {} } as ExactResponse;
    },
  };
  return { calls, client: client as unknown as ExactApiClient };
}

describe("following __next", () => {
  it.each([
    [1, 2],
    [20, 2],
    [100, 3],
  ])("a list of limit %i makes at most %i calls however many links Exact sends", async (limit, maxCalls) => {
    const { calls, client } = endlessExact();
    const service = new ResourceService(client, { division: 1, region: "nl" } as Connection, MODEL_MAPPINGS.genericContact, {});
    const page = await service.list({ limit, filters: {}, raw: false });
    expect(calls.length).toBeLessThanOrEqual(maxCalls);
    expect(page.data.length).toBe(Math.min(limit, calls.length));
    // The list is not over: the caller gets a cursor to carry on from the last record it has.
    expect(page.next).not.toBeNull();
  });
});
