import { formatIPv4, isIPv4Mapped, parseIPv4, parseIPv6 } from './address.js';

/**
 * What an IP address is for.
 *
 * @example
 * const kind: AddressKind = classifyAddress('10.0.0.1').kind; // 'private'
 */
export type AddressKind =
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'mapped'
  | 'global';

/**
 * The result of {@link classifyAddress}.
 *
 * @example
 * const { family, kind, mappedIPv4 }: AddressClass = classifyAddress(socket.remoteAddress ?? '');
 */
export interface AddressClass {
  family: 4 | 6;
  kind: AddressKind;
  /** For kind 'mapped': the IPv4 address inside ('::ffff:127.0.0.1' -> '127.0.0.1'). */
  mappedIPv4?: string;
}

/** The special IPv4 ranges (RFC 6890); everything else is 'global'. */
const IPV4_RANGES: Array<[string, AddressKind]> = [
  ['0.0.0.0/32', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['192.0.2.0/24', 'documentation'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
];

/** The special IPv6 ranges (RFC 4291, 4193, 3849, 9637); everything else is 'global'. */
const IPV6_RANGES: Array<[string, AddressKind]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::ffff:0:0/96', 'mapped'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
];

/**
 * Says which family an address belongs to and what it is for: loopback, private, multicast...
 * Throws InvalidAddressError for a text that is not an IP address.
 *
 * @example
 * classifyAddress('192.168.1.10');     // { family: 4, kind: 'private' }
 * classifyAddress('::ffff:127.0.0.1'); // { family: 6, kind: 'mapped', mappedIPv4: '127.0.0.1' }
 */
export function classifyAddress(text: string): AddressClass {
  if (!text.includes(':')) {
    return { family: 4, kind: kindOf(parseIPv4(text), IPV4_RANGES, parseIPv4) };
  }
  const bytes = parseIPv6(text);
  const kind = kindOf(bytes, IPV6_RANGES, parseIPv6);
  if (kind === 'mapped') return { family: 6, kind, mappedIPv4: formatIPv4(bytes.subarray(12)) };
  return { family: 6, kind };
}

/**
 * Turns an IPv4-mapped IPv6 address ('::ffff:127.0.0.1', as a dual-stack server sees IPv4 clients)
 * back into plain IPv4; any other address is returned unchanged.
 *
 * @example
 * unmapIPv4('::ffff:127.0.0.1'); // '127.0.0.1'
 * unmapIPv4('::1');              // '::1'
 */
export function unmapIPv4(text: string): string {
  if (!text.includes(':')) return text;
  const bytes = parseIPv6(text);
  return isIPv4Mapped(bytes) ? formatIPv4(bytes.subarray(12)) : text;
}

function kindOf(bytes: Uint8Array, ranges: Array<[string, AddressKind]>, parse: (text: string) => Uint8Array): AddressKind {
  for (const [cidr, kind] of ranges) {
    const [network = '', bits = '0'] = cidr.split('/');
    if (matchesPrefix(bytes, parse(network), Number(bits))) return kind;
  }
  return 'global';
}

/** True when the first `bits` bits of `bytes` equal those of `network`. */
function matchesPrefix(bytes: Uint8Array, network: Uint8Array, bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    const byte = Math.floor(bit / 8);
    if (((bytes[byte] ?? 0) & mask) !== ((network[byte] ?? 0) & mask)) return false;
  }
  return true;
}
