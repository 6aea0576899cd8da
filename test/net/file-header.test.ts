import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SocketbookError } from '../../src/net/errors.js';
import {
  encodeFileHeader,
  FileHeaderDecoder,
  FileProtocolError,
  FileTooLargeError,
  FIXED_HEADER_BYTES,
} from '../../src/net/file-header.js';
import { UnsafeFileNameError } from '../../src/net/file-name.js';

const safeName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .filter((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..' && Buffer.byteLength(name) <= 255);
const size = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

/** Split `bytes` at the given cut points (any order, any duplicates). */
function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  return parts;
}

/** A header with any name bytes, bypassing the encoder's own checks. */
function rawHeader(nameBytes: Buffer, fileSize = 10n, nameLength = nameBytes.length): Buffer {
  const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
  fixed.write('SBFT', 0, 'latin1');
  fixed.writeUInt8(1, 4);
  fixed.writeUInt16BE(nameLength, 5);
  fixed.writeBigUInt64BE(fileSize, 7);
  return Buffer.concat([fixed, nameBytes]);
}

describe('encodeFileHeader() and FileHeaderDecoder', () => {
  it('round-trip any safe name and size', () => {
    fc.assert(
      fc.property(safeName, size, (name, fileSize) => {
        const decoded = new FileHeaderDecoder({ maxBytes: Number.MAX_SAFE_INTEGER }).push(
          encodeFileHeader({ name, size: fileSize }),
        );
        expect(decoded?.header).toEqual({ name, size: fileSize });
        expect(decoded?.rest.length).toBe(0);
      }),
    );
  });

  it('decode the same header and rest from any split of the bytes', () => {
    fc.assert(
      fc.property(safeName, fc.uint8Array({ maxLength: 40 }), fc.array(fc.nat()), (name, rest, cuts) => {
        const bytes = Buffer.concat([encodeFileHeader({ name, size: 123 }), rest]);
        const decoder = new FileHeaderDecoder();
        const parts = splitAt(bytes, cuts);
        let decoded;
        let index = 0;
        while (decoded === undefined) decoded = decoder.push(parts[index++]!);
        const after = Buffer.concat([decoded.rest, ...parts.slice(index)]);
        expect(decoded.header).toEqual({ name, size: 123 });
        expect(after.equals(Buffer.from(rest))).toBe(true);
      }),
    );
  });

  it('throw only library errors on random bytes, with or without a valid start', () => {
    const validStart = Buffer.from('SBFT\x01', 'latin1');
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 300 }), (withStart, bytes) => {
        try {
          new FileHeaderDecoder({ maxBytes: 1000 }).push(withStart ? Buffer.concat([validStart, bytes]) : bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(SocketbookError);
        }
      }),
    );
  });

  it('refuse a name length over 255 as soon as the fixed part arrives, before buffering the name', () => {
    const fixedPart = rawHeader(Buffer.alloc(0), 10n, 60_000);
    expect(() => new FileHeaderDecoder().push(fixedPart)).toThrow(UnsafeFileNameError);
  });

  it('refuse a size above maxBytes before any file byte arrives', () => {
    const header = encodeFileHeader({ name: 'big.iso', size: 4 * 1024 ** 3 });
    expect(() => new FileHeaderDecoder().push(header.subarray(0, FIXED_HEADER_BYTES))).toThrow(FileTooLargeError);
    expect(() => new FileHeaderDecoder({ maxBytes: 10 }).push(encodeFileHeader({ name: 'a', size: 11 }))).toThrow(
      FileTooLargeError,
    );
  });

  it('refuse a stream that does not start with the magic', () => {
    expect(() => new FileHeaderDecoder().push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'))).toThrow(FileProtocolError);
  });

  it('refuse an unknown version', () => {
    const header = encodeFileHeader({ name: 'a', size: 1 });
    header.writeUInt8(9, 4);
    expect(() => new FileHeaderDecoder().push(header)).toThrow(/version 9 is not supported/);
  });

  it.each([
    ['../x', Buffer.from('../x')],
    ['an empty name', Buffer.alloc(0)],
    ['a NUL byte', Buffer.from('a\0b')],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe])],
  ])('refuse %s', (_, nameBytes) => {
    expect(() => new FileHeaderDecoder().push(rawHeader(nameBytes))).toThrow(UnsafeFileNameError);
  });

  it('refuse to encode an unsafe name or a negative size', () => {
    expect(() => encodeFileHeader({ name: '/etc/passwd', size: 1 })).toThrow(UnsafeFileNameError);
    expect(() => encodeFileHeader({ name: 'a', size: -1 })).toThrow(RangeError);
  });
});
