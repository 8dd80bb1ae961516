/**
 * A fault switchboard for the Exact Online sandbox: makes chosen calls misbehave the way a real Exact
 * (or the network in front of it) sometimes does, so tests and scripts can prove the connector copes.
 *
 * Sandbox only: it hangs off a sandbox's resolved options object, which only `createExactSandbox` makes,
 * and it has no HTTP route; a production server never mounts the sandbox, so nothing here is reachable
 * there. Use it from a test or a script that holds the sandbox:
 *
 *   const faults = sandboxFaults(server.sandbox);
 *   faults.inject({ target: "crm/Contacts", fault: { kind: "hang" }, times: 1 });
 *   faults.inject({ target: "token", fault: { kind: "slow", delayMs: 25_000 } });
 *   faults.clear();
 */
import type { Context } from "hono";
import type { SandboxOptions } from "./options";

export type Fault =
  /** Never answer (until the client gives up or the switchboard is cleared). */
  | { kind: "hang" }
  /** Answer normally, but only after `delayMs`: the call is processed then, even if the client left. */
  | { kind: "slow"; delayMs: number }
  /** Send a 200 and the start of a JSON body, then stall (a body timeout's case). */
  | { kind: "stall-body" }
  /** A 200 with an HTML page, as a proxy or a maintenance page in front of Exact gives. */
  | { kind: "html"; status?: number }
  /** A 200 whose JSON body is cut off. */
  | { kind: "truncated-json" }
  /** A 200 with `{"d":null}`. */
  | { kind: "null-d" }
  /** A 200 with `d.results` as a string or as an object instead of an array. */
  | { kind: "results"; as: "string" | "object" }
  /** An error status with Exact's error envelope: 500, 502, 503 (5xx) or 401. */
  | { kind: "status"; status: number; message?: string }
  /** A 429 with the rate-limit headers saying the minute (or, with `daily`, the day) is spent. */
  | { kind: "rate-limit"; daily?: boolean }
  /** Drop the connection without an HTTP answer. */
  | { kind: "reset" };

export interface FaultRule {
  /** `"token"` for the token endpoint, an endpoint such as `"crm/Contacts"` (its bulk and sync endpoints included) or `"current/Me"` (any case), or `"*"` for every REST call. */
  target: string;
  fault: Fault;
  /** Only calls with this HTTP method; default any. */
  method?: string;
  /** How many matching calls it affects; default every one until removed. */
  times?: number;
}

export interface FaultHandle {
  /** Matching calls this rule has affected so far. */
  readonly hits: number;
  remove(): void;
}

interface ActiveRule extends FaultRule {
  hits: number;
}

export class FaultSwitchboard {
  private rules: ActiveRule[] = [];
  private readonly hung = new Set<() => void>();

  constructor(private readonly now: () => number) {}

  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { ...rule, hits: 0 };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  /** Removes every rule and lets hung calls go on as if nothing had happened. */
  clear(): void {
    this.rules = [];
    for (const release of [...this.hung]) release();
  }

  /** Calls currently held by a `hang` or `stall-body` fault. */
  get hanging(): number {
    return this.hung.size;
  }

  /**
   * The hook at the start of a sandbox pipeline: a Response to send instead of the real answer, or
   * undefined to go on (after a `slow` fault's delay, or a cleared `hang`).
   */
  async intercept(c: Context, target: string): Promise<Response | undefined> {
    const rule = this.match(c.req.method, target);
    if (!rule) return undefined;
    rule.hits++;
    const fault = rule.fault;
    switch (fault.kind) {
      case "hang":
        // A call the client gave up on was never processed; a cleared one goes on as if nothing happened.
        return (await this.hold(c.req.raw.signal)) === "aborted" ? new Response(null, { status: 499 as never }) : undefined;
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        return undefined;
      case "stall-body":
        return this.stalledBody(c);
      case "html":
        return new Response(
          "<!DOCTYPE html><html><head><title>Exact Online</title></head><body><h1>Service temporarily unavailable</h1><p>We are working on it.</p></body></html>",
          { status: fault.status ?? 200, headers: { "content-type": "text/html; charset=utf-8" } },
        );
      case "truncated-json":
        return json(200, '{"d":{"results":[{"__metadata":{"uri":"https://start.exactonline.nl/api/v1/1/crm/Contacts(guid\'0');
      case "null-d":
        return json(200, '{"d":null}');
      case "results":
        return json(200, JSON.stringify({ d: { results: fault.as === "string" ? "not a list" : { ID: "00000000-0000-0000-0000-000000000001" } } }));
      case "status":
        return json(fault.status, JSON.stringify({ error: { code: "", message: { lang: "", value: fault.message ?? `Injected fault: ${fault.status}` } } }));
      case "rate-limit":
        return json(429, JSON.stringify({ error: { code: "", message: { lang: "", value: "Too many requests (injected fault)." } } }), this.spentHeaders(fault.daily === true));
      case "reset":
        return this.reset(c);
      default:
        return fault satisfies never;
    }
  }

  /** A rule on an entity ("crm/Contacts") also hits its bulk and sync endpoints ("bulk/CRM/Contacts"): the same records. */
  private match(method: string, target: string): ActiveRule | undefined {
    const wanted = target.toLowerCase();
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const ruleTarget = rule.target.toLowerCase();
      if (ruleTarget === wanted || (ruleTarget === "*" && wanted !== "token") || sameData(ruleTarget, wanted)) return rule;
    }
    return undefined;
  }

  /** Resolves when the switchboard is cleared or the client goes away. */
  private hold(signal: AbortSignal): Promise<"cleared" | "aborted"> {
    return new Promise((resolve) => {
      const release = () => {
        this.hung.delete(release);
        signal.removeEventListener("abort", release);
        resolve(signal.aborted ? "aborted" : "cleared");
      };
      this.hung.add(release);
      if (signal.aborted) release();
      else signal.addEventListener("abort", release);
    });
  }

  private stalledBody(c: Context): Response {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        controller.enqueue(encoder.encode('{"d":{"results":['));
        await this.hold(c.req.raw.signal);
        try {
          controller.enqueue(encoder.encode("]}}"));
          controller.close();
        } catch {
          // the client is gone
        }
      },
    });
    // Chunked: the server sends the headers and the first bytes at once, then waits with the rest.
    return new Response(body, { status: 200, headers: { "content-type": "application/json; charset=utf-8", "transfer-encoding": "chunked" } });
  }

  private reset(c: Context): Response {
    // Under @hono/node-server the raw socket is at hand (when the app is served with its bindings): destroy it
    // before any byte is written. Otherwise send headers and a first chunk, then error the body, which makes
    // the server destroy the socket mid-answer.
    const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
    if (incoming?.socket) {
      incoming.socket.destroy();
      return new Response(null, { status: 204 });
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"d":'));
        setTimeout(() => controller.error(new Error("injected connection reset")), 5);
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/json; charset=utf-8", "transfer-encoding": "chunked" } });
  }

  private spentHeaders(daily: boolean): Record<string, string> {
    const now = this.now();
    const minuteReset = Math.floor(now / 60_000) * 60_000 + 60_000;
    const dayReset = Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000;
    return {
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": daily ? "0" : "4000",
      "X-RateLimit-Reset": String(dayReset),
      "X-RateLimit-Minutely-Limit": "60",
      "X-RateLimit-Minutely-Remaining": "0",
      "X-RateLimit-Minutely-Reset": String(minuteReset),
    };
  }
}

function json(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
}

/** One switchboard per sandbox, keyed by the sandbox's resolved options (the object its routes share). */
const switchboards = new WeakMap<object, FaultSwitchboard>();

export function faultsFor(options: Required<SandboxOptions>): FaultSwitchboard {
  let board = switchboards.get(options);
  if (!board) {
    board = new FaultSwitchboard(options.now);
    switchboards.set(options, board);
  }
  return board;
}

/** The switchboard of a sandbox (`createExactSandbox(...)` or a test server's `sandbox`). */
export function sandboxFaults(sandbox: { options: Required<SandboxOptions> }): FaultSwitchboard {
  return faultsFor(sandbox.options);
}

/** `bulk/CRM/Contacts` or `sync/CRM/Contacts` under a rule for `crm/Contacts` (paths already lowercase). */
function sameData(ruleTarget: string, wanted: string): boolean {
  const match = /^(?:bulk|sync)\/(.+)$/.exec(wanted);
  return match !== null && match[1] === ruleTarget;
}
