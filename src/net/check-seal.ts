import legacyAssert from 'node:assert';
import strictAssert from 'node:assert/strict';
import util from 'node:util';
import { callWith, defineSealedProperty, freezeObject, hmacHex, nullObject, ownNames } from './check-intrinsics.js';

/**
 * The grader's side of the checker, in the kernel. Under the grader every tests cell runs with its names
 * (`check`, `assert`, the lesson's imports and servers) bound to values taken before any student code ran,
 * so an answer cell that redefines `check`, disarms `node:assert` or swaps a library export changes
 * nothing the tests see. docs/authoring.md ("What the grader defends") lists what this does and does not
 * defend.
 *
 * How the grader reaches it: the checker defines one global property whose name, like every token here,
 * is derived from the grader's secret key, so student code cannot name it in advance. The property cannot
 * be written, deleted or shadowed by a later `let` (it is not configurable). The grader appends a `seal()`
 * call to the lesson's own cells and puts a `forStep()` line before each tests cell.
 */

/** The test helpers of one tests step: their reports carry the step's token. */
export interface StepHelpers {
  check: unknown;
  test: unknown;
  hiddenTest: unknown;
}

/** What the global property holds. */
export interface GraderSeal {
  /** Records values the lesson's own cells made; ignored unless `token` is the key's seal token. */
  seal(token: string, values: Record<string, unknown>): void;
  /** The recorded values, with the assertion modules sealed and `check`/`test`/`hiddenTest` for this step. */
  forStep(token: string): Record<string, unknown>;
}

/**
 * The name of the global property that holds the seal, derived from the grader's key.
 *
 * @example
 * sealGlobalName(key); // 'socketbookSeal_3f9a0c…'
 */
export function sealGlobalName(key: string): string {
  return `socketbookSeal_${hmacHex(key, 'global').slice(0, 24)}`;
}

/** The token that `seal()` calls must carry, derived from the grader's key. */
export function sealToken(key: string): string {
  return hmacHex(key, 'seal');
}

/**
 * Each original module beside its sealed copy. Looked up with plain loops over arrays made here: student
 * code may have replaced `Map.prototype.get` or array iterators by the time a later cell is sealed.
 */
const originals: unknown[] = [];
const copies: unknown[] = [];

/**
 * `node:assert/strict` as it was when the checker loaded, in a frozen copy: what the grader's tests assert
 * with. Node's assertions compare through its own "primordials", so they hold even when student code
 * replaced methods of built-in prototypes.
 */
export const sealedAssert = sealModule(strictAssert);
// The legacy module and `node:util` get copies too: a lesson may import either.
sealModule(legacyAssert);
originals[originals.length] = util;
copies[copies.length] = freezeObject({ ...util });

/**
 * Defines the grader's seal, once, when the checker loads under the grader (`key` defined).
 *
 * @example
 * installGraderSeal(key, (token) => ({ check: stepCheck(token), test, hiddenTest }));
 */
export function installGraderSeal(key: string, helpersFor: (token: string) => StepHelpers): void {
  const token = sealToken(key);
  const recorded: Record<string, unknown> = nullObject<Record<string, unknown>>();
  const seal: GraderSeal = freezeObject({
    seal(given: string, values: Record<string, unknown>): void {
      if (given !== token || typeof values !== 'object' || values === null) return;
      const names = ownNames(values);
      for (let i = 0; i < names.length; i += 1) {
        const name = names[i]!;
        recorded[name] = sealedCopyOf(values[name]);
      }
    },
    forStep(stepToken: string): Record<string, unknown> {
      const bindings: Record<string, unknown> = nullObject<Record<string, unknown>>();
      const names = ownNames(recorded);
      for (let i = 0; i < names.length; i += 1) {
        const name = names[i]!;
        if (name === 'check' || name === 'test' || name === 'hiddenTest') continue;
        defineSealedProperty(bindings, name, { value: recorded[name], enumerable: true });
      }
      const helpers = helpersFor(typeof stepToken === 'string' ? stepToken : '');
      defineSealedProperty(bindings, 'check', { value: helpers.check, enumerable: true });
      defineSealedProperty(bindings, 'test', { value: helpers.test, enumerable: true });
      defineSealedProperty(bindings, 'hiddenTest', { value: helpers.hiddenTest, enumerable: true });
      return freezeObject(bindings);
    },
  });
  defineSealedProperty(globalThis, sealGlobalName(key), { value: seal, writable: false, enumerable: false, configurable: false });
}

/** The sealed copy of an assertion module (or `node:util`), or the value itself. */
function sealedCopyOf(value: unknown): unknown {
  for (let i = 0; i < originals.length; i += 1) if (originals[i] === value) return copies[i];
  return value;
}

/** A frozen callable copy of an assertion module: its methods as they are now, its nested modules sealed too. */
function sealModule(module: unknown): unknown {
  const existing = sealedCopyOf(module);
  if (existing !== module) return existing;
  const original = module as (...args: unknown[]) => unknown;
  const copy = function sealedAssertion(...args: unknown[]): unknown {
    return callWith(original, undefined, args);
  };
  originals[originals.length] = module;
  copies[copies.length] = copy;
  for (const name of ownNames(module)) {
    if (name === 'length' || name === 'name' || name === 'prototype' || name === 'arguments' || name === 'caller') continue;
    const value = (module as Record<string, unknown>)[name];
    const sealed = value === legacyAssert || value === strictAssert ? sealModule(value) : value;
    defineSealedProperty(copy, name, { value: sealed, enumerable: true });
  }
  return freezeObject(copy);
}
