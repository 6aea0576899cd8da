import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidAddressError,
  formatIPv4,
  formatIPv6,
  isIPv4Mapped,
  parseIPv4,
  parseIPv6,
} from '../../src/net/address.js';

function errorOf(action: () => unknown): InvalidAddressError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidAddressError) return error;
    throw error;
  }
  throw new Error('expected InvalidAddressError');
}

describe('parseIPv4()', () => {
  it('parses dotted decimal into 4 bytes', () => {
    expect([...parseIPv4('192.168.1.10')]).toEqual([192, 168, 1, 10]);
    expect([...parseIPv4('0.0.0.0')]).toEqual([0, 0, 0, 0]);
  });

  it.each([
    ['192.168.1.300', 10, /300 is above 255/],
    ['10.0.0', 6, /3 dot-separated numbers instead of 4/],
    ['10.0..1', 5, /a missing number/],
    ['10.01.0.1', 3, /leading zero in 01/],
    ['10.0.0.1x', 8, /unexpected character "x"/],
    ['', 0, /1 dot-separated numbers/],
  ])('rejects %j at position %i', (text, position, problem) => {
    const error = errorOf(() => parseIPv4(text));
    expect(error.code).toBe('ERR_INVALID_ADDRESS');
    expect(error.text).toBe(text);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(problem);
  });
});

describe('parseIPv6()', () => {
  it('expands :: and reads embedded IPv4', () => {
    expect(Buffer.from(parseIPv6('::1')).toString('hex')).toBe('00000000000000000000000000000001');
    expect(Buffer.from(parseIPv6('2001:DB8::8:800:200C:417A')).toString('hex')).toBe('20010db80000000000080800200c417a');
    expect(Buffer.from(parseIPv6('::ffff:192.0.2.1')).toString('hex')).toBe('00000000000000000000ffffc0000201');
    expect(Buffer.from(parseIPv6('::')).toString('hex')).toBe('0'.repeat(32));
    expect(Buffer.from(parseIPv6('1:2:3:4:5:6:7:8')).toString('hex')).toBe('00010002000300040005000600070008');
  });

  it.each([
    ['fe80::1%eth0', 7, /zone id "%eth0" is not supported/],
    ['[::1]', 0, /brackets/],
    ['1::2::3', 4, /a second '::'/],
    ['1:2:3:4:5:6:7', 13, /7 groups instead of 8/],
    ['1:2:3:4:5:6:7:8::', 15, /'::' with 8 other groups/],
    ['12345::', 0, /more than 4 hex digits/],
    ['::g', 2, /unexpected character "g"/],
    [':1:2:3:4:5:6:7', 0, /an empty group/],
    ['::1.2.3.256', 8, /256 is above 255/],
    ['1.2.3.4::', 1, /unexpected character "."/],
  ])('rejects %j at position %i', (text, position, problem) => {
    const error = errorOf(() => parseIPv6(text));
    expect(error.position).toBe(position);
    expect(error.message).toMatch(problem);
  });
});

describe('formatIPv6()', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group is not shortened
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs wins
    ['0:0:0:0:0:0:0:0', '::'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['::ffff:7f00:1', '::ffff:127.0.0.1'],
  ])('writes %s as %s (RFC 5952)', (input, canonical) => {
    expect(formatIPv6(parseIPv6(input))).toBe(canonical);
  });
});

describe('address round trips', () => {
  const ipv4Bytes = fc.uint8Array({ minLength: 4, maxLength: 4 });
  // Zero-heavy groups produce :: runs of every length and position.
  const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
  const ipv6Bytes = fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => {
    const bytes = new Uint8Array(16);
    groups.forEach((value, index) => bytes.set([value >> 8, value & 0xff], 2 * index));
    return bytes;
  });

  it('parseIPv4(formatIPv4(bytes)) gives the bytes back, and Node agrees the text is IPv4', () => {
    fc.assert(
      fc.property(ipv4Bytes, (bytes) => {
        const text = formatIPv4(bytes);
        expect(isIPv4(text)).toBe(true);
        expect(parseIPv4(text)).toEqual(bytes);
      }),
    );
  });

  it('parseIPv6(formatIPv6(bytes)) gives the bytes back, and Node agrees the text is IPv6', () => {
    fc.assert(
      fc.property(ipv6Bytes, (bytes) => {
        const text = formatIPv6(bytes);
        expect(isIPv6(text)).toBe(true);
        expect(parseIPv6(text)).toEqual(bytes);
      }),
    );
  });

  it('formats like the WHATWG URL serializer (also RFC 5952) for non-mapped addresses', () => {
    fc.assert(
      fc.property(ipv6Bytes.filter((bytes) => !isIPv4Mapped(bytes)), (bytes) => {
        const text = formatIPv6(bytes);
        expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
    );
  });

  it('accepts exactly what Node accepts among IPv6-looking strings without zone ids', () => {
    const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.');
    const ipv6ish = fc.string({ unit: alphabet, maxLength: 45 });
    // Valid texts with one character inserted, replaced or removed: near misses of every kind.
    const nearMiss = fc
      .tuple(ipv6Bytes.map(formatIPv6), fc.nat(), fc.nat({ max: 2 }), alphabet)
      .map(([text, at, edit, character]) => {
        const index = at % (text.length + 1);
        const keep = edit === 0 ? index : index + 1;
        return text.slice(0, index) + (edit === 2 ? '' : character) + text.slice(keep);
      });
    fc.assert(
      fc.property(fc.oneof(ipv6ish, nearMiss), (text) => {
        let parsed = true;
        try {
          parseIPv6(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidAddressError);
          parsed = false;
        }
        expect(parsed).toBe(isIPv6(text));
      }),
      { numRuns: 2000 },
    );
  });
});
