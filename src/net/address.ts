import { SocketbookError } from './errors.js';

/**
 * A text is not a valid IP address. `text` is what was given and `position` the index (from 0) of the
 * first character that is wrong.
 *
 * @example
 * try { parseIPv4('192.168.1.300'); }
 * catch (error) { if (error instanceof InvalidAddressError) console.log(error.position); } // 10
 */
export class InvalidAddressError extends SocketbookError {
  readonly text: string;
  readonly position: number;

  constructor(text: string, position: number, problem: string) {
    super('ERR_INVALID_ADDRESS', `Cannot parse address ${JSON.stringify(text)}: ${problem} at position ${position}`);
    this.text = text;
    this.position = position;
  }
}

/**
 * Parses dotted-decimal IPv4 ('192.168.1.10') into its 4 bytes. Strict: exactly four numbers 0-255,
 * no leading zeros (some systems read '010' as octal 8).
 *
 * @example
 * parseIPv4('127.0.0.1'); // Uint8Array [127, 0, 0, 1]
 */
export function parseIPv4(text: string): Uint8Array {
  return parseIPv4At(text, text, 0);
}

/**
 * Parses an IPv6 address into its 16 bytes: eight groups of up to 4 hex digits, at most one '::' for a
 * run of zero groups, and optionally an embedded IPv4 address at the end ('::ffff:192.0.2.1').
 * Zone ids ('fe80::1%eth0') and brackets ('[::1]') are rejected: remove them first.
 *
 * @example
 * parseIPv6('::1'); // Uint8Array [0, 0, ..., 0, 1]
 */
export function parseIPv6(text: string): Uint8Array {
  const zone = text.indexOf('%');
  if (zone >= 0) throw new InvalidAddressError(text, zone, `zone id ${JSON.stringify(text.slice(zone))} is not supported; remove it`);
  if (text.startsWith('[')) throw new InvalidAddressError(text, 0, 'brackets belong to URLs, not addresses; remove them');
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) {
    throw new InvalidAddressError(text, text.indexOf('::', gap + 1), "a second '::' (only one is allowed)");
  }
  const head = parseGroups(text, gap >= 0 ? text.slice(0, gap) : text, 0, gap < 0);
  const tail = gap >= 0 ? parseGroups(text, text.slice(gap + 2), gap + 2, true) : [];
  const count = head.length + tail.length;
  if (gap < 0 && count !== 8) throw new InvalidAddressError(text, text.length, `${count} groups instead of 8`);
  if (gap >= 0 && count > 7) throw new InvalidAddressError(text, gap, `'::' with ${count} other groups (at most 7)`);
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[2 * index] = group >> 8;
    bytes[2 * index + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Formats 4 bytes as dotted-decimal IPv4.
 *
 * @example
 * formatIPv4(Uint8Array.of(10, 0, 0, 1)); // '10.0.0.1'
 */
export function formatIPv4(bytes: Uint8Array): string {
  if (bytes.length !== 4) throw new RangeError(`Cannot format IPv4 address: ${bytes.length} bytes instead of 4`);
  return bytes.join('.');
}

/**
 * Formats 16 bytes as IPv6 in the canonical form of RFC 5952: lowercase hex without leading zeros,
 * the longest run (two or more, the first on a tie) of zero groups as '::', and IPv4-mapped addresses
 * as '::ffff:a.b.c.d'.
 *
 * @example
 * formatIPv6(parseIPv6('2001:0DB8:0:0:0:0:0:0001')); // '2001:db8::1'
 */
export function formatIPv6(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`Cannot format IPv6 address: ${bytes.length} bytes instead of 16`);
  if (isIPv4Mapped(bytes)) return `::ffff:${formatIPv4(bytes.subarray(12))}`;
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[2 * index] ?? 0) << 8) | (bytes[2 * index + 1] ?? 0));
  const hex = groups.map((group) => group.toString(16));
  const run = longestZeroRun(groups);
  if (run.length < 2) return hex.join(':');
  return `${hex.slice(0, run.start).join(':')}::${hex.slice(run.start + run.length).join(':')}`;
}

/**
 * True for ::ffff:a.b.c.d, how a dual-stack socket shows an IPv4 peer.
 *
 * @example
 * isIPv4Mapped(parseIPv6('::ffff:127.0.0.1')); // true
 */
export function isIPv4Mapped(bytes: Uint8Array): boolean {
  return bytes.length === 16 && bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

function parseIPv4At(whole: string, text: string, offset: number): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4) {
    throw new InvalidAddressError(whole, offset + text.length, `${parts.length} dot-separated numbers instead of 4`);
  }
  const bytes = new Uint8Array(4);
  let position = offset;
  parts.forEach((part, index) => {
    const bad = part.search(/[^0-9]/);
    if (bad >= 0) throw new InvalidAddressError(whole, position + bad, `unexpected character ${JSON.stringify(part[bad])}`);
    if (part === '') throw new InvalidAddressError(whole, position, 'a missing number');
    if (part.length > 1 && part.startsWith('0')) throw new InvalidAddressError(whole, position, `leading zero in ${part}`);
    if (Number(part) > 255) throw new InvalidAddressError(whole, position, `${part} is above 255`);
    bytes[index] = Number(part);
    position += part.length + 1;
  });
  return bytes;
}

/** Parses 'a:b:c' (part of `whole`, starting at `offset`) into 16-bit groups; '' gives none. */
function parseGroups(whole: string, text: string, offset: number, mayEndInIPv4: boolean): number[] {
  if (text === '') return [];
  const groups: number[] = [];
  const pieces = text.split(':');
  let position = offset;
  pieces.forEach((piece, index) => {
    const isLast = index === pieces.length - 1;
    if (isLast && mayEndInIPv4 && piece.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = parseIPv4At(whole, piece, position);
      groups.push((a << 8) | b, (c << 8) | d);
      return;
    }
    const bad = piece.search(/[^0-9a-fA-F]/);
    if (bad >= 0) throw new InvalidAddressError(whole, position + bad, `unexpected character ${JSON.stringify(piece[bad])}`);
    if (piece === '') throw new InvalidAddressError(whole, position, 'an empty group');
    if (piece.length > 4) throw new InvalidAddressError(whole, position, `group ${piece} has more than 4 hex digits`);
    groups.push(parseInt(piece, 16));
    position += piece.length + 1;
  });
  return groups;
}

function longestZeroRun(groups: number[]): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let start = 0;
  for (let index = 0; index <= groups.length; index++) {
    if (groups[index] === 0) continue;
    if (index - start > best.length) best = { start, length: index - start };
    start = index + 1;
  }
  return best;
}
