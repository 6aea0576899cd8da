import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/net/byte-writer.js';
import { InvalidLineError, LineDecoder, LineTooLongError, encodeLine, writeLine } from '../../src/net/line-codec.js';

/** Cuts `bytes` at the given positions (taken modulo its length), as TCP might. */
function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const position of [...positions, bytes.length]) {
    pieces.push(bytes.subarray(start, position));
    start = position;
  }
  return pieces;
}

function decodeAll(decoder: LineDecoder, pieces: Buffer[]): string[] {
  return pieces.flatMap((piece) => decoder.push(piece));
}

describe('writeLine()', () => {
  it('appends the same bytes encodeLine() returns and says how many', () => {
    const writer = new ByteWriter();
    expect(writeLine(writer, 'año')).toBe(5);
    expect(writeLine(writer, 'ok', '\r\n')).toBe(4);
    expect(writer.takeAll()).toEqual(Buffer.concat([encodeLine('año'), encodeLine('ok', '\r\n')]));
  });

  it('refuses text that contains the delimiter and writes nothing', () => {
    const writer = new ByteWriter();
    expect(() => writeLine(writer, 'two\nlines')).toThrow(InvalidLineError);
    expect(writer.length).toBe(0);
  });
});

describe('encodeLine()', () => {
  it('encodes UTF-8 text followed by the delimiter', () => {
    expect(encodeLine('año').toString('hex')).toBe('61c3b16f0a');
    expect(encodeLine('ok', '\r\n').toString()).toBe('ok\r\n');
  });

  it('refuses text that contains the delimiter, naming its index', () => {
    expect(() => encodeLine('two\nlines')).toThrow(InvalidLineError);
    expect(() => encodeLine('two\nlines')).toThrow(/at index 3/);
  });
});

describe('LineDecoder', () => {
  it('returns complete lines and keeps the unfinished one', () => {
    const decoder = new LineDecoder();
    expect(decoder.push(Buffer.from('hola\nmun'))).toEqual(['hola']);
    expect(decoder.bufferedBytes).toBe(3);
    expect(decoder.push(Buffer.from('do\n\n'))).toEqual(['mundo', '']);
  });

  it("strips a '\\r' before '\\n', so CRLF lines work", () => {
    expect(new LineDecoder().push(Buffer.from('GET / HTTP/1.0\r\n\r\n'))).toEqual(['GET / HTTP/1.0', '']);
  });

  it('decodes multi-byte characters cut at every possible byte', () => {
    const bytes = Buffer.from('añ€😀\n', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new LineDecoder();
      expect(decodeAll(decoder, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['añ€😀']);
    }
  });

  it('uses a multi-byte delimiter split across chunks', () => {
    const decoder = new LineDecoder({ delimiter: '\r\n' });
    expect(decoder.push(Buffer.from('a\nb\r'))).toEqual([]);
    expect(decoder.push(Buffer.from('\nc\r\n'))).toEqual(['a\nb', 'c']);
  });

  it('accepts a line of exactly maxLineBytes', () => {
    const decoder = new LineDecoder({ maxLineBytes: 4 });
    expect(decoder.push(Buffer.from('abcd\n'))).toEqual(['abcd']);
  });

  it('throws LineTooLongError once more than maxLineBytes arrive without a delimiter', () => {
    const decoder = new LineDecoder({ maxLineBytes: 4 });
    expect(decoder.push(Buffer.from('abcd'))).toEqual([]);
    expect(() => decoder.push(Buffer.from('e'))).toThrow(LineTooLongError);
  });

  it('reports ERR_LINE_TOO_LONG for a complete line above the limit', () => {
    const decoder = new LineDecoder({ maxLineBytes: 4 });
    try {
      decoder.push(Buffer.from('abcdef\n'));
      expect.unreachable('the line has 6 bytes');
    } catch (error) {
      expect((error as LineTooLongError).code).toBe('ERR_LINE_TOO_LONG');
      expect((error as Error).message).toMatch(/^Cannot decode line: line of at least 6 bytes exceeds limit 4/);
    }
  });

  it('refuses an empty delimiter', () => {
    expect(() => new LineDecoder({ delimiter: '' })).toThrow(InvalidLineError);
  });

  it('decodes the same lines however the byte stream is split', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((text) => !text.includes('\n') && !text.endsWith('\r'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const stream = Buffer.concat(lines.map((text) => encodeLine(text)));
        const decoder = new LineDecoder();
        expect(decodeAll(decoder, splitAt(stream, cuts))).toEqual(lines);
        expect(decoder.bufferedBytes).toBe(0);
      }),
    );
  });

  it('decodes the same lines with a two-byte delimiter however the stream is split', () => {
    const line = fc.string({ maxLength: 10 }).filter((text) => !text.includes('\r\n') && !text.endsWith('\r'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const stream = Buffer.concat(lines.map((text) => encodeLine(text, '\r\n')));
        const decoder = new LineDecoder({ delimiter: '\r\n' });
        expect(decodeAll(decoder, splitAt(stream, cuts))).toEqual(lines);
      }),
    );
  });

  it('pushEach() hands out the same lines as push(), in order, and keeps those after a line whose callback threw', () => {
    const line = fc.string({ maxLength: 20 }).filter((text) => !text.includes('\n') && !text.endsWith('\r'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const decoder = new LineDecoder();
        const decoded: string[] = [];
        for (const piece of splitAt(Buffer.concat(lines.map((text) => encodeLine(text))), cuts)) decoder.pushEach(piece, (text) => decoded.push(text));
        expect(decoded).toEqual(lines);
      }),
    );
    const decoder = new LineDecoder();
    expect(() => decoder.pushEach(Buffer.from('uno\ndos\ntres\n'), (text) => {
      if (text === 'uno') throw new Error('handler bug');
    })).toThrow('handler bug');
    expect(decoder.push(Buffer.alloc(0))).toEqual(['dos', 'tres']);
  });

  it('never throws anything but LineTooLongError on random bytes, nor buffers past the limit', () => {
    const limit = 16;
    const chunk = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ min: 9, max: 13, maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
        const decoder = new LineDecoder({ maxLineBytes: limit });
        try {
          for (const piece of chunks) {
            // Each byte decodes to at most one UTF-16 unit, so this bounds the line's byte count too.
            for (const text of decoder.push(piece)) expect(text.length).toBeLessThanOrEqual(limit);
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(limit);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(LineTooLongError);
        }
      }),
    );
  });
});
