import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { MorphError } from "../errors";

export const MAX_URL_LENGTH = 2048;

/**
 * Addresses a webhook must not reach in production: the server's own loopback, private networks, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges. Otherwise anyone
 * with the secret key could make the server call into its own network (SSRF).
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return false;
  // An IPv4 address inside IPv6 (::ffff:127.0.0.1, or NAT64's 64:ff9b::7f00:1) is that IPv4 address.
  const embedded = embeddedIpv4(address);
  if (embedded) return blocked.check(embedded, "ipv4");
  return blocked.check(address, "ipv6");
}

function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

const invalid = (message: string) => new MorphError("VALIDATION_ERROR", `url: ${message}`, { field: "url" });

/**
 * A webhook target as the API accepts it: absolute http(s), no user:password (it would be sent to the
 * receiver and shown in logs), at most 2048 characters; in production no literal private address or
 * localhost name. A hostname is checked again when it is resolved, at every delivery (see guardedLookup).
 */
export function validateTargetUrl(raw: string, options: { allowPrivate: boolean }): URL {
  if (raw.length > MAX_URL_LENGTH) throw invalid(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid("must use http or https");
  if (url.username || url.password) throw invalid("must not contain credentials (user:password@)");
  if (!url.hostname) throw invalid("must name a host");
  if (!options.allowPrivate) {
    // "[::1]" → "::1"; "localhost." (a fully qualified name) is still localhost.
    const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.+$/, "");
    if (isPrivateAddress(host) || host === "localhost" || host.endsWith(".localhost")) {
      throw invalid(`${url.hostname} is a private, loopback or link-local address; set MORPH_WEBHOOK_ALLOW_PRIVATE_URLS=1 to allow it`);
    }
  }
  return url;
}

export class PrivateAddressError extends Error {
  readonly code = "PRIVATE_ADDRESS";
}

/**
 * A DNS lookup for the delivery's socket that refuses private addresses: the check happens on the
 * address actually connected to, so a hostname that resolves (or is re-pointed, DNS rebinding) to
 * 127.0.0.1 after the endpoint was created is caught.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) return callback(new PrivateAddressError(`${hostname} resolves to ${refused.address}, a private address`), "", 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};
