/**
 * Bench scenario: 200 parallel reads of one division over loopback during a 429 storm (issue 14 §3). Every
 * answer must come within 150 s of its arrival (`MAX_RATE_LIMIT_WAIT_MS`), however many 429s Exact sends.
 *
 * 1. a full storm: Exact answers every call with 429 (another app spends the division's minute), so every
 *    read ends in `429 RATE_LIMITED` with `retryAfter`;
 * 2. a passing storm: the first 60 calls get a 429, and Exact allows 60 calls a minute after that, so
 *    reads succeed as windows turn over and the rest get `429 RATE_LIMITED` at their deadline.
 *
 * The clock runs 10× faster (150 Exact-seconds = 15 real seconds). Times are taken at the server, from a
 * request's arrival to its answer, in the server's clock; the machine's own lag is multiplied by the
 * speed too, so "within" allows 1 Exact-second (100 ms real) over the deadline for timers and the event loop.
 *
 * `npm run bench` runs it after the other scenarios; `npx tsx scripts/bench-429-storm.ts` runs it alone.
 */
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { MAX_RATE_LIMIT_WAIT_MS } from "../server/connectors/exact-online/api-client";
import { sandboxFaults } from "../server/sandbox/faults";
import { createClock, startTestServer, TEST_SECRET_KEY } from "../server/test-support/harness";

const SPEED = 10;
const READS = 200;
const LAG_ALLOWANCE_MS = 1_000;
const OWNER = "org_bench_storm";

interface Answer {
  status: number;
  /** Exact-time (the server's clock) from arrival to answer. */
  exactMs: number;
  realMs: number;
  retryAfter: boolean;
}

async function storm(name: string, stormCalls: number | undefined, minutelyLimit: number): Promise<Answer[]> {
  const clock = createClock(SPEED);
  const server = await startTestServer({ clock, sandbox: { minutelyLimit } });
  try {
    await server.connect(OWNER, ["genericContact::list"]);
    sandboxFaults(server.sandbox).inject({ target: "crm/Contacts", fault: { kind: "rate-limit" }, times: stormCalls });
    const answers: Answer[] = [];
    // The app behind a loopback port of its own, so that each request is timed from its arrival.
    const timed = serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: async (request) => {
        const [arrival, arrivalReal] = [clock.now(), performance.now()];
        const response = await server.app.fetch(request);
        const body = await response.text();
        answers.push({ status: response.status, exactMs: clock.now() - arrival, realMs: performance.now() - arrivalReal, retryAfter: /"retryAfter":[1-9]/.test(body) });
        return new Response(body, response);
      },
    });
    await new Promise((resolve) => timed.once("listening", resolve));
    const url = `http://127.0.0.1:${(timed.address() as AddressInfo).port}/v1/resources/genericContact?limit=1`;
    await Promise.all(
      Array.from({ length: READS }, () => fetch(url, { headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, "x-owner-id": OWNER } }).then((r) => r.arrayBuffer())),
    );
    await new Promise((resolve) => timed.close(resolve));
    report(name, answers);
    return answers;
  } finally {
    await server.close();
  }
}

function report(name: string, answers: Answer[]): void {
  const slowest = answers.reduce((max, answer) => (answer.exactMs > max.exactMs ? answer : max));
  const within = answers.filter((answer) => answer.exactMs <= MAX_RATE_LIMIT_WAIT_MS + LAG_ALLOWANCE_MS).length;
  const counts = new Map<number, number>();
  for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
  const byStatus = [...counts].map(([status, count]) => `${count}× ${status}`);
  const limitedWithoutRetryAfter = answers.filter((answer) => answer.status === 429 && !answer.retryAfter).length;
  const met = within === answers.length && limitedWithoutRetryAfter === 0;
  console.log(
    `\n429 storm, ${name}: ${answers.length} parallel reads over loopback, clock ${SPEED}× → ${byStatus.join(", ")}; ` +
      `slowest answer ${(slowest.exactMs / 1000).toFixed(1)} Exact-s (${(slowest.exactMs / 60_000).toFixed(2)} Exact-min, ${(slowest.realMs / 1000).toFixed(2)} real s); ` +
      `${within}/${answers.length} within 150 s of arrival, ${limitedWithoutRetryAfter} RATE_LIMITED without retryAfter (target: all, 0: ${met ? "met" : "NOT met"})`,
  );
}

export async function bench429Storm(): Promise<void> {
  await storm("every call refused", undefined, 60);
  await storm("first 60 calls refused, then 60 a minute", 60, 60);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bench429Storm();
