/**
 * Bench scenario: 10,000 contacts read through `GET /v1/resources/genericContact?limit=1000`, page by page with
 * the cursor. Prints the Exact calls (counted by the sandbox) and the wall time:
 *
 * 1. through the bulk endpoint (the default), under Exact's normal limit of 60 calls a minute, real clock;
 * 2. for comparison, through the regular endpoint (`raw=true`, 60 a page), with the sandbox's minute limit lifted
 *    (it would take about three minutes otherwise), and says so: the calls are counted all the same, and the
 *    least time they need at 60 a minute is worked out from the count. (A 60× faster clock was tried first: it
 *    also multiplies the machine's own processing time by 60, so its "Exact time" is not a measurement.)
 *
 * 3. 10,000 products (`accountingProduct`, Exact's logistics/Items) the same way, through bulk/Logistics/Items.
 *
 * `npm run bench` runs it after the other scenarios; `npx tsx scripts/bench-bulk.ts` runs it alone.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { startTestServer } from "../server/test-support/harness";

const CONTACTS = 10_000;
const PRODUCTS = 10_000;
const DIVISION = 1234567;
const OWNER = "org_bench_bulk";

type BulkModel = "genericContact" | "accountingProduct";

async function readAll(raw: boolean, minutelyLimit: number, model: BulkModel = "genericContact"): Promise<{ records: number; calls: number; wallMs: number }> {
  const server = await startTestServer({ sandbox: { minutelyLimit } });
  try {
    await server.connect(OWNER, [`${model}::list`]);
    if (model === "genericContact") server.sandbox.seed.fillContacts(DIVISION, CONTACTS);
    else server.sandbox.seed.fillItems(DIVISION, PRODUCTS);
    server.sandbox.control.resetStats();
    const startedWall = performance.now();
    let records = 0;
    let cursor: string | null = null;
    do {
      const query = `limit=1000${raw ? "&raw=true" : ""}${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await server.backend(`/v1/resources/${model}?${query}`, { ownerId: OWNER });
      if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
      const page = (await response.json()) as { data: unknown[]; next: string | null };
      records += page.data.length;
      cursor = page.next;
    } while (cursor);
    return { records, calls: server.sandbox.control.stats().restCalls, wallMs: performance.now() - startedWall };
  } finally {
    await server.close();
  }
}

export async function benchBulkRead(): Promise<void> {
  const bulk = await readAll(false, 60);
  console.log(`\n${bulk.records} contacts through /v1/resources/genericContact?limit=1000 (bulk endpoint), Exact's limit 60 calls/min, real clock:`);
  console.log(`  ${bulk.calls} Exact calls, ${(bulk.wallMs / 1000).toFixed(2)} s wall time`);
  const regular = await readAll(true, 1_000_000);
  // At 60 a minute, n calls spread over ceil(n / 60) minute windows: at least one minute less than that of waiting.
  const windows = Math.ceil(regular.calls / 60);
  console.log(`the same with raw=true (regular endpoint, 60 a page), sandbox minute limit LIFTED for this comparison:`);
  console.log(`  ${regular.calls} Exact calls, ${(regular.wallMs / 1000).toFixed(2)} s wall time unlimited; at 60 calls/min that is ${windows} minute windows (at least ${windows - 1} min)`);
  const products = await readAll(false, 60, "accountingProduct");
  console.log(`${products.records} products through /v1/resources/accountingProduct?limit=1000 (bulk/Logistics/Items), Exact's limit 60 calls/min, real clock:`);
  console.log(`  ${products.calls} Exact calls, ${(products.wallMs / 1000).toFixed(2)} s wall time`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchBulkRead();
