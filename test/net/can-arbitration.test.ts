import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitrate,
  arbitrationField,
  CanArbitrationError,
  compareArbitration,
} from '../../src/net/can-arbitration.js';
import { type CanFrame, canFdFrame, canFrame } from '../../src/net/can-frame.js';

const standard = (id: number, remote = false) => canFrame(id, [], { remote });
const extended = (id: number, remote = false) => canFrame(id, [], { extended: true, remote });

describe('arbitrationField()', () => {
  it('lists a standard frame as ID10..ID0, RTR, IDE', () => {
    const field = arbitrationField(standard(0x7f0));
    expect(field.map((bit) => bit.name)).toEqual(['ID10', 'ID9', 'ID8', 'ID7', 'ID6', 'ID5', 'ID4', 'ID3', 'ID2', 'ID1', 'ID0', 'RTR', 'IDE']);
    expect(field.map((bit) => bit.level).join('')).toBe('1111111000000');
  });

  it('lists an extended frame as ID28..ID18, SRR=1, IDE=1, ID17..ID0, RTR', () => {
    const field = arbitrationField(extended((0x400 << 18) | 1, true));
    expect(field).toHaveLength(32);
    expect(field.slice(10, 13)).toEqual([{ name: 'ID18', level: 0 }, { name: 'SRR', level: 1 }, { name: 'IDE', level: 1 }]);
    expect(field[0]).toEqual({ name: 'ID28', level: 1 });
    expect(field.slice(-2)).toEqual([{ name: 'ID0', level: 1 }, { name: 'RTR', level: 1 }]);
  });

  it('sends a dominant RRS bit where a CAN FD frame has no RTR', () => {
    expect(arbitrationField(canFdFrame(0x10, [])).at(-2)).toEqual({ name: 'RRS', level: 0 });
  });

  it('refuses an error frame', () => {
    const errorFrame: CanFrame = { id: 4, extended: false, remote: false, error: true, data: new Uint8Array(8) };
    expect(() => arbitrationField(errorFrame)).toThrow(CanArbitrationError);
  });
});

describe('compareArbitration()', () => {
  it('lets the lower id win', () => {
    expect(compareArbitration(standard(0x100), standard(0x200))).toBeLessThan(0);
    expect(compareArbitration(extended(0x1000000), extended(0x0ffffff))).toBeGreaterThan(0);
  });

  it('lets a standard frame beat an extended frame with the same base id (at SRR)', () => {
    const base = 0x123;
    expect(compareArbitration(standard(base), extended((base << 18) | 0))).toBeLessThan(0);
    expect(arbitrate([extended(base << 18), standard(base)]).losers).toEqual([{ index: 0, position: 11, bit: 'SRR' }]);
  });

  it('lets a standard remote frame beat an extended frame with the same base id (at IDE)', () => {
    expect(arbitrate([extended(0x123 << 18), standard(0x123, true)]).losers).toEqual([{ index: 0, position: 12, bit: 'IDE' }]);
  });

  it('lets a data frame beat a remote frame with the same id (at RTR)', () => {
    expect(arbitrate([standard(0x55, true), standard(0x55)]).losers).toEqual([{ index: 0, position: 11, bit: 'RTR' }]);
    expect(arbitrate([extended(0x55, true), extended(0x55)]).losers).toEqual([{ index: 0, position: 31, bit: 'RTR' }]);
  });

  it('returns 0 for identical arbitration fields', () => {
    expect(compareArbitration(canFrame(0x42, [1]), canFrame(0x42, [2]))).toBe(0);
  });

  it('orders frames of one format by id, data before remote', () => {
    const frames = fc.record({ id: fc.integer({ min: 0, max: 0x1fffffff }), remote: fc.boolean() });
    fc.assert(fc.property(frames, frames, (a, b) => {
      const expected = a.id !== b.id ? Math.sign(a.id - b.id) : Math.sign(Number(a.remote) - Number(b.remote));
      expect(Math.sign(compareArbitration(extended(a.id, a.remote), extended(b.id, b.remote)))).toBe(expected);
    }));
  });
});

describe('arbitrate()', () => {
  it('names the bit where each loser dropped out', () => {
    const result = arbitrate([standard(0x65), standard(0x64), standard(0x465)]);
    expect(result.winner).toBe(1);
    expect(result.losers).toEqual([
      { index: 2, position: 0, bit: 'ID10' },
      { index: 0, position: 10, bit: 'ID0' },
    ]);
    expect(result.tied).toEqual([]);
  });

  it('reports frames whose arbitration field equals the winner as tied', () => {
    expect(arbitrate([canFrame(7, [1]), canFrame(7, [2]), canFrame(8, [])])).toMatchObject({ winner: 0, tied: [1] });
  });

  it('picks the same winner as sorting with compareArbitration', () => {
    const frame = fc.record({ id: fc.integer({ min: 0, max: 0x7ff }), extendedPart: fc.integer({ min: 0, max: 3 }), kind: fc.integer({ min: 0, max: 3 }) })
      .map(({ id, extendedPart, kind }) => (kind < 2 ? standard(id, kind === 1) : extended((id << 18) | extendedPart, kind === 3)));
    fc.assert(fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), (frames) => {
      const { winner, losers, tied } = arbitrate(frames);
      const best = [...frames].sort(compareArbitration)[0];
      expect(compareArbitration(frames[winner] as CanFrame, best as CanFrame)).toBe(0);
      expect(losers.length + tied.length + 1).toBe(frames.length);
    }));
  });

  it('refuses an empty list', () => {
    expect(() => arbitrate([])).toThrow(/no frames/);
  });
});
