import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { MorphError } from "../errors";
import { isPrivateAddress } from "./private-address";

export const MAX_URL_LENGTH = 2048;

const invalid = (message: string) => new MorphError("VALIDATION_ERROR", `url: ${message}`, { field: "url" });

/**
 * A webhook target as the API accepts it: absolute http(s), no user:password (it would be sent to the
 * receiver and shown in logs), at most 2048 characters as sent; in production no literal private address
 * or localhost name. A hostname is checked again when it is resolved, at every delivery (see guardedLookup).
 */
export function validateTargetUrl(raw: string, options: { allowPrivate: boolean }): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid("must use http or https");
  if (url.username || url.password) throw invalid("must not contain credentials (user:password@)");
  if (!url.hostname) throw invalid("must name a host");
  // The limit applies to what is stored and sent: percent-encoding can make the text six times longer ("é" → "%C3%A9").
  if (url.href.length > MAX_URL_LENGTH) throw invalid(`must be at most ${MAX_URL_LENGTH} characters once normalised (this one has ${url.href.length})`);
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
    // The message goes to the delivery log: it must not tell the API's user what is inside our network.
    if (refused) return callback(new PrivateAddressError("private address"), "", 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};
