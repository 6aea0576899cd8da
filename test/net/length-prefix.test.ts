import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FrameTooLargeError,
  LENGTH_PREFIX_BYTES,
  LengthPrefixDecoder,
  encodeLengthPrefixed,
  writeLengthPrefixed,
} from '../../src/net/length-prefix.js';
import { ByteWriter } from '../../src/net/byte-writer.js';

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

/** Up to 6 payloads of up to 40 bytes, and up to 10 places to cut their frames. */
const payloadsArbitrary = fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 });
const cutsArbitrary = fc.array(fc.nat(), { maxLength: 10 });

/** The byte stream that carries `payloads`, each in its frame. */
function framed(payloads: Uint8Array[]): Buffer {
  return Buffer.concat(payloads.map((payload) => encodeLengthPrefixed(payload)));
}

describe('encodeLengthPrefixed()', () => {
  it('puts a 4-byte big-endian length before the payload', () => {
    expect(encodeLengthPrefixed(Buffer.from('hi')).toString('hex')).toBe('000000026869');
    expect(encodeLengthPrefixed('ñ').toString('hex')).toBe('00000002c3b1');
    expect(encodeLengthPrefixed(new Uint8Array(0)).toString('hex')).toBe('00000000');
  });
});

describe('writeLengthPrefixed()', () => {
  it('appends the same bytes encodeLengthPrefixed() returns and says how many', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string())), (payloads) => {
        const writer = new ByteWriter();
        const sizes = payloads.map((payload) => writeLengthPrefixed(writer, payload));
        const frames = payloads.map((payload) => encodeLengthPrefixed(payload));
        expect(sizes).toEqual(frames.map((frame) => frame.length));
        expect(writer.takeAll()).toEqual(Buffer.concat(frames));
      }),
    );
  });
});

describe('LengthPrefixDecoder', () => {
  it('decodes several frames from one chunk, including an empty one', () => {
    const decoder = new LengthPrefixDecoder();
    const bytes = Buffer.from('00000001' + '41' + '00000000' + '00000002' + '4243', 'hex');
    expect(decoder.push(bytes).map(String)).toEqual(['A', '', 'BC']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('returns whole frames as views into the chunk, and copies nothing until a frame is cut', () => {
    const decoder = new LengthPrefixDecoder();
    const chunk = Buffer.from('00000001' + '41' + '00000002' + '42', 'hex');
    const [first] = decoder.push(chunk);
    expect(String(first)).toBe('A');
    expect(first!.buffer).toBe(chunk.buffer);
    expect(decoder.bufferedBytes).toBe(1);
    expect(decoder.push(Buffer.from('43' + '00000001' + '44', 'hex')).map(String)).toEqual(['BC', 'D']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('waits for the rest of a frame split across chunks', () => {
    const decoder = new LengthPrefixDecoder();
    expect(decoder.push(Buffer.from('000000', 'hex'))).toEqual([]);
    expect(decoder.push(Buffer.from('0341', 'hex'))).toEqual([]);
    expect(decoder.push(Buffer.from('4243', 'hex')).map(String)).toEqual(['ABC']);
  });

  it('decodes 1,000 frames arriving in one chunk, in order', () => {
    const payloads = Array.from({ length: 1000 }, (_, index) => Buffer.from(`message ${index}`));
    const decoder = new LengthPrefixDecoder();
    const decoded = decoder.push(Buffer.concat(payloads.map((payload) => encodeLengthPrefixed(payload))));
    expect(decoded.map(String)).toEqual(payloads.map(String));
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('decodes a frame arriving one byte per chunk', () => {
    const decoder = new LengthPrefixDecoder();
    const decoded = [...encodeLengthPrefixed('uno, dos, tres')].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(decoded.map(String)).toEqual(['uno, dos, tres']);
  });

  it('decodes a header cut after 1, 2 or 3 of its 4 bytes', () => {
    const stream = Buffer.concat([encodeLengthPrefixed('first'), encodeLengthPrefixed('second')]);
    const secondHeader = encodeLengthPrefixed('first').length;
    for (let cut = secondHeader + 1; cut < secondHeader + LENGTH_PREFIX_BYTES; cut += 1) {
      const decoder = new LengthPrefixDecoder();
      expect(decoder.push(stream.subarray(0, cut)).map(String)).toEqual(['first']);
      expect(decoder.push(stream.subarray(cut)).map(String)).toEqual(['second']);
    }
  });

  it('rejects a header above maxMessageBytes as soon as the 4 header bytes arrive', () => {
    const decoder = new LengthPrefixDecoder({ maxMessageBytes: 8 });
    const push = (): Buffer[] => decoder.push(Buffer.from('0000000c', 'hex'));
    expect(push).toThrow(FrameTooLargeError);
    expect(push).toThrow(/^Cannot decode frame: length 12 exceeds limit 8/);
  });

  it('reports ERR_FRAME_TOO_LARGE for a 4 GiB claim without waiting for the body', () => {
    const decoder = new LengthPrefixDecoder();
    try {
      decoder.push(Buffer.from('ffffffff', 'hex'));
      expect.unreachable('the header claims 4 GiB');
    } catch (error) {
      expect(error).toBeInstanceOf(FrameTooLargeError);
      expect((error as FrameTooLargeError).code).toBe('ERR_FRAME_TOO_LARGE');
      expect((error as FrameTooLargeError).length).toBe(0xffff_ffff);
    }
  });

  it('decodes the same payloads however the byte stream is split', () => {
    fc.assert(
      fc.property(payloadsArbitrary, cutsArbitrary, (payloads, cuts) => {
        const stream = framed(payloads);
        const decoder = new LengthPrefixDecoder();
        const decoded = splitAt(stream, cuts).flatMap((piece) => decoder.push(piece));
        expect(decoded).toEqual(payloads.map((payload) => Buffer.from(payload)));
        expect(decoder.bufferedBytes).toBe(0);
      }),
    );
  });

  it('pushEach() hands out the same payloads as push(), in order, without an array', () => {
    fc.assert(
      fc.property(payloadsArbitrary, cutsArbitrary, (payloads, cuts) => {
        const stream = framed(payloads);
        const decoder = new LengthPrefixDecoder();
        const decoded: Buffer[] = [];
        for (const piece of splitAt(stream, cuts)) decoder.pushEach(piece, (payload) => decoded.push(payload));
        expect(decoded).toEqual(payloads.map((payload) => Buffer.from(payload)));
        expect(decoder.bufferedBytes).toBe(0);
      }),
    );
  });

  it('pushEach() keeps the frames after a payload whose callback threw, read in place or queued', () => {
    const stream = Buffer.concat(['uno', 'dos', 'tres'].map((text) => encodeLengthPrefixed(text)));
    // Whole frames in one chunk are read in place; a chunk that ends inside a header sends the next one
    // through the queue.
    for (const chunks of [[stream], [stream.subarray(0, 2), stream.subarray(2)]]) {
      const decoder = new LengthPrefixDecoder();
      const seen: string[] = [];
      const failOnUno = (payload: Buffer): void => {
        seen.push(payload.toString());
        if (payload.toString() === 'uno') throw new Error('handler bug');
      };
      for (const chunk of chunks.slice(0, -1)) decoder.pushEach(chunk, failOnUno);
      expect(() => decoder.pushEach(chunks.at(-1)!, failOnUno)).toThrow('handler bug');
      expect(seen).toEqual(['uno']);
      expect(decoder.push(Buffer.alloc(0)).map(String)).toEqual(['dos', 'tres']);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('never throws anything but FrameTooLargeError on random bytes, nor buffers past the limit', () => {
    const limit = 64;
    // Small byte values make plausible headers (00 00 00 2a) common, not only huge claims.
    const chunk = fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ max: 2, maxLength: 100 }));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 10 }), (chunks) => {
        const decoder = new LengthPrefixDecoder({ maxMessageBytes: limit });
        try {
          for (const piece of chunks) {
            for (const message of decoder.push(piece)) expect(message.length).toBeLessThanOrEqual(limit);
            // What stays is a partial header (< 4 bytes) or a partial body (< the announced length).
            expect(decoder.bufferedBytes).toBeLessThan(limit);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(FrameTooLargeError);
        }
      }),
    );
  });
});
