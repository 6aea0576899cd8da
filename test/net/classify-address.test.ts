import { describe, expect, it } from 'vitest';
import { InvalidAddressError } from '../../src/net/address.js';
import { classifyAddress, unmapIPv4 } from '../../src/net/classify-address.js';

describe('classifyAddress()', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'global'],
    ['192.168.1.10', 'private'],
    ['169.254.10.1', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['239.255.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['8.8.8.8', 'global'],
  ])('classifies IPv4 %s as %s', (text, kind) => {
    expect(classifyAddress(text)).toEqual({ family: 4, kind });
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::2', 'private'],
    ['fc00::1', 'private'],
    ['fe80::fc:ff:fe00:1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'global'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff:fff::1', 'documentation'],
    ['2606:4700::1111', 'global'],
  ])('classifies IPv6 %s as %s', (text, kind) => {
    expect(classifyAddress(text)).toEqual({ family: 6, kind });
  });

  it('reports the IPv4 address inside an IPv4-mapped IPv6 address', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toEqual({ family: 6, kind: 'mapped', mappedIPv4: '127.0.0.1' });
    expect(classifyAddress('::ffff:c000:201')).toEqual({ family: 6, kind: 'mapped', mappedIPv4: '192.0.2.1' });
  });

  it('throws InvalidAddressError for text that is not an address', () => {
    expect(() => classifyAddress('localhost')).toThrow(InvalidAddressError);
    expect(() => classifyAddress('fe80::1%lo')).toThrow(InvalidAddressError);
  });
});

describe('unmapIPv4()', () => {
  it('turns IPv4-mapped addresses into plain IPv4', () => {
    expect(unmapIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(unmapIPv4('::FFFF:7f00:1')).toBe('127.0.0.1');
  });

  it('returns every other address unchanged', () => {
    expect(unmapIPv4('::1')).toBe('::1');
    expect(unmapIPv4('127.0.0.1')).toBe('127.0.0.1');
    expect(unmapIPv4('2001:db8::1')).toBe('2001:db8::1');
  });
});
