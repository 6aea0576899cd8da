import { afterEach, describe, expect, test, vi } from 'vitest';
import { append, settle, toJson } from '../../src/net/check-intrinsics.js';

/** Undo list: every test here replaces a built-in the way a hostile answer cell would, then puts it back. */
const restore: Array<() => void> = [];
afterEach(() => {
  while (restore.length > 0) restore.pop()!();
});

function replace<T extends object, K extends keyof T>(owner: T, key: K, value: unknown): void {
  const before = Object.getOwnPropertyDescriptor(owner, key);
  Object.defineProperty(owner, key, { value, configurable: true, writable: true });
  restore.push(() => (before === undefined ? delete owner[key] : Object.defineProperty(owner, key, before)));
}

function outcome(value: unknown): Promise<string> {
  return new Promise((resolve) => settle(value, () => resolve('fulfilled'), () => resolve('rejected')));
}

describe('settle()', () => {
  test('sees a rejection even when Promise.prototype.then turns rejections into fulfilments', async () => {
    const then = Promise.prototype.then;
    const failing = Promise.reject(new Error('wrong answer'));
    failing.catch(() => undefined);
    replace(Promise.prototype, 'then', function (this: Promise<unknown>, ok?: (value: unknown) => unknown) {
      return then.call(this, ok, () => ok?.(undefined));
    });
    const seen = outcome(failing);
    restore.pop()!();
    expect(await seen).toBe('rejected');
  });

  test('follows a plain value, a fulfilled promise and a thenable', async () => {
    expect(await outcome(42)).toBe('fulfilled');
    expect(await outcome(Promise.resolve(1))).toBe('fulfilled');
    expect(await outcome({ then: (_ok: unknown, fail: (error: unknown) => void) => fail(new Error('no')) })).toBe('rejected');
  });
});

describe('toJson()', () => {
  test('ignores a toJSON that student code put on Object.prototype', () => {
    replace(Object.prototype as Record<string, unknown>, 'toJSON', function (this: object) {
      return { ...this, passed: true };
    });
    const text = toJson({ kind: 'case', result: { passed: false, name: 'a' }, list: [1, 'two', null] });
    restore.pop()!();
    expect(JSON.parse(text)).toEqual({ kind: 'case', result: { passed: false, name: 'a' }, list: [1, 'two', null] });
  });

  test('writes what JSON.stringify writes for plain data', () => {
    const value = { a: 'ñandú "quoted"', b: [true, false, 0.5], c: { d: null }, skipped: undefined };
    expect(toJson(value)).toBe(JSON.stringify(value));
  });
});

describe('append()', () => {
  test('stores the item even when Array.prototype has a setter for that index', () => {
    const list: string[] = [];
    let intercepted = 0;
    let first: string | undefined;
    // No vitest call while the accessor is there: every array without an element 0 would see it.
    Object.defineProperty(Array.prototype, '0', { configurable: true, set: () => (intercepted += 1), get: () => 'fake' });
    try {
      append(list, 'real');
      first = Object.getOwnPropertyDescriptor(list, '0')?.value as string | undefined;
    } finally {
      delete (Array.prototype as unknown as Record<string, unknown>)['0'];
    }
    expect(first).toBe('real');
    expect(intercepted).toBe(0);
  });
});

describe('freeMemoryAfter()', () => {
  /** The module as a kernel started with `--expose-gc` loads it: `gc` is there before the checker is. */
  async function loadWithGc(gc: () => void): Promise<typeof import('../../src/net/check-intrinsics.js')> {
    replace(globalThis, 'gc' as keyof typeof globalThis, gc);
    vi.resetModules();
    return import('../../src/net/check-intrinsics.js');
  }

  test('collects garbage after a case that ran out of memory for its buffers', async () => {
    const gc = vi.fn();
    const { freeMemoryAfter } = await loadWithGc(gc);
    freeMemoryAfter(new RangeError('Array buffer allocation failed'));
    expect(gc).toHaveBeenCalledTimes(1);
  });

  test('does nothing after any other failure, nor when gc is not exposed', async () => {
    const gc = vi.fn();
    const { freeMemoryAfter } = await loadWithGc(gc);
    freeMemoryAfter(new RangeError('Invalid array length'));
    freeMemoryAfter(new Error('Array buffer allocation failed'));
    freeMemoryAfter('allocation failed');
    expect(gc).not.toHaveBeenCalled();
    restore.pop()!();
    vi.resetModules();
    const withoutGc = await import('../../src/net/check-intrinsics.js');
    expect(() => withoutGc.freeMemoryAfter(new RangeError('Array buffer allocation failed'))).not.toThrow();
  });

  test('uses the gc it found at load, not one that student code put there later', async () => {
    const gc = vi.fn();
    const { freeMemoryAfter } = await loadWithGc(gc);
    const later = vi.fn();
    replace(globalThis, 'gc' as keyof typeof globalThis, later);
    freeMemoryAfter(new RangeError('Array buffer allocation failed'));
    expect([gc.mock.calls.length, later.mock.calls.length]).toEqual([1, 0]);
  });
});
