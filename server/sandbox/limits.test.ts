import { describe, expect, it } from "vitest";
import { connectSandbox } from "../test-support/sandbox-client";

const DIV = 1234567;

describe("rate limits", () => {
  it("answers 429 after the minutely limit, with the reset header, and recovers in the next window", async () => {
    const { api, clock, sandbox } = await connectSandbox({ minutelyLimit: 5 });
    clock.set(Math.floor(clock.now() / 60_000) * 60_000 + 10_000); // 10 s into a minute
    const windowEnd = Math.floor(clock.now() / 60_000) * 60_000 + 60_000;
    for (let i = 0; i < 5; i++) {
      const ok = await api(`/api/v1/${DIV}/crm/Contacts?$top=1`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("X-RateLimit-Minutely-Remaining")).toBe(String(4 - i));
      expect(ok.headers.get("X-RateLimit-Minutely-Limit")).toBe("5");
      expect(ok.headers.get("X-RateLimit-Limit")).toBe("5000");
    }
    const limited = await api(`/api/v1/${DIV}/crm/Contacts?$top=1`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-RateLimit-Minutely-Remaining")).toBe("0");
    expect(limited.headers.get("X-RateLimit-Minutely-Reset")).toBe(String(windowEnd));
    expect(Number(limited.headers.get("X-RateLimit-Reset"))).toBeGreaterThan(clock.now());
    expect(((await limited.json()) as { error: { message: { value: string } } }).error.message.value).toMatch(/Too many/);
    expect(sandbox.control.stats().rateLimited).toBe(1);
    expect(sandbox.control.stats().responsesByStatus[429]).toBe(1);

    clock.set(windowEnd);
    const again = await api(`/api/v1/${DIV}/crm/Contacts?$top=1`);
    expect(again.status).toBe(200);
    expect(again.headers.get("X-RateLimit-Minutely-Remaining")).toBe("4");
    expect(again.headers.get("X-RateLimit-Remaining")).toBe("4994");
  });

  it("applies the daily limit too, and setMinutelyLimit at run time", async () => {
    const { api, sandbox } = await connectSandbox({ dailyLimit: 2 });
    sandbox.control.setMinutelyLimit(100);
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(200);
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(200);
    const limited = await api(`/api/v1/${DIV}/crm/Contacts?$top=1`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-RateLimit-Remaining")).toBe("0");
  });
});

describe("error block", () => {
  it("blocks an endpoint for the user after more than the threshold of errors in an hour", async () => {
    const { api, clock } = await connectSandbox({ errorBlockThreshold: 3, accessTokenTtlSeconds: 7200 });
    for (let i = 0; i < 4; i++) expect((await api(`/api/v1/${DIV}/crm/Contacts?$select=Nope`)).status).toBe(400);
    const blocked = await api(`/api/v1/${DIV}/crm/Contacts?$top=1`);
    expect(blocked.status).toBe(401);
    expect(((await blocked.json()) as { error: { message: { value: string } } }).error.message.value).toMatch(/blocked/);
    expect((await api(`/api/v1/${DIV}/salesinvoice/SalesInvoices?$top=1`)).status).toBe(200); // other endpoints still work
    clock.advance(59 * 60_000);
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(401);
    clock.advance(60_000);
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(200);
  });
});

describe("calls without a division", () => {
  it("current/Me counts against no division's budget and is never refused for it", async () => {
    const { api } = await connectSandbox({ minutelyLimit: 1 });
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(200);
    expect((await api(`/api/v1/${DIV}/crm/Contacts?$top=1`)).status).toBe(429);
    for (let i = 0; i < 3; i++) {
      const me = await api("/api/v1/current/Me");
      expect(me.status).toBe(200);
      expect(me.headers.get("x-ratelimit-minutely-remaining")).toBeNull();
    }
  });
});
