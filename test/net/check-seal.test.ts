import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { installGraderSeal, sealedAssert, sealGlobalName, sealToken } from '../../src/net/check-seal.js';

const requireHere = createRequire(import.meta.url);

describe('sealGlobalName() and sealToken()', () => {
  test('are derived from the key: another key gives other names, and neither shows the key', () => {
    expect(sealGlobalName('key-1')).toMatch(/^socketbookSeal_[0-9a-f]{24}$/);
    expect(sealGlobalName('key-1')).toBe(sealGlobalName('key-1'));
    expect(sealGlobalName('key-2')).not.toBe(sealGlobalName('key-1'));
    expect(sealToken('key-1')).not.toContain('key-1');
    expect(sealToken('key-1')).not.toBe(sealToken('key-2'));
  });
});

describe('sealedAssert', () => {
  test('still asserts after every method of node:assert/strict was replaced by a no-op', () => {
    const strict = requireHere('node:assert/strict') as Record<string, unknown>;
    const saved = { ...strict };
    try {
      for (const name of Object.keys(strict)) if (typeof strict[name] === 'function') strict[name] = () => undefined;
      expect(() => (sealedAssert as typeof import('node:assert/strict')).equal('junk', 'HI')).toThrow(/Expected values to be strictly equal/);
      expect(() => (sealedAssert as typeof import('node:assert/strict')).deepEqual([1], [2])).toThrow();
      expect(() => (sealedAssert as (value: unknown) => void)(false)).toThrow();
    } finally {
      Object.assign(strict, saved);
    }
  });

  test('is frozen', () => {
    expect(Object.isFrozen(sealedAssert)).toBe(true);
  });
});

describe('installGraderSeal()', () => {
  const key = 'a-key-only-the-grader-knows';
  const helpers = (token: string) => ({ check: `check for ${token}`, test: 'test', hiddenTest: 'hiddenTest' });
  installGraderSeal(key, helpers);
  const seal = (globalThis as unknown as Record<string, { seal(token: string, values: object): void; forStep(token: string): Record<string, unknown> }>)[sealGlobalName(key)]!;

  test('defines a global that cannot be replaced, deleted or shadowed by a later let', () => {
    const name = sealGlobalName(key);
    expect(Object.getOwnPropertyDescriptor(globalThis, name)).toMatchObject({ writable: false, configurable: false, enumerable: false });
    expect(() => Object.defineProperty(globalThis, name, { value: {} })).toThrow(TypeError);
    expect(Reflect.deleteProperty(globalThis, name)).toBe(false);
    expect(() => runInThisContext(`let ${name} = {};`)).toThrow(SyntaxError);
    expect((globalThis as unknown as Record<string, unknown>)[name]).toBe(seal);
  });

  test('records values only with the seal token, and hands them out frozen with the step\'s helpers', () => {
    const echo = { port: 9800 };
    seal.seal(sealToken(key), { echo, assert: requireHere('node:assert/strict') });
    seal.seal('a guess', { echo: { port: 1 } });
    const step = seal.forStep('step-1');
    expect(step.echo).toBe(echo);
    expect(step.assert).toBe(sealedAssert);
    expect(step.check).toBe('check for step-1');
    expect(Object.isFrozen(step)).toBe(true);
  });
});
