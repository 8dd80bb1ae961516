import { describe, expect, it } from "vitest";
import { MorphError } from "../errors";
import { acceptForExact, parseProxyPath, proxyTarget } from "./proxy-target";

const code = (run: () => unknown) => {
  try {
    run();
    return "ok";
  } catch (error) {
    return error instanceof MorphError ? `${error.status} ${error.code}` : String(error);
  }
};

describe("parseProxyPath", () => {
  it("decodes each segment once", () => {
    expect(parseProxyPath("/api/v1/%7Bdivision%7D/crm/Accounts(guid'00000000-0000-0000-0000-000000000001')")).toEqual([
      "api",
      "v1",
      "{division}",
      "crm",
      "Accounts(guid'00000000-0000-0000-0000-000000000001')",
    ]);
    expect(parseProxyPath("/api/v1/1/crm/Accounts/$count")).toEqual(["api", "v1", "1", "crm", "Accounts", "$count"]);
  });

  it.each([
    "/api/v1/1/%2e%2e/x",
    "/api/v1/1/.%2E/x",
    "/api/v1/1/%252e%252e/x",
    "/api/v1/1/.%0a./x",
    "/api/v1/1/.%09./x",
    "/api/v1/1/%5C%2e%2e/x",
    "/api/v1/1%2fx",
    "/api/v1/1%5cx",
    "/api/v1/1//x",
    "/api/v1/1/x%00",
    "/api/v1/1/x%C2%85",
    "/api/v1/1/%",
    "/api/v1/1/%E0%A4%A",
    "/api/v1/1/x y",
    "/api/v2/1/x",
    "/api/v1",
    "api/v1/1/x",
  ])("refuses %s with 400 VALIDATION_ERROR", (path) => {
    expect(code(() => parseProxyPath(path))).toBe("400 VALIDATION_ERROR");
  });
});

describe("proxyTarget", () => {
  it("fills the division and stays under the base URL's /api/v1/", () => {
    const url = proxyTarget("http://127.0.0.1:9/sandbox", ["api", "v1", "{division}", "crm", "Accounts"], 1234567, "?$top=1");
    expect(url.href).toBe("http://127.0.0.1:9/sandbox/api/v1/1234567/crm/Accounts?$top=1");
  });

  it("refuses a segment list that the URL parser would normalise out of /api/v1/", () => {
    // parseProxyPath never yields these; the final check holds on its own.
    expect(code(() => proxyTarget("https://start.exactonline.nl", ["api", "v1", "..", "oauth2", "token"], 1, ""))).toBe("400 VALIDATION_ERROR");
    expect(code(() => proxyTarget("https://start.exactonline.nl", ["api", "v1", "x\\..\\..", "health"], 1, ""))).toBe("400 VALIDATION_ERROR");
  });
});

describe("acceptForExact", () => {
  it("asks for JSON unless the client named another type", () => {
    expect(acceptForExact(undefined)).toBe("application/json");
    expect(acceptForExact("*/*")).toBe("application/json");
    expect(acceptForExact(" */* ; q=0.8")).toBe("application/json");
    expect(acceptForExact("application/json")).toBe("application/json");
    expect(acceptForExact("application/atom+xml")).toBe("application/atom+xml");
  });
});
