import ipaddr from "ipaddr.js";
import { isIP } from "node:net";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/**
 * Whether a webhook must not reach this address in production: anything that is not plain public unicast
 * (loopback, private networks, link-local with cloud metadata at 169.254.169.254, carrier-grade NAT,
 * documentation and benchmarking ranges, multicast, reserved…). The ranges are ipaddr.js's `range()`, a
 * maintained table of IANA's special-purpose registries, rather than a hand list that misses some.
 *
 * An IPv6 address that carries an IPv4 address (::ffff:127.0.0.1, NAT64's 64:ff9b::7f00:1, 6to4's
 * 2002:7f00:1::, Teredo) reaches that IPv4 address, so it is judged by it: a public IPv4 through NAT64 is
 * allowed (that is how an IPv6-only host reaches it), 127.0.0.1 through it is not.
 */
export function isPrivateAddress(address: string): boolean {
  // node's parser, not ipaddr.js's: it takes only canonical forms ("0x7f.1" is a hostname here, not an IP)
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return ipaddr.IPv4.parse(address).range() !== "unicast";
  const ipv6 = ipaddr.IPv6.parse(address);
  const embedded = embeddedIpv4(ipv6);
  if (embedded) return embedded.some((ipv4) => ipv4.range() !== "unicast");
  return ipv6.range() !== "unicast";
}

/** The IPv4 addresses an IPv6 address stands for, or undefined if it is a plain IPv6 address. */
function embeddedIpv4(ipv6: IPv6): IPv4[] | undefined {
  const bytes = ipv6.toByteArray();
  const at = (offset: number, from = bytes) => new ipaddr.IPv4(from.slice(offset, offset + 4));
  const inRange = (prefix: string, length: number) => ipv6.match(ipaddr.IPv6.parse(prefix), length);
  // ::a.b.c.d (IPv4-compatible, deprecated), ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (SIIT, RFC 6145),
  // 64:ff9b::a.b.c.d (NAT64, RFC 6052)
  if (inRange("::", 96) || inRange("::ffff:0:0", 96) || inRange("::ffff:0:0:0", 96) || inRange("64:ff9b::", 96)) return [at(12)];
  // The local-use NAT64 prefix (RFC 8215) is a /48 from which operators pick a prefix of any RFC 6052
  // length: the IPv4 address is at the end (/96) or, for a /48, in bytes 6-7 and 9-10. Both must be public.
  if (inRange("64:ff9b:1::", 48)) return [at(12), new ipaddr.IPv4([bytes[6]!, bytes[7]!, bytes[9]!, bytes[10]!])];
  // 6to4 (RFC 3056): 2002:AABB:CCDD::/48 routes to AA.BB.CC.DD
  if (inRange("2002::", 16)) return [at(2)];
  // Teredo (RFC 4380): the server's address in bytes 4-7, the client's in bytes 12-15, inverted
  if (inRange("2001::", 32)) return [at(4), at(12, bytes.map((byte) => byte ^ 0xff))];
  return undefined;
}
