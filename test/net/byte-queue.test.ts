import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../src/net/byte-queue.js';

function queueOf(...chunks: string[]): ByteQueue {
  const queue = new ByteQueue();
  for (const chunk of chunks) queue.push(Buffer.from(chunk));
  return queue;
}

describe('ByteQueue', () => {
  it('take() returns bytes spanning several chunks in order and keeps the rest', () => {
    const queue = queueOf('ab', 'cde', 'f');
    expect(queue.take(4).toString()).toBe('abcd');
    expect(queue.length).toBe(2);
    expect(queue.takeAll().toString()).toBe('ef');
    expect(queue.length).toBe(0);
  });

  it('take() refuses more bytes than are queued', () => {
    expect(() => queueOf('ab').take(3)).toThrow(RangeError);
  });

  it('indexOf() finds a pattern split across chunks and honours fromIndex', () => {
    const queue = queueOf('a\r', '\nb\r', '\n');
    const crlf = Buffer.from('\r\n');
    expect(queue.indexOf(crlf)).toBe(1);
    expect(queue.indexOf(crlf, 2)).toBe(4);
    expect(queue.indexOf(Buffer.from('x'))).toBe(-1);
  });

  it('indexOf() does not report a pattern cut off by the end of the queue', () => {
    expect(queueOf('abc\r').indexOf(Buffer.from('\r\n'))).toBe(-1);
  });

  it('behaves like one concatenated buffer for any chunks, takes and searches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 8 }),
        fc.array(fc.nat({ max: 30 }), { maxLength: 6 }),
        fc.uint8Array({ minLength: 1, maxLength: 3 }),
        (chunks, takes, pattern) => {
          const queue = new ByteQueue();
          chunks.forEach((chunk) => queue.push(chunk));
          let reference = Buffer.concat(chunks);
          expect(queue.indexOf(pattern)).toBe(reference.indexOf(Buffer.from(pattern)));
          for (const count of takes) {
            const n = Math.min(count, reference.length);
            expect(queue.take(n)).toEqual(reference.subarray(0, n));
            reference = reference.subarray(n);
            expect(queue.length).toBe(reference.length);
            expect(queue.indexOf(pattern, 1)).toBe(reference.indexOf(Buffer.from(pattern), Math.min(1, reference.length)));
          }
        },
      ),
    );
  });
  it('behaves like one concatenated buffer when pushes and takes interleave', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 12 }), fc.nat({ max: 16 })), { maxLength: 10 }),
        fc.uint8Array({ minLength: 1, maxLength: 3 }),
        (steps, pattern) => {
          const queue = new ByteQueue();
          let reference = Buffer.alloc(0);
          for (const [chunk, count] of steps) {
            queue.push(chunk);
            reference = Buffer.concat([reference, chunk]);
            const n = Math.min(count, reference.length);
            expect(queue.take(n)).toEqual(reference.subarray(0, n));
            reference = reference.subarray(n);
            expect(queue.length).toBe(reference.length);
            expect(queue.indexOf(pattern)).toBe(reference.indexOf(Buffer.from(pattern)));
          }
          expect(queue.takeAll()).toEqual(reference);
        },
      ),
    );
  });
});
