import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/net/byte-writer.js';

describe('ByteWriter', () => {
  it('appends bytes, 32-bit big-endian numbers and UTF-8 text in the order written', () => {
    const writer = new ByteWriter();
    writer.write(Buffer.from('ab'));
    writer.writeUInt32BE(0x0102_0304);
    writer.writeString('ñ');
    expect(writer.length).toBe(8);
    expect(writer.takeAll().toString('hex')).toBe('6162' + '01020304' + 'c3b1');
  });

  it('takeAll() returns what was written and starts over empty', () => {
    const writer = new ByteWriter();
    writer.writeString('first');
    expect(writer.takeAll().toString()).toBe('first');
    expect(writer.length).toBe(0);
    expect(writer.takeAll()).toEqual(Buffer.alloc(0));
    writer.writeString('second');
    expect(writer.takeAll().toString()).toBe('second');
  });

  it('copies what it is given, so the caller may change its buffer right after', () => {
    const writer = new ByteWriter();
    const reused = Buffer.from('one');
    writer.write(reused);
    reused.write('two');
    writer.write(reused);
    expect(writer.takeAll().toString()).toBe('onetwo');
  });

  it('never changes a batch already taken', () => {
    const writer = new ByteWriter();
    writer.writeString('kept');
    const taken = writer.takeAll();
    writer.writeString('next batch, long enough to need a buffer of its own'.repeat(20));
    expect(taken.toString()).toBe('kept');
  });

  it('grows past its first buffer without losing or reordering bytes', () => {
    const writer = new ByteWriter();
    for (let index = 0; index < 10_000; index += 1) writer.writeUInt32BE(index);
    const bytes = writer.takeAll();
    expect(bytes.length).toBe(40_000);
    expect(bytes.readUInt32BE(0)).toBe(0);
    expect(bytes.readUInt32BE(4 * 9_999)).toBe(9_999);
  });

  it('holds one big piece in a buffer of about its size, and the next small batch in a small one', () => {
    const writer = new ByteWriter();
    writer.writeUInt32BE(1024 * 1024);
    writer.write(Buffer.alloc(1024 * 1024));
    const big = writer.takeAll();
    expect(big.length).toBe(1024 * 1024 + 4);
    expect(big.buffer.byteLength).toBeLessThan(1.1 * 1024 * 1024);
    writer.writeString('ok');
    expect(writer.takeAll().buffer.byteLength).toBeLessThanOrEqual(64 * 1024);
  });

  it('gives a batch of one reserved frame a buffer of its exact size once batches are that small', () => {
    const writer = new ByteWriter();
    const frame = (): Buffer => {
      writer.reserve(6);
      writer.writeUInt32BE(2);
      writer.writeString('hi');
      return writer.takeAll();
    };
    frame();
    const second = frame();
    expect(second).toEqual(Buffer.from('000000026869', 'hex'));
    // A batch taken is the caller's: changing it changes no later batch.
    second.fill(0);
    expect(frame()).toEqual(Buffer.from('000000026869', 'hex'));
    writer.reserve(6);
    writer.write(Buffer.alloc(100));
    expect(writer.takeAll().length).toBe(100);
  });

  it('writes the same bytes as one concatenation, for any pieces and batches (reserve() writes none)', () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ bytes })),
      fc.nat().map((number) => ({ number })),
      fc.string({ maxLength: 80 }).map((text) => ({ text })),
      fc.nat({ max: 700 }).map((room) => ({ room })),
    );
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 12 }), { maxLength: 5 }), (batches) => {
        const writer = new ByteWriter();
        for (const batch of batches) {
          const expected = Buffer.concat(
            batch.map((each) => {
              if ('bytes' in each) return Buffer.from(each.bytes);
              if ('text' in each) return Buffer.from(each.text, 'utf8');
              if ('room' in each) return Buffer.alloc(0);
              const number = Buffer.alloc(4);
              number.writeUInt32BE(each.number);
              return number;
            }),
          );
          for (const each of batch) {
            if ('bytes' in each) writer.write(each.bytes);
            else if ('text' in each) writer.writeString(each.text);
            else if ('room' in each) writer.reserve(each.room);
            else writer.writeUInt32BE(each.number);
          }
          expect(writer.length).toBe(expected.length);
          expect(writer.takeAll()).toEqual(expected);
        }
      }),
    );
  });
});
