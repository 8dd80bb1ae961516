/**
 * Issue 8's adversarial suite: hundreds of generated hostile inputs across every route family, and
 * Exact's faults from the sandbox's switchboard, against the real server and a real sandbox on
 * 127.0.0.1. It asserts, and prints as its last line: no 500, no hang, no provider token in any answer
 * or log, and no call to Exact for input that is refused locally.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { format } from "node:util";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ERROR_STATUS } from "../errors";
import { sandboxFaults, type Fault } from "../sandbox/faults";
import { answerConsent } from "../test-support/consent";
import { freePort, postgresBinDir, startTempPostgres, type TempPostgres } from "../test-support/postgres";
import { startTestServer, TEST_ORIGIN, TEST_SECRET_KEY, type TestClock, type TestServer } from "../test-support/harness";
import { hostileInputs, type Family, type Fixture, type Probe } from "./hostile-inputs";

/** No answer may take longer than this (the suite's own bound; Exact's timeouts are shortened below it). */
const HANG_MS = 5_000;
const FAMILIES: Family[] = ["session tokens", "oauth state/callback", "model names", "ids", "cursors", "filters", "search", "bodies", "proxy paths", "headers"];
const SUCCESS = new Set([200, 201, 204, 302]);

const OWNER = "org_adversary";
const LIMITED_OWNER = "org_adversary_limited";
const REPLAY_OWNER = "org_adversary_replay";
const FAULT_OWNER = "org_adversary_faults";


/** Real time at a speed that can change mid-run (Exact's minute windows pass fast only when a test asks). */
function adjustableClock(): TestClock & { setSpeed(speed: number): void } {
  let anchorReal = Date.now();
  let anchorClock = anchorReal;
  let speed = 1;
  const now = () => anchorClock + (Date.now() - anchorReal) * speed;
  return {
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms / speed))),
    advance: (ms) => {
      anchorClock += ms;
    },
    setSpeed(next) {
      anchorClock = now();
      anchorReal = Date.now();
      speed = next;
    },
  };
}
const faultClock = adjustableClock();

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  ms: number;
  /** Requests that reached the sandbox while this one ran (REST, token endpoint, anything else). */
  sandboxRequests: number;
  /** The paths those requests asked the sandbox for. */
  sandboxPaths: string[];
  /** Of which REST calls and token requests, as the sandbox counts them. */
  exactCalls: number;
}

/** Everything that came back or was logged during the suite, searched for provider tokens at the end. */
const answers: Array<{ label: string; text: string }> = [];
const logged: string[] = [];
const figures = { inputs: 0, faults: 0, internalErrors: 0, hangs: 0, leaks: 0, localCalls: 0 };
const perFamily = new Map<Family | "faults", number>();

/**
 * Records the provider tokens a sandbox issues (from its token endpoint's answers) and counts every
 * request it receives. The harness's HTTP listener calls `sandbox.app.fetch` per request, so wrapping
 * that one function sees everything the server sends to "Exact".
 */
function watchSandbox(server: TestServer, tokens: Set<string>) {
  const watched = { requests: 0, paths: [] as string[] };
  const app = server.sandbox.app;
  const original = app.fetch;
  app.fetch = async (request: Request, ...rest: unknown[]) => {
    watched.requests += 1;
    watched.paths.push(new URL(request.url).pathname);
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (bearer) tokens.add(bearer);
    const response = await (original as (request: Request, ...rest: unknown[]) => Promise<Response>)(request, ...rest);
    if (new URL(request.url).pathname.endsWith("/oauth2/token") && response.status === 200) {
      // Not awaited: a faulty answer's body may never end.
      void response
        .clone()
        .text()
        .then((text) => {
          const body = JSON.parse(text) as { access_token?: string; refresh_token?: string };
          if (body.access_token) tokens.add(body.access_token);
          if (body.refresh_token) tokens.add(body.refresh_token);
        })
        .catch(() => undefined);
    }
    return response;
  };
  return watched;
}

/** A raw HTTP request, path byte for byte (fetch would normalise it), with a deadline. */
function rawHttp(baseUrl: string, probe: Probe): Promise<{ status: number; headers: Record<string, string>; text: string } | "hang"> {
  return new Promise((resolve, reject) => {
    // With a body, say its length: node's client frames no body of a DELETE by itself.
    const headers = probe.body === undefined ? probe.headers : { ...probe.headers, "content-length": String(Buffer.byteLength(probe.body)) };
    const request = httpRequest(`${baseUrl}${probe.path}`, { method: probe.method, headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: response.statusCode ?? 0, headers, text });
      });
    });
    const timer = setTimeout(() => {
      request.destroy();
      resolve("hang");
    }, HANG_MS);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(probe.body);
  });
}

async function inProcess(server: TestServer, probe: Probe): Promise<{ status: number; headers: Record<string, string>; text: string } | "hang"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), HANG_MS)));
  const answer = (async () => {
    const response = await server.app.request(probe.path, { method: probe.method, headers: probe.headers, body: probe.body });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, text: await response.text() };
  })();
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with an answer to a JSON route, or undefined. */
function contractViolation(probe: Pick<Probe, "html" | "expect" | "check" | "notEchoed">, answer: Answer, passthrough: boolean): string | undefined {
  if (answer.status === 500) return `500: ${answer.text.slice(0, 200)}`;
  if (!probe.expect.includes(answer.status)) return `status ${answer.status}, expected ${probe.expect.join("|")}: ${answer.text.slice(0, 200)}`;
  if (probe.notEchoed && answer.text.includes(probe.notEchoed)) return `reflected ${probe.notEchoed}`;
  if (probe.html) {
    if (!SUCCESS.has(answer.status) && !/^text\/html/.test(answer.headers["content-type"] ?? "")) return `an HTML route answered ${answer.headers["content-type"]}`;
    return undefined;
  }
  if (SUCCESS.has(answer.status)) {
    if (answer.status === 204 || answer.status === 302 || passthrough) return undefined;
    try {
      JSON.parse(answer.text);
    } catch {
      return `a ${answer.status} that is not JSON`;
    }
    return probe.check?.(answer.status, answer.text);
  }
  let body: { error?: { code?: string; message?: string } };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `a ${answer.status} that is not JSON: ${answer.text.slice(0, 100)}`;
  }
  const code = body.error?.code;
  if (typeof code !== "string" || typeof body.error?.message !== "string") {
    // The proxy passes Exact's own 4xx answers on as they are.
    return passthrough && answer.status < 500 ? undefined : `no { error: { code, message } } in ${answer.text.slice(0, 100)}`;
  }
  if (!Object.hasOwn(ERROR_STATUS, code)) return `unknown code ${code}`;
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== answer.status) return `${code} with status ${answer.status}`;
  if (code === "RATE_LIMITED" && !answer.headers["retry-after"]) return "RATE_LIMITED without Retry-After";
  return undefined;
}

describe("adversarial suite: hostile inputs and Exact's faults", () => {
  let faultServer: TestServer;
  const tokens = new Set<string>();
  const restoreConsole: Array<() => void> = [];
  /** Inputs generated per database (the same ones on each). */
  const generated = new Map<string, number>();

  beforeAll(async () => {
    // Every log line of the suite is kept (and searched for tokens), not printed.
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
      restoreConsole.push(() => spy.mockRestore());
    }
    faultServer = await startTestServer({ clock: faultClock, sandbox: { minutelyLimit: 100_000, errorBlockThreshold: 1_000_000 } });
    watchSandbox(faultServer, tokens);
  });

  afterAll(async () => {
    sandboxFaults(faultServer.sandbox).clear();
    for (const restore of restoreConsole) restore();
    await faultServer.close();
    const families = [...perFamily.entries()].map(([family, count]) => `${family} ${count}`).join(", ");
    const databases = [...generated.entries()].map(([name, count]) => `${count} on ${name}`).join(", ");
    console.log(`adversarial inputs per family: ${families}`);
    console.log(
      `adversarial: ${figures.inputs} inputs (${databases}) and ${figures.faults} Exact faults, ${figures.internalErrors} answers 500, ` +
        `${figures.hangs} hangs past ${HANG_MS / 1000} s, ${figures.leaks} provider tokens leaked, ${figures.localCalls} Exact calls for locally refused input`,
    );
  });

  // The storage differs in what it refuses (PostgreSQL: a NUL in text): every input runs on both.
  const DATABASES = [{ name: "SQLite", postgres: false }, ...(postgresBinDir() ? [{ name: "PostgreSQL", postgres: true }] : [])];

  describe.each(DATABASES)("hostile inputs on $name", ({ name, postgres }) => {
    let pg: TempPostgres | undefined;
    let server: TestServer;
    let listener: ServerType;
    let baseUrl = "";
    let watched: { requests: number; paths: string[] };
    let probes: Probe[] = [];
    let fixture: Fixture;

    const exactCalls = (s: TestServer) => {
      const stats = s.sandbox.control.stats();
      return stats.restCalls + stats.tokenRequests;
    };

    async function send(probe: Probe): Promise<Answer | "hang"> {
      const before = { requests: watched.requests, calls: exactCalls(server) };
      const started = performance.now();
      const answer = probe.via === "http" ? await rawHttp(baseUrl, probe) : await inProcess(server, probe);
      if (answer === "hang") return "hang";
      const result: Answer = {
        ...answer,
        ms: performance.now() - started,
        sandboxRequests: watched.requests - before.requests,
        sandboxPaths: watched.paths.slice(before.requests),
        exactCalls: exactCalls(server) - before.calls,
      };
      answers.push({ label: probe.label, text: `${JSON.stringify(result.headers)}\n${result.text}` });
      return result;
    }

    beforeAll(async () => {
      pg = postgres ? startTempPostgres(await freePort()) : undefined;
      server = await startTestServer({ sandbox: { minutelyLimit: 100_000, errorBlockThreshold: 1_000_000 }, env: pg ? { DATABASE_URL: pg.url } : {} });
      // Well below HANG_MS: a call Exact does not answer fails in time to be seen as an answer.
      server.ctx.exact.timeouts = { connectMs: 1_000, headersMs: 2_000, bodyMs: 2_000, tokenMs: 2_000 };
      watched = watchSandbox(server, tokens);
      listener = await new Promise((resolve) => {
        const s = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
      });
      baseUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;

      await server.connect(OWNER, [
        "genericContact::list", "genericContact::retrieve", "genericContact::create", "genericContact::update", "genericContact::delete",
        "genericCompany::list", "genericCompany::retrieve", "genericWorkspace::list", "genericWorkspace::retrieve", "accountingInvoice::list", "proxy::read",
      ]);
      await server.connect(LIMITED_OWNER, ["genericContact::list"]);

      // Two callbacks whose state is spent: one approved, one denied.
      const usedCallbacks: string[] = [];
      for (const decision of ["approve", "deny"] as const) {
        const sessionToken = await server.mintSession(REPLAY_OWNER, ["genericContact::list"]);
        const nonce = `nonce-replay-${decision}-0123456789`;
        const authorize = await server.app.request(`/v1/connect/authorize?${new URLSearchParams({ sessionToken, region: "nl", origin: TEST_ORIGIN, nonce })}`);
        const callback = await answerConsent(authorize.headers.get("location")!, decision);
        await server.app.request(`${callback.pathname}${callback.search}`);
        usedCallbacks.push(callback.search.slice(1));
      }

      const list = async (path: string) => (await (await server.backend(path, { ownerId: OWNER })).json()) as { data: Array<{ id: string }>; next: string };
      const contacts = await list("/v1/resources/genericContact?limit=2");
      const companies = await list("/v1/resources/genericCompany?limit=1");
      fixture = {
        secretKey: TEST_SECRET_KEY,
        signingKey: server.ctx.config.signingKey,
        owner: OWNER,
        limitedOwner: LIMITED_OWNER,
        strangerOwner: "org_never_connected",
        contactId: contacts.data[0]!.id,
        companyId: companies.data[0]!.id,
        cursor: contacts.next,
        sessionToken: await server.mintSession(OWNER, ["genericContact::list", "proxy::read"]),
        usedCallbacks,
        now: server.clock.now(),
      };
      probes = await hostileInputs(fixture);
      generated.set(name, probes.length);
    }, 60_000);

    afterAll(async () => {
      await new Promise((resolve) => listener?.close(resolve));
      await server?.close();
      pg?.stop();
    });

    it("generates at least 500 hostile inputs, the same ones on every run", async () => {
      expect(probes.length).toBeGreaterThanOrEqual(500);
      for (const family of FAMILIES) expect(probes.filter((p) => p.family === family).length, family).toBeGreaterThanOrEqual(20);
      // Deterministic: the same fixture gives the same requests, byte for byte (a seeded PRNG, no Math.random).
      const again = await hostileInputs(fixture);
      const requests = (list: Probe[]) => list.map((p) => [p.method, p.path, JSON.stringify(p.headers), p.body ?? ""].join(" "));
      expect(requests(again)).toEqual(requests(probes));
    });

    it.each(FAMILIES)("%s: every hostile input gets a contract answer, in time, without Exact when refused locally", async (family) => {
      const failures: string[] = [];
      for (const probe of probes.filter((p) => p.family === family)) {
        figures.inputs += 1;
        perFamily.set(family, (perFamily.get(family) ?? 0) + 1);
        const answer = await send(probe);
        if (answer === "hang") {
          figures.hangs += 1;
          failures.push(`${probe.label}: no answer within ${HANG_MS} ms`);
          continue;
        }
        if (answer.status === 500) figures.internalErrors += 1;
        if (probe.local && answer.sandboxRequests + answer.exactCalls > 0) {
          figures.localCalls += 1;
          failures.push(`${probe.label}: refused locally? ${answer.status}, but ${answer.sandboxRequests} request(s) reached the sandbox`);
        }
        // Whatever reached Exact from the proxy stayed inside its REST API.
        const outside = answer.sandboxPaths.filter((path) => !path.startsWith("/api/v1/"));
        if (probe.family === "proxy paths" && outside.length > 0) failures.push(`${probe.label}: reached ${outside.join(", ")} at Exact`);
        const violation = contractViolation(probe, answer, probe.path.startsWith("/v1/proxy") && answer.sandboxRequests > 0);
        if (violation) failures.push(`${probe.label}: ${violation}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe("Exact's faults on list, retrieve, create, update and the proxy", () => {
    let contactId = "";
    let companyId = "";
    beforeAll(async () => {
      await faultServer.connect(FAULT_OWNER, [
        "genericContact::list", "genericContact::retrieve", "genericContact::create", "genericContact::update", "genericCompany::list", "proxy::read", "proxy::write",
      ]);
      faultServer.ctx.exact.timeouts = { connectMs: 1_000, headersMs: 800, bodyMs: 800, tokenMs: 800 };
      const contacts = (await (await faultServer.backend("/v1/resources/genericContact?limit=1", { ownerId: FAULT_OWNER })).json()) as { data: Array<{ id: string }> };
      const companies = (await (await faultServer.backend("/v1/resources/genericCompany?limit=1", { ownerId: FAULT_OWNER })).json()) as { data: Array<{ id: string }> };
      contactId = contacts.data[0]!.id;
      companyId = companies.data[0]!.id;
    });

    const operations = () => [
      { name: "list", method: "GET", path: "/v1/resources/genericContact?limit=2" },
      { name: "retrieve", method: "GET", path: `/v1/resources/genericContact/${contactId}` },
      { name: "create", method: "POST", path: "/v1/resources/genericContact", body: JSON.stringify({ firstName: "Fault", company: { id: companyId } }) },
      { name: "update", method: "PATCH", path: `/v1/resources/genericContact/${contactId}`, body: JSON.stringify({ jobTitle: "Baker" }) },
      { name: "proxy", method: "GET", path: "/v1/proxy/api/v1/{division}/crm/Contacts?$top=1&$select=ID" },
      { name: "proxy write", method: "POST", path: "/v1/proxy/api/v1/{division}/crm/Contacts", body: JSON.stringify({ FirstName: "Fault", Account: companyId }) },
    ];

    // What each fault must become: the unified routes map everything; the proxy passes Exact's JSON on as it is.
    const FAULTS: Array<{ name: string; fault: Fault; unified: number[]; proxy: number[] }> = [
      { name: "HTML", fault: { kind: "html" }, unified: [502], proxy: [502] },
      { name: "HTML with 503", fault: { kind: "html", status: 503 }, unified: [502], proxy: [502] },
      { name: "truncated JSON", fault: { kind: "truncated-json" }, unified: [502], proxy: [502] },
      { name: "d: null", fault: { kind: "null-d" }, unified: [502], proxy: [200] },
      { name: "results as a string", fault: { kind: "results", as: "string" }, unified: [502], proxy: [200] },
      { name: "results as an object", fault: { kind: "results", as: "object" }, unified: [502], proxy: [200] },
      { name: "500", fault: { kind: "status", status: 500 }, unified: [502], proxy: [502] },
      { name: "502", fault: { kind: "status", status: 502 }, unified: [502], proxy: [502] },
      { name: "503", fault: { kind: "status", status: 503 }, unified: [502], proxy: [502] },
      // Exact's 4xx reach the proxy's caller as Exact sent them.
      { name: "401", fault: { kind: "status", status: 401 }, unified: [502], proxy: [401] },
      { name: "hang", fault: { kind: "hang" }, unified: [504], proxy: [504] },
      { name: "stalled body", fault: { kind: "stall-body" }, unified: [504], proxy: [504] },
      { name: "slow (2 s)", fault: { kind: "slow", delayMs: 2_000 }, unified: [504], proxy: [504] },
      { name: "reset", fault: { kind: "reset" }, unified: [502], proxy: [502] },
      // Last: it leaves the division's minute spent, which the next minute mends.
      { name: "429 storm", fault: { kind: "rate-limit" }, unified: [429], proxy: [429] },
    ];

    it.each(FAULTS)("$name: a stable error code on every operation, never a 500 or a hang", async ({ fault, unified, proxy }) => {
      const faults = sandboxFaults(faultServer.sandbox);
      faults.inject({ target: "crm/Contacts", fault });
      // A 429 storm waits for Exact's minute windows between its bounded retries: run those minutes fast.
      if (fault.kind === "rate-limit") faultClock.setSpeed(600);
      const failures: string[] = [];
      try {
        // In parallel: a hang or a 429 storm costs its bound once, not once per operation.
        await Promise.all(
          operations().map(async (operation) => {
            figures.faults += 1;
            perFamily.set("faults", (perFamily.get("faults") ?? 0) + 1);
            const started = performance.now();
            let timer: ReturnType<typeof setTimeout> | undefined;
            const response = await Promise.race([
              faultServer.backend(operation.path, { method: operation.method, ownerId: FAULT_OWNER, body: operation.body }),
              new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), HANG_MS))),
            ]);
            clearTimeout(timer);
            if (response === "hang") {
              figures.hangs += 1;
              failures.push(`${operation.name}: no answer within ${HANG_MS} ms`);
              return;
            }
            const headers: Record<string, string> = {};
            response.headers.forEach((value, name) => (headers[name] = value));
            const answer: Answer = { status: response.status, headers, text: await response.text(), ms: performance.now() - started, sandboxRequests: 0, sandboxPaths: [], exactCalls: 0 };
            answers.push({ label: `fault ${operation.name}`, text: `${JSON.stringify(headers)}\n${answer.text}` });
            if (answer.status === 500) figures.internalErrors += 1;
            const isProxy = operation.path.startsWith("/v1/proxy");
            const expected = isProxy ? proxy : unified;
            const violation = contractViolation({ expect: expected }, answer, isProxy && answer.status < 500);
            if (violation) failures.push(`${operation.name}: ${violation}`);
          }),
        );
      } finally {
        faults.clear();
        if (fault.kind === "rate-limit") {
          faultClock.setSpeed(1);
          faultClock.advance(61_000); // past the spent minute, so the calls below do not wait for it
        }
      }
      expect(failures).toEqual([]);
    });

    it.each<[string, Fault]>([
      ["HTML", { kind: "html" }],
      ["truncated JSON", { kind: "truncated-json" }],
      ["500", { kind: "status", status: 500 }],
      ["401", { kind: "status", status: 401 }],
      ["hang", { kind: "hang" }],
      ["reset", { kind: "reset" }],
    ])("a token endpoint answering %s during a refresh: 502/504, and the next call refreshes for real", async (_name, fault) => {
      const faults = sandboxFaults(faultServer.sandbox);
      // Past the access token's 10 minutes: the next call must refresh.
      faultServer.clock.advance(11 * 60_000);
      faults.inject({ target: "token", fault, times: 1 });
      figures.faults += 1;
      perFamily.set("faults", (perFamily.get("faults") ?? 0) + 1);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const response = await Promise.race([
        faultServer.backend("/v1/resources/genericContact?limit=1", { ownerId: FAULT_OWNER }),
        new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), HANG_MS))),
      ]);
      clearTimeout(timer);
      if (response === "hang") figures.hangs += 1;
      expect(response).not.toBe("hang");
      const answer = response as Response;
      const text = await answer.text();
      answers.push({ label: "token fault", text: `${JSON.stringify(Object.fromEntries(answer.headers))}\n${text}` });
      if (answer.status === 500) figures.internalErrors += 1;
      expect([502, 504]).toContain(answer.status);
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toMatch(/^PROVIDER_(ERROR|TIMEOUT)$/);
      // A held token request is released only after the next call: released earlier, the sandbox would
      // rotate the refresh token for a client that already gave up, which only a new consent can mend.
      const next = await faultServer.backend("/v1/resources/genericContact?limit=1", { ownerId: FAULT_OWNER });
      faults.clear();
      expect(next.status).toBe(200);
    });
  });

  it("no provider token in any answer (body or headers) or in anything logged", () => {
    expect(tokens.size).toBeGreaterThanOrEqual(4);
    const leaks: string[] = [];
    for (const token of tokens) {
      for (const answer of answers) if (answer.text.includes(token)) leaks.push(`answer to ${answer.label}`);
      for (const line of logged) if (line.includes(token)) leaks.push(`log line ${line.slice(0, 80)}`);
    }
    figures.leaks = leaks.length;
    expect(leaks).toEqual([]);
    expect(figures.internalErrors).toBe(0);
    expect(figures.hangs).toBe(0);
    expect(figures.localCalls).toBe(0);
  });
});
