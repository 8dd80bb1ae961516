/** The sandbox's consent grants one or several divisions; `system/Divisions` lists those, `current/Me` may name another. */
import { describe, expect, it } from "vitest";
import { answerConsent } from "../test-support/consent";
import { TEST_PUBLIC_URL, TEST_REDIRECT_URI, tokenRequest } from "../test-support/sandbox-client";
import { createExactSandbox } from "./index";
import { MAIN_DIVISION, SECOND_DIVISION } from "./seed-data";

type List = { d: { results: Array<Record<string, unknown>> } };

/** Consent (in process) with `granted` and the user's current division, then the code exchange: a bearer-token caller. */
async function consentTo(granted: number[], currentDivision?: number) {
  const sandbox = createExactSandbox({ publicUrl: TEST_PUBLIC_URL });
  const query = new URLSearchParams({ client_id: sandbox.options.clientId, redirect_uri: TEST_REDIRECT_URI, response_type: "code", state: "s" });
  const inProcess = (url: string, init?: RequestInit) => sandbox.app.request(url.startsWith(TEST_PUBLIC_URL) ? url.slice(TEST_PUBLIC_URL.length) : url, init);
  const redirect = await answerConsent(`/api/oauth2/auth?${query}`, "approve", granted, inProcess, undefined, currentDivision);
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`consent refused: ${redirect}`);
  const tokens = (await (await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: TEST_REDIRECT_URI })).json()) as { access_token: string };
  return (path: string) => sandbox.app.request(path, { headers: { Authorization: `Bearer ${tokens.access_token}`, Accept: "application/json" } });
}

const codes = (body: List) => body.d.results.map((row) => row.Code);

describe("divisions granted at consent", () => {
  it("grants several divisions with the field repeated, and system/Divisions lists them", async () => {
    const api = await consentTo([MAIN_DIVISION, SECOND_DIVISION]);
    expect(codes((await (await api(`/api/v1/${MAIN_DIVISION}/system/Divisions`)).json()) as List).sort()).toEqual([MAIN_DIVISION, SECOND_DIVISION]);
    expect((await api(`/api/v1/${SECOND_DIVISION}/crm/Contacts?$top=1`)).status).toBe(200);
  });

  it("answers an ungranted CurrentDivision in current/Me, NoDivisionAccess there, and lists only the granted division", async () => {
    const api = await consentTo([SECOND_DIVISION], MAIN_DIVISION);
    const me = (await (await api("/api/v1/current/Me")).json()) as List;
    expect(me.d.results[0]?.CurrentDivision).toBe(MAIN_DIVISION);
    const refused = await api(`/api/v1/${MAIN_DIVISION}/crm/Contacts?$top=1`);
    expect(refused.status).toBe(403);
    // system/Divisions does not check its URL's division (Exact): named with the ungranted one, it still answers.
    const listed = (await (await api(`/api/v1/${MAIN_DIVISION}/system/Divisions?$select=Code,IsMainDivision`)).json()) as List;
    expect(codes(listed)).toEqual([SECOND_DIVISION]);
    expect(listed.d.results[0]?.IsMainDivision).toBe(false);
    expect((await api(`/api/v1/${MAIN_DIVISION}/system/Divisions(${MAIN_DIVISION})`)).status).toBe(404);
  });

  it("keeps the single division field: one granted becomes the current one", async () => {
    const api = await consentTo([SECOND_DIVISION]);
    const me = (await (await api("/api/v1/current/Me")).json()) as List;
    expect(me.d.results[0]?.CurrentDivision).toBe(SECOND_DIVISION);
  });

  it("allows a consent with every box unticked: the token reaches no division", async () => {
    const api = await consentTo([], MAIN_DIVISION);
    expect(codes((await (await api(`/api/v1/${MAIN_DIVISION}/system/Divisions`)).json()) as List)).toEqual([]);
  });
});
