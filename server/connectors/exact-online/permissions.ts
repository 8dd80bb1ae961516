import type { Operation } from "../../../src/protocol";
import type { ExactRequest, ExactResponse } from "./exact-http";
import type { ModelRegistry } from "./model-registry";
import { ACTION_METHOD } from "./operations";

/** Sends one request to Exact (with whatever token handling the caller needs) and throws on errors. */
export type ExactCaller = (request: ExactRequest) => Promise<ExactResponse>;

/**
 * Asks Exact's `users/UserHasRights` (no side effects) whether the connected user may perform each
 * operation, so missing rights are reported before the first real call fails — Exact blocks keys that
 * make more than 10 errors an hour. One question per distinct (endpoint, method).
 */
export async function checkPermissions(
  call: ExactCaller,
  division: number,
  operations: readonly Operation[],
  models: ModelRegistry,
): Promise<{ allowed: Operation[]; missing: Operation[] }> {
  const questions = new Map<string, Promise<boolean>>();
  const ask = (endpoint: string, method: string) => {
    const key = `${endpoint} ${method}`;
    if (!questions.has(key)) {
      questions.set(
        key,
        call({
          url: `/api/v1/${division}/users/UserHasRights`,
          // OData string literals: quoted constants from our own table, no user input inside.
          query: { endpoint: `'${endpoint}'`, action: `'${method}'` },
        }).then((response) => (response.body as { d?: { UserHasRights?: boolean } }).d?.UserHasRights === true),
      );
    }
    return questions.get(key)!;
  };
  const answers = await Promise.all(
    operations.map(async (operation) => {
      const parsed = models.parseOperation(operation);
      // proxy::read/write name no endpoint: Exact answers for each raw call itself.
      if (!parsed) return { operation, allowed: true };
      return { operation, allowed: await ask(parsed.mapping.endpoint, ACTION_METHOD[parsed.action]) };
    }),
  );
  return {
    allowed: answers.filter((a) => a.allowed).map((a) => a.operation),
    missing: answers.filter((a) => !a.allowed).map((a) => a.operation),
  };
}
