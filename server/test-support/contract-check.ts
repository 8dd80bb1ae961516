/**
 * Every answer of a test server's app, checked against the app's own OpenAPI document (response-check.ts):
 * `app.fetch` is wrapped, so `app.request(...)`, `backend(...)` and a served port all pass through it. The
 * violations are collected and `assertClean()` (from the harness's `close()`) fails the test with them.
 */
import type { Hono } from "hono";
import type { ServerContext } from "../context";
import { ResponseChecker } from "../openapi/response-check";
import { openApiDocumentOf } from "../openapi/routes";

export interface ContractCheck {
  readonly violations: readonly string[];
  /** Waits for the answers still being read, then throws if any answer was not as documented. */
  assertClean(): Promise<void>;
}

export async function checkAnswersAgainstDocument(app: Hono, ctx: ServerContext, options: { ignore?: (path: string) => boolean } = {}): Promise<ContractCheck> {
  const checker = new ResponseChecker(await openApiDocumentOf(app, ctx));
  const violations: string[] = [];
  const reading = new Set<Promise<void>>();
  const original = app.fetch;
  app.fetch = (request, ...rest) => {
    const method = request.method;
    const path = new URL(request.url).pathname;
    const answer = Promise.resolve(original(request, ...rest));
    if (options.ignore?.(path)) return answer;
    // Registered before the caller's own `await`, so the clone is taken before anyone reads the body.
    const read = answer
      .then(async (response) => {
        const body = response.body ? await response.clone().text() : "";
        violations.push(...checker.check({ method, path, status: response.status, contentType: response.headers.get("content-type"), body }));
      })
      // A body the client abandoned (an aborted long-poll) has nothing to check.
      .catch(() => undefined)
      .finally(() => reading.delete(read));
    reading.add(read);
    return answer;
  };
  return {
    violations,
    async assertClean() {
      await Promise.allSettled([...reading]);
      if (violations.length > 0) {
        throw new Error(`${violations.length} answer(s) not as the OpenAPI document says (server/openapi/operations.ts):\n${[...new Set(violations)].join("\n")}`);
      }
    },
  };
}
