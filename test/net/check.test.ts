import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test as it } from 'vitest';
import { CHECK_NONCE_FILE_ENV, describeFailure, takeGraderNonce } from '../../src/net/check-report.js';
import { CheckFailedError, check, hiddenTest, test } from '../../src/net/check.js';

describe('check()', () => {
  it('resolves with nothing (a cell shows no value) when every case passes, and prints a summary line per language', async () => {
    const lines: string[] = [];
    const value = await check('shout', { lang: 'en', write: (line) => lines.push(line) }, [
      test('shouts hi', 1, () => assert.equal('hi'.toUpperCase(), 'HI')),
      hiddenTest('keeps empty', 2, async () => assert.equal(''.toUpperCase(), '')),
    ]);
    expect(value).toBeUndefined();
    expect(lines).toEqual(['Exercise shout: 2 of 2 tests passed (3 of 3 points)', '  ✓ shouts hi (1 point)', '  ✓ hidden test: keeps empty (2 points)']);
  });

  it('runs every case, shows expected and got for a failed visible case, hides a failed hidden one, and throws', async () => {
    const lines: string[] = [];
    const run = check('eco', { lang: 'es', hint: 'cuenta bytes', write: (line) => lines.push(line) }, [
      test('devuelve hola', 1, () => assert.equal('hol', 'hola'), { hint: 'lee todos los bytes' }),
      test('lanza', 1, () => {
        throw new TypeError('socket is closed');
      }),
      hiddenTest('secreta', 1, () => assert.equal(1, 2)),
      test('pasa', 1, () => undefined),
    ]);
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error).toMatchObject({ code: 'ERR_CHECK_FAILED', message: 'Ejercicio eco: 3 de 4 pruebas fallaron', summary: { points: 1, maxPoints: 4 } });
    expect(lines.join('\n')).toBe([
      'Ejercicio eco: 1 de 4 pruebas superadas (1 de 4 puntos)',
      '  ✗ devuelve hola (1 punto)', "      esperado: 'hola'", "      obtenido: 'hol'", '      pista: lee todos los bytes',
      '  ✗ lanza (1 punto)', '      TypeError: socket is closed',
      '  ✗ prueba oculta: secreta (1 punto)',
      '  ✓ pasa (1 punto)',
      'Pista: cuenta bytes',
    ].join('\n'));
  });

  it('fails a case that never settles after timeoutMs, and still runs the next one', async () => {
    const lines: string[] = [];
    const error = await check('wait', { lang: 'en', timeoutMs: 50, write: (line) => lines.push(line) }, [
      test('waits forever', 1, () => new Promise(() => undefined)),
      test('then this runs', 1, () => undefined),
    ]).catch((caught: unknown) => caught as CheckFailedError);
    expect((error as CheckFailedError).summary.results.map((result) => [result.passed, result.message])).toEqual([
      [false, 'Did not finish within 50 ms (waiting for a reply that never comes?)'], [true, undefined],
    ]);
  });

  it('fails a failing case even when Promise.race, Array.prototype.entries and Array.prototype.map were replaced', async () => {
    const saved = { race: Promise.race, then: Promise.prototype.then, entries: Array.prototype.entries, map: Array.prototype.map };
    const lines: string[] = [];
    let run: Promise<void>;
    try {
      // What a hostile answer cell would do to a checker that looked these up when it ran.
      Promise.race = (() => Promise.resolve(undefined)) as typeof Promise.race;
      Array.prototype.entries = function (this: unknown[]) {
        return saved.entries.call(saved.map.call(this, () => ({ run: () => undefined })));
      } as typeof Array.prototype.entries;
      Array.prototype.map = function (this: unknown[]) {
        return [];
      } as typeof Array.prototype.map;
      run = check('shout', { lang: 'en', write: (line) => lines.push(line) }, [test('shouts hi', 1, async () => assert.equal('junk', 'HI'))]);
    } finally {
      Object.assign(Promise, { race: saved.race });
      Object.assign(Array.prototype, { entries: saved.entries, map: saved.map });
    }
    const error = await run.catch((caught: unknown) => caught as CheckFailedError);
    expect((error as CheckFailedError).summary.results.map((result) => result.passed)).toEqual([false]);
    expect(lines[0]).toBe('Exercise shout: 0 of 1 tests passed (0 of 1 point)');
  });

  it('marks a case that ran past its time as timed out, so the grader can tell it from a wrong answer', async () => {
    const error = await check('wait', { lang: 'en', timeoutMs: 20, write: () => undefined }, [
      test('waits forever', 1, () => new Promise(() => undefined)),
      test('is wrong', 1, () => assert.equal(1, 2)),
    ]).catch((caught: unknown) => caught as CheckFailedError);
    expect((error as CheckFailedError).summary.results.map((result) => result.timedOut)).toEqual([true, undefined]);
  });

  it('in a student notebook, counts visible points apart and announces hidden cases without running them', async () => {
    const lines: string[] = [];
    await check('echo-once', { lang: 'en', write: (line) => lines.push(line) }, [
      test('echoes hola', 1, () => undefined),
      hiddenTest('a reply split across two reads', 1),
      hiddenTest('an empty text', 2),
    ]);
    expect(lines).toEqual([
      'Exercise echo-once: 1 of 1 visible tests passed (1 of 1 visible point)',
      '3 more points are checked by 2 hidden tests when your notebook is graded',
      '  ✓ echoes hola (1 point)',
      '  · hidden test, run when graded: a reply split across two reads (1 point)',
      '  · hidden test, run when graded: an empty text (2 points)',
    ]);
    const spanish: string[] = [];
    const failed = await check('concept-crash', { lang: 'es', write: (line) => spanish.push(line) }, [
      test("es 'a', 'b' o 'c'", 0, () => assert.ok(false)),
      hiddenTest('es la opción correcta', 1),
    ]).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CheckFailedError);
    expect(spanish.slice(0, 2)).toEqual([
      'Ejercicio concept-crash: 0 de 1 pruebas visibles superadas (0 de 0 puntos visibles)',
      '1 punto más se comprueba con 1 prueba oculta cuando se califica tu cuaderno',
    ]);
  });

  it('test() needs the function that checks; only hiddenTest() may leave it out', () => {
    expect(() => (test as (name: string, points: number) => unknown)('x', 1)).toThrow(/give it the function that checks/);
    expect(hiddenTest('x', 1)).toEqual({ name: 'x', points: 1, hidden: true });
  });

  it('test() rejects negative or non-numeric points', () => {
    expect(() => test('x', -1, () => undefined)).toThrow(/points must be a number of 0 or more, got -1/);
  });
});

describe('describeFailure()', () => {
  it('gives message, expected and actual for an assertion, and name plus message for other errors', () => {
    const assertion = (() => {
      try {
        assert.deepEqual([1, 2], [1, 3]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(describeFailure(assertion)).toMatchObject({ expected: '[ 1, 3 ]', actual: '[ 1, 2 ]' });
    expect(describeFailure(new RangeError('too big'))).toEqual({ message: 'RangeError: too big' });
    expect(describeFailure('a string')).toEqual({ message: "'a string' was thrown" });
  });
});

describe('takeGraderNonce()', () => {
  it('reads the nonce file named by the environment, then deletes the file and the variable', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'check-nonce-'));
    try {
      const file = join(folder, 'nonce');
      await writeFile(file, 'abc123\n');
      process.env[CHECK_NONCE_FILE_ENV] = file;
      expect(takeGraderNonce()).toBe('abc123');
      expect(process.env[CHECK_NONCE_FILE_ENV]).toBeUndefined();
      await expect(access(file)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(takeGraderNonce()).toBeUndefined();
    } finally {
      delete process.env[CHECK_NONCE_FILE_ENV];
      await rm(folder, { recursive: true, force: true });
    }
  });
});
