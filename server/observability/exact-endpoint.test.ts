import { describe, expect, it } from "vitest";
import { exactEndpointOf } from "./exact-endpoint";

describe("exactEndpointOf", () => {
  it("drops the division, keys and query", () => {
    expect(exactEndpointOf("/api/v1/123/crm/Accounts(guid'0b3a9f6c-0000-0000-0000-000000000001')?$select=ID")).toBe("crm/Accounts");
    expect(exactEndpointOf("/api/v1/987654/bulk/CRM/Contacts?$filter=Name%20eq%20'x'")).toBe("bulk/CRM/Contacts");
    expect(exactEndpointOf("/sandbox/api/v1/5/salesinvoice/SalesInvoices")).toBe("salesinvoice/SalesInvoices");
  });

  it("names the calls without a division", () => {
    expect(exactEndpointOf("/api/v1/current/Me?$select=CurrentDivision")).toBe("current/Me");
    expect(exactEndpointOf("/api/oauth2/token")).toBe("oauth2/token");
  });

  it("keeps odd shapes out of the label set", () => {
    expect(exactEndpointOf("/somewhere/else")).toBe("other");
    expect(exactEndpointOf("/api/v1/1/crm/Acc%20ounts")).toBe("other");
    expect(exactEndpointOf("/api/v1/1/a/b/c/d/e")).toBe("other");
    expect(exactEndpointOf(`/api/v1/1/crm/${"x".repeat(100)}`)).toBe("other");
  });

  it("stops adding names after its bound", () => {
    const letters = (n: number) => String.fromCharCode(65 + (n % 26), 65 + Math.floor(n / 26));
    for (let i = 0; i < 600; i++) exactEndpointOf(`/api/v1/1/many/Endpoint${letters(i)}`);
    expect(exactEndpointOf("/api/v1/1/never/SeenBefore")).toBe("other");
    expect(exactEndpointOf("/api/v1/1/crm/Accounts")).toBe("crm/Accounts");
  });
});
