import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../../src/net/seeded-random.js';

function take(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe('createRandom()', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(take(createRandom(seed), 20)).toEqual(take(createRandom(seed), 20));
      }),
    );
  });

  it('gives different sequences for different seeds', () => {
    expect(take(createRandom(1), 5)).not.toEqual(take(createRandom(2), 5));
  });

  it('returns numbers in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        for (const value of take(createRandom(seed), 50)) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });

  it('spreads values roughly evenly', () => {
    const values = take(createRandom(7), 10_000);
    const belowHalf = values.filter((value) => value < 0.5).length;
    expect(belowHalf).toBeGreaterThan(4_700);
    expect(belowHalf).toBeLessThan(5_300);
  });
});
