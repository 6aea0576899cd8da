import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SequenceGapError,
  SequenceTracker,
  TruncatedDatagramError,
  decodeSequenced,
  encodeSequenced,
} from '../../src/net/sequence.js';

describe('encodeSequenced() / decodeSequenced()', () => {
  it('puts the number as a big-endian u32 before the payload', () => {
    expect(encodeSequenced(258, 'hi').toString('hex')).toBe('000001026869');
  });

  it('round-trips any number and payload', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.uint8Array({ maxLength: 64 }), (seq, payload) => {
        const decoded = decodeSequenced(encodeSequenced(seq, payload));
        expect(decoded.seq).toBe(seq);
        expect(decoded.payload).toEqual(Buffer.from(payload));
      }),
    );
  });

  it('refuses a datagram shorter than the header with ERR_TRUNCATED_DATAGRAM', () => {
    expect(() => decodeSequenced(Uint8Array.of(1, 2))).toThrow(TruncatedDatagramError);
    expect(() => decodeSequenced(Uint8Array.of(1, 2))).toThrow(/2 bytes is shorter than the 4-byte header/);
  });

  it('refuses numbers that do not fit a u32', () => {
    expect(() => encodeSequenced(-1, '')).toThrow(RangeError);
    expect(() => encodeSequenced(2 ** 32, '')).toThrow(RangeError);
    expect(() => encodeSequenced(1.5, '')).toThrow(RangeError);
  });
});

describe('SequenceTracker', () => {
  it('says what each number means and reports lost, duplicate and out-of-order numbers', () => {
    const tracker = new SequenceTracker();
    expect([0, 1, 4, 2, 2, 6].map((seq) => tracker.record(seq))).toEqual([
      'in-order',
      'in-order',
      'gap',
      'out-of-order',
      'duplicate',
      'gap',
    ]);
    expect(tracker.report()).toEqual({
      received: 6,
      highest: 6,
      lost: [3, 5],
      duplicates: [2],
      outOfOrder: [2],
    });
  });

  it('starts from the number given as first', () => {
    const tracker = new SequenceTracker({ first: 100 });
    expect(tracker.record(102)).toBe('gap');
    expect(tracker.report().lost).toEqual([100, 101]);
  });

  it('reports nothing before the first datagram', () => {
    expect(new SequenceTracker().report()).toEqual({
      received: 0,
      highest: undefined,
      lost: [],
      duplicates: [],
      outOfOrder: [],
    });
  });

  it('refuses a jump above maxGap with ERR_SEQUENCE_GAP instead of remembering millions of numbers', () => {
    const tracker = new SequenceTracker({ maxGap: 10 });
    expect(() => tracker.record(11)).toThrow(SequenceGapError);
    expect(tracker.record(10)).toBe('gap');
  });

  it('agrees with a set-based model for any arrival order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { maxLength: 40 }), (arrivals) => {
        const tracker = new SequenceTracker();
        arrivals.forEach((seq) => tracker.record(seq));
        const report = tracker.report();
        const seen = new Set(arrivals);
        const highest = arrivals.length === 0 ? -1 : Math.max(...arrivals);
        const expectedLost = Array.from({ length: highest + 1 }, (_, seq) => seq).filter((seq) => !seen.has(seq));
        expect(report.lost).toEqual(expectedLost);
        expect(report.received).toBe(arrivals.length);
        expect(report.duplicates.length).toBe(arrivals.length - seen.size);
      }),
    );
  });
});
