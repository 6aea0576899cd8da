import { createHmac } from 'node:crypto';
import { types } from 'node:util';

/**
 * The built-ins the checker relies on, taken when this module loads: in a notebook that is the lesson's
 * first cell, before any student code runs. Student code can later replace `Promise.race`,
 * `Promise.prototype.then`, `Array.prototype.map`, `JSON.stringify` or `console.log`, but not these
 * references, so a replaced built-in cannot turn a failing case into a passing one. Node's own core
 * keeps its "primordials" for the same reason.
 */
const { apply } = Reflect;
const { create, freeze, defineProperty, getOwnPropertyNames } = Object;
const { stringify } = JSON;
const { isArray } = Array;
const { isPromise } = types;
const { now } = Date;
const NativePromise = Promise;
const promiseThen = Promise.prototype.then;
const makeHmac = createHmac;
const hmacPrototype = Object.getPrototypeOf(makeHmac('sha256', 'x')) as { update: unknown; digest: unknown };
const hmacUpdate = hmacPrototype.update as (this: unknown, data: string) => unknown;
const hmacDigest = hmacPrototype.digest as (this: unknown, encoding: 'hex') => string;
const startTimer = setTimeout;
const stopTimer = clearTimeout;
const log = console.log;
const NativeRangeError = RangeError;
const collectGarbage = (globalThis as { gc?: unknown }).gc;
const stringIncludes = String.prototype.includes;

/**
 * A promise whose `then`, `constructor` and species are its own and frozen: `await` on it and `then`
 * through it call the original `Promise.prototype.then` whatever student code did to `Promise`.
 */
class SealedPromise<T> extends NativePromise<T> {}
defineProperty(SealedPromise.prototype, 'then', { value: promiseThen });
defineProperty(SealedPromise, Symbol.species, { value: SealedPromise });
freeze(SealedPromise.prototype);
freeze(SealedPromise);

/**
 * Calls `fn` with `this` and the arguments, through the `Reflect.apply` taken at load. Rest parameters
 * and `Reflect.apply` read arguments by index; a spread (`f(...args)`) would go through the array
 * iterator, which student code can replace.
 */
export function call<R>(fn: (...args: never[]) => R, self: unknown, ...args: unknown[]): R {
  return apply(fn as (...args: unknown[]) => R, self, args);
}

/** Calls `fn` with `this` and an array of arguments, through the `Reflect.apply` taken at load. */
export function callWith<R>(fn: (...args: never[]) => R, self: unknown, args: readonly unknown[]): R {
  return apply(fn as (...args: unknown[]) => R, self, args);
}

/** An object with no prototype: reading its properties never reaches `Object.prototype`. */
export function nullObject<T extends object>(): T {
  return create(null) as T;
}

/** A new promise, settled by `executor`, that student code cannot intercept. */
export function sealedPromise<T>(executor: (resolve: (value: T) => void, reject: (reason: unknown) => void) => void): Promise<T> {
  return new SealedPromise<T>(executor);
}

/**
 * Waits for `value` and calls exactly one of the callbacks. A promise made by the realm's own `Promise`
 * (an async test function's) is followed with the original `then`, never a `then` looked up on it, so a
 * replaced `Promise.prototype.then` cannot turn its rejection into a fulfilment. Any other thenable is
 * student code's own value, which decides its own outcome, as it should: that is the answer under test.
 */
export function settle(value: unknown, onValue: (value: unknown) => void, onError: (error: unknown) => void): void {
  if (isPromise(value)) {
    try {
      call(promiseThen, value, onValue, onError);
    } catch (error) {
      onError(error);
    }
    return;
  }
  const promise = sealedPromise<unknown>((resolve) => resolve(value));
  call(promiseThen, promise, onValue, onError);
}

/**
 * Adds `item` at the end of `array` by defining the property: `push` or `array[i] = item` would run a
 * setter that student code defined on `Array.prototype` for that index.
 */
export function append<T>(array: T[], item: T): void {
  defineProperty(array, array.length, { value: item, writable: true, enumerable: true, configurable: true });
}

/**
 * JSON text of plain data (objects, arrays, strings, numbers, booleans, null), read through own
 * properties only. `JSON.stringify` of an object would call a `toJSON` that student code put on
 * `Object.prototype`, and so could rewrite a result on its way to the grader.
 */
export function toJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return stringify(value) ?? 'null';
  }
  if (isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) text += `${index === 0 ? '' : ','}${toJson(value[index])}`;
    return `${text}]`;
  }
  if (typeof value !== 'object') return 'null';
  let text = '{';
  let first = true;
  const names = getOwnPropertyNames(value);
  for (let index = 0; index < names.length; index += 1) {
    const name = names[index]!;
    const entry = (value as Record<string, unknown>)[name];
    if (entry === undefined || typeof entry === 'function') continue;
    text += `${first ? '' : ','}${stringify(name)}:${toJson(entry)}`;
    first = false;
  }
  return `${text}}`;
}

/** `Object.freeze`, as it was at load. */
export function freezeObject<T>(value: T): Readonly<T> {
  return freeze(value);
}

/** `Object.defineProperty`, as it was at load. */
export const defineSealedProperty = defineProperty;

/** `Object.getOwnPropertyNames`, as it was at load. */
export const ownNames = getOwnPropertyNames;

/** Milliseconds since the epoch, as `Date.now` gave them at load. */
export function nowMs(): number {
  return call(now, Date);
}

/**
 * After a case failed for want of memory (a `RangeError: Array buffer allocation failed`), collects the
 * garbage it left behind, where the kernel exposes `gc` (the grader starts its kernels with
 * `--expose-gc`; elsewhere this does nothing). The buffers such a case dropped are freed only at V8's
 * next full collection. Until then, under the grader's data limit, the kernel's own next allocation
 * (tslab compiling the next cell) can fail, and V8 ends the process: the exercises after this one would
 * lose their points to a kernel crash.
 */
export function freeMemoryAfter(error: unknown): void {
  if (typeof collectGarbage !== 'function' || !(error instanceof NativeRangeError)) return;
  try {
    const { message } = error;
    if (typeof message !== 'string' || !call(stringIncludes, message, 'allocation failed')) return;
    call(collectGarbage as () => void, globalThis);
  } catch {
    // A message that throws when read is student code's; there is nothing to free then.
  }
}

/** `setTimeout` / `clearTimeout` as they were at load. */
export function startTimeout(callback: () => void, ms: number): unknown {
  return call(startTimer as (callback: () => void, ms: number) => unknown, globalThis, callback, ms);
}
export function stopTimeout(timer: unknown): void {
  call(stopTimer as (timer: unknown) => void, globalThis, timer);
}

/** Lines joined with `\n`, without array methods a student could have replaced. */
export function joinLines(lines: readonly string[]): string {
  let text = '';
  for (let index = 0; index < lines.length; index += 1) text += (index === 0 ? '' : '\n') + lines[index]!;
  return text;
}

/** `console.log` as it was at load. Printing never decides a grade; this only keeps the self-check readable. */
export function printLine(line: string): void {
  call(log, console, line);
}

/** HMAC-SHA-256 of `text` under `key`, in hex, with the hash methods taken at load. */
export function hmacHex(key: string, text: string): string {
  const hmac = makeHmac('sha256', key);
  call(hmacUpdate, hmac, text);
  return call(hmacDigest, hmac, 'hex');
}
