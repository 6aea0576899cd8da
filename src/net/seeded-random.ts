/**
 * A tiny seeded pseudo-random generator (mulberry32). `Math.random()` gives a different sequence every
 * run; a seeded generator gives the same sequence for the same seed, so a simulated lossy network loses
 * the same packets every time a notebook runs. Not for cryptography.
 */

/** A function returning numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * Create a generator whose sequence depends only on `seed` (any 32-bit integer).
 *
 * @example Same seed, same numbers
 * ```ts
 * const a = createRandom(42);
 * const b = createRandom(42);
 * a() === b(); // true
 * ```
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    // mulberry32: add a constant, then mix the bits with multiplications and shifts.
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
