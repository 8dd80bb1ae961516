/** `POST {sandbox}/_control/changes`: a developer's change "in Exact's screens", refused when malformed. */
import { describe, expect, it } from "vitest";
import { connectSandbox } from "../test-support/sandbox-client";

const DIV = 1234567;
const post = (sandbox: Awaited<ReturnType<typeof connectSandbox>>["sandbox"], body: unknown) =>
  Promise.resolve(sandbox.app.request("/_control/changes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

describe("the control route", () => {
  it("updates the one contact a match names, through the write path (Modified moves)", async () => {
    const { sandbox, api, clock } = await connectSandbox();
    clock.advance(60_000);
    const answer = await post(sandbox, { division: DIV, endpoint: "crm/Contacts", action: "update", match: { LastName: "O'Brien" }, fields: { FirstName: "Liam-Sean" } });
    expect(answer.status).toBe(200);
    const { record } = (await answer.json()) as { record: { ID: string; FullName: string; Modified: string } };
    expect(record.FullName).toBe("Liam-Sean O'Brien");
    expect(record.Modified).toBe(`/Date(${clock.now()})/`);
    const read = (await (await api(`/api/v1/${DIV}/crm/Contacts(guid'${record.ID}')?$select=FirstName`)).json()) as { d: { FirstName: string } };
    expect(read.d.FirstName).toBe("Liam-Sean");
  });

  it.each([
    ["not JSON", "{"],
    ["no action", { division: DIV, endpoint: "crm/Contacts" }],
    ["an unknown key", { division: DIV, endpoint: "crm/Contacts", action: "create", fields: {}, extra: 1 }],
    ["update without key or match", { division: DIV, endpoint: "crm/Contacts", action: "update", fields: { LastName: "x" } }],
    ["create with a key", { division: DIV, endpoint: "crm/Contacts", action: "create", key: "x", fields: {} }],
    ["delete with fields", { division: DIV, endpoint: "crm/Contacts", action: "delete", key: "x", fields: {} }],
    ["a bad endpoint", { division: DIV, endpoint: "../oauth2/token", action: "create", fields: {} }],
    ["a match of many", { division: DIV, endpoint: "crm/Contacts", action: "delete", match: { IsMainContact: true } }],
    ["a property Exact does not have", { division: DIV, endpoint: "crm/Contacts", action: "update", match: { LastName: "O'Brien" }, fields: { Shoesize: 44 } }],
  ])("refuses %s with 400", async (_, body) => {
    const { sandbox } = await connectSandbox();
    const answer = await Promise.resolve(
      sandbox.app.request("/_control/changes", { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }),
    );
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toEqual(expect.any(String));
  });

  it("answers 404 for a key or division that does not exist", async () => {
    const { sandbox } = await connectSandbox();
    expect((await post(sandbox, { division: DIV, endpoint: "crm/Contacts", action: "delete", key: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await post(sandbox, { division: 42, endpoint: "crm/Contacts", action: "create", fields: { LastName: "x" } })).status).toBe(404);
  });
});
