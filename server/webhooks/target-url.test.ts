import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./private-address";
import { guardedLookup, validateTargetUrl } from "./target-url";

describe("webhook target URLs", () => {
  it.each(["127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a00:1", "224.0.0.1"])(
    "%s is private",
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => expect(isPrivateAddress(address)).toBe(false));

  it("refuses private literals and localhost names only when private addresses are not allowed", () => {
    for (const url of ["http://127.0.0.1/x", "http://localhost:3000/x", "http://localhost./x", "http://api.localhost/x", "http://[::1]:8080/x", "http://2130706433/x", "http://0x7f.1/x"]) {
      expect(() => validateTargetUrl(url, { allowPrivate: false }), url).toThrow(/private, loopback or link-local/);
      expect(validateTargetUrl(url, { allowPrivate: true }).protocol).toBe("http:");
    }
  });

  it("refuses credentials, other schemes and very long URLs in every mode", () => {
    expect(() => validateTargetUrl("https://a:b@example.com/", { allowPrivate: true })).toThrow(/credentials/);
    expect(() => validateTargetUrl("https://token@example.com/", { allowPrivate: true })).toThrow(/credentials/);
    expect(() => validateTargetUrl("file:///etc/passwd", { allowPrivate: true })).toThrow(/http or https/);
    expect(() => validateTargetUrl("javascript:alert(1)", { allowPrivate: true })).toThrow(/http or https/);
    expect(() => validateTargetUrl(`https://example.com/${"x".repeat(2048)}`, { allowPrivate: true })).toThrow(/2048/);
    expect(validateTargetUrl("https://hooks.example.com/in?x=1", { allowPrivate: false }).toString()).toBe("https://hooks.example.com/in?x=1");
  });

  it("the delivery's DNS lookup refuses a name that resolves to loopback", async () => {
    const error = await new Promise<Error | null>((resolve) => guardedLookup("localhost", { all: true }, (e) => resolve(e)));
    expect(error?.message).toBe("private address"); // no address: the delivery log must not map our network
  });
});
