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

  it('takeUInt32BE() reads a big-endian length and moves past it', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('0000012c' + '41', 'hex'));
    expect(queue.takeUInt32BE()).toBe(300);
    expect(queue.takeAll().toString()).toBe('A');
  });

  it('takeUInt32BE() reads a length cut across chunks at any byte', () => {
    const bytes = Buffer.from('ffeeddcc' + '42', 'hex');
    for (let cut = 1; cut < 4; cut += 1) {
      const queue = new ByteQueue();
      queue.push(bytes.subarray(0, cut));
      queue.push(bytes.subarray(cut));
      expect(queue.takeUInt32BE()).toBe(0xffee_ddcc);
      expect(queue.takeAll().toString()).toBe('B');
    }
  });

  it('takeUInt32BE() refuses fewer than 4 queued bytes and keeps them', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('000001', 'hex'));
    expect(() => queue.takeUInt32BE()).toThrow(RangeError);
    expect(queue.length).toBe(3);
  });

  it('skip() drops bytes across chunks and refuses more than are queued', () => {
    const queue = queueOf('ab', 'cde', 'f');
    queue.skip(3);
    expect(queue.length).toBe(3);
    expect(() => queue.skip(4)).toThrow(RangeError);
    expect(queue.takeAll().toString()).toBe('def');
  });

  it('behaves like one concatenated buffer for any mix of take, skip and takeUInt32BE', () => {
    const step = fc.oneof(
      fc.record({ take: fc.nat({ max: 12 }) }),
      fc.record({ skip: fc.nat({ max: 12 }) }),
      fc.constant({ takeUInt32BE: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 9 }), step), { maxLength: 12 }), (steps) => {
        const queue = new ByteQueue();
        let reference = Buffer.alloc(0);
        for (const [chunk, action] of steps) {
          queue.push(chunk);
          reference = Buffer.concat([reference, chunk]);
          if ('takeUInt32BE' in action) {
            if (reference.length < 4) continue;
            expect(queue.takeUInt32BE()).toBe(reference.readUInt32BE(0));
            reference = reference.subarray(4);
          } else if ('take' in action) {
            const n = Math.min(action.take, reference.length);
            expect(queue.take(n)).toEqual(reference.subarray(0, n));
            reference = reference.subarray(n);
          } else {
            const n = Math.min(action.skip, reference.length);
            queue.skip(n);
            reference = reference.subarray(n);
          }
          expect(queue.length).toBe(reference.length);
        }
        expect(queue.takeAll()).toEqual(reference);
      }),
    );
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
