import { describe, expect, it } from 'vitest';
import { InvalidAddressError } from '../../src/net/address.js';
import { renderAddressBits } from '../../src/net/address-bits.js';

/** The texts of the SVG, in order, with the five XML entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map(([, content = '']) =>
    content.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
}

/** The widths of the shaded (network) rectangles, in order. */
function shadedWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect [^>]*width="([\d.]+)"[^>]*fill="#cfe0ff"\/>/g)].map(([, width = '0']) => Number(width));
}

describe('renderAddressBits()', () => {
  it('draws an IPv4 address as 4 decimal bytes over its 32 bits', () => {
    const all = texts(renderAddressBits('192.168.1.10'));
    expect(all[0]).toBe('192.168.1.10');
    expect(all.slice(1, 5)).toEqual(['192', '168', '1', '10']);
    expect(all.slice(5, 37).join('')).toBe('11000000' + '10101000' + '00000001' + '00001010');
    expect(all[37]).toBe('address: 32 bits');
  });

  it('shades exactly prefixLength bits of an IPv4 address and labels both parts', () => {
    const svg = renderAddressBits('192.168.1.10', { prefixLength: 20 });
    expect(shadedWidths(svg)).toHaveLength(20);
    expect(texts(svg)).toContain('network: 20 bits');
    expect(texts(svg)).toContain('host: 12 bits');
    expect(texts(svg)[0]).toBe('192.168.1.10/20');
  });

  it('draws an IPv6 address as 8 short-form groups over its 32 hexadecimal digits', () => {
    const all = texts(renderAddressBits('2001:DB8::1'));
    expect(all.slice(1, 9)).toEqual(['2001', 'db8', '0', '0', '0', '0', '0', '1']);
    expect(all.slice(9, 41).join('')).toBe('20010db8000000000000000000000001');
    expect(all[41]).toBe('address: 128 bits');
  });

  it('shades part of a hexadecimal digit when an IPv6 prefix is not a multiple of 4', () => {
    const svg = renderAddressBits('fe80::1', { prefixLength: 10 });
    const widths = shadedWidths(svg);
    expect(widths).toHaveLength(3);
    expect(widths[2]).toBeCloseTo((widths[0] ?? 0) / 2, 0);
    expect(texts(svg)).toContain('host: 118 bits');
  });

  it('writes no host bracket for a /32 and no network bracket for a /0', () => {
    expect(texts(renderAddressBits('127.0.0.1', { prefixLength: 32 })).some((t) => t.startsWith('host'))).toBe(false);
    expect(texts(renderAddressBits('127.0.0.1', { prefixLength: 0 })).some((t) => t.startsWith('network'))).toBe(false);
  });

  it('speaks Spanish with lang: es, and uses a given title', () => {
    const all = texts(renderAddressBits('10.0.0.1', { prefixLength: 8, lang: 'es', title: 'Una red privada <10/8>' }));
    expect(all[0]).toBe('Una red privada <10/8>');
    expect(all).toContain('red: 8 bits');
    expect(all).toContain('host: 24 bits');
  });

  it('gives the same bytes for the same input', () => {
    expect(renderAddressBits('::ffff:127.0.0.1', { prefixLength: 96 })).toBe(renderAddressBits('::ffff:127.0.0.1', { prefixLength: 96 }));
  });

  it('rejects a prefix length outside the family, and a text that is not an address', () => {
    expect(() => renderAddressBits('10.0.0.1', { prefixLength: 33 })).toThrow(
      'Cannot draw address 10.0.0.1: prefix length 33 is not a whole number from 0 to 32',
    );
    expect(() => renderAddressBits('::1', { prefixLength: 1.5 })).toThrow(RangeError);
    expect(() => renderAddressBits('10.0.0.300')).toThrow(InvalidAddressError);
  });
});
