import ipaddr from 'ipaddr.js';

/**
 * Which webhook targets the service may connect to (docs/http-api.md, Integration, "Webhook
 * targets"): pure, given the URL and the addresses its host resolves to.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Network = [Address, number];

/** WEBHOOK_ALLOWED_NETWORKS parsed: the non-public networks targets may be in (and use http). */
export class AllowedNetworks {
  static readonly none = new AllowedNetworks([]);

  private constructor(private readonly networks: readonly Network[]) {}

  /** CIDRs as validated by loadConfig (`10.0.0.0/8`, `fd00::/8`); throws on any other text. */
  static parse(cidrs: readonly string[]): AllowedNetworks {
    return new AllowedNetworks(cidrs.map((cidr) => ipaddr.parseCIDR(cidr)));
  }

  /**
   * Whether the address lies in a listed network; an address that carries an IPv4 address
   * (IPv4-mapped, NAT64) also when that IPv4 address does: it is the host reached.
   */
  covers(address: Address): boolean {
    const embedded = embeddedIPv4(address);
    return this.networks.some(
      ([network, bits]) =>
        (address.kind() === network.kind() && address.match(network, bits)) ||
        (embedded !== undefined && network.kind() === 'ipv4' && embedded.match(network, bits)),
    );
  }
}

/** Why a target is refused. */
export type TargetRefusal =
  /** Not an http(s) URL at all (the request's validation refuses these first). */
  | { reason: 'not_an_http_url' }
  /** http:// to an address outside WEBHOOK_ALLOWED_NETWORKS. */
  | { reason: 'https_required' }
  /** The host resolves to a non-public address outside WEBHOOK_ALLOWED_NETWORKS. */
  | { reason: 'non_public_address'; address: string; range: string }
  /** The host resolves to nothing. */
  | { reason: 'unresolved' };

export type TargetVerdict = { allowed: true } | { allowed: false; refusal: TargetRefusal };

const IPV4_COMPATIBLE: Network = [ipaddr.IPv6.parse('::'), 96];
const GLOBAL_UNICAST: Network = [ipaddr.IPv6.parse('2000::'), 3];
const NAT64_WELL_KNOWN: Network = [ipaddr.IPv6.parse('64:ff9b::'), 96];

/**
 * The address's range when it is not plainly public unicast, else undefined. IPv4-mapped and
 * NAT64 (64:ff9b::/96, ::ffff:0:0:0/96) forms are judged by the IPv4 address they carry;
 * every other special IPv6 form (6to4, Teredo, IPv4-compatible, local-use NAT64, anything
 * outside 2000::/3) is non-public.
 */
export function nonPublicRange(address: Address): string | undefined {
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? undefined : range;
  }
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded !== undefined) {
    const inner = nonPublicRange(embedded);
    return inner === undefined ? undefined : `${v6.range()} of ${inner}`;
  }
  const range = v6.range();
  if (range !== 'unicast') return range;
  if (v6.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  if (!v6.match(GLOBAL_UNICAST)) return 'unallocated';
  return undefined;
}

/** The IPv4 address an IPv4-mapped or NAT64 (well-known prefix, RFC 6145) address carries. */
function embeddedIPv4(address: Address): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  const carries = range === 'ipv4Mapped' || range === 'rfc6145' || v6.match(NAT64_WELL_KNOWN);
  if (!carries) return undefined;
  const [high, low] = v6.parts.slice(6) as [number, number];
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * The address in the URL's host when it is an IP literal (`[::1]` without its brackets), else
 * undefined. WHATWG URL parsing has already turned decimal, octal and hex IPv4 forms
 * (`2130706433`, `0177.0.0.1`, `0x7f.1`) into dotted decimal.
 */
export function ipLiteral(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host) ? host : undefined;
}

/**
 * The decision for a URL whose host resolved to `addresses` (its literal address, or every
 * address the name resolves to): refused when any address is non-public outside the allowed
 * networks, and when it is http:// unless every address is inside them.
 */
export function checkTarget(url: URL, addresses: readonly string[], allowed: AllowedNetworks): TargetVerdict {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse({ reason: 'not_an_http_url' });
  if (addresses.length === 0) return refuse({ reason: 'unresolved' });
  let everyCovered = true;
  for (const text of addresses) {
    if (!ipaddr.isValid(text))
      return refuse({ reason: 'non_public_address', address: text, range: 'invalid' });
    const address = ipaddr.parse(text);
    const covered = allowed.covers(address);
    everyCovered &&= covered;
    const range = nonPublicRange(address);
    if (range !== undefined && !covered) {
      return refuse({ reason: 'non_public_address', address: address.toString(), range });
    }
  }
  if (url.protocol === 'http:' && !everyCovered) return refuse({ reason: 'https_required' });
  return { allowed: true };
}

function refuse(refusal: TargetRefusal): TargetVerdict {
  return { allowed: false, refusal };
}
