import { describe, expect, test } from 'vitest';
import { findMarkerRegions, studentSource, stubLine } from '../../../src/kit/lesson/solution-regions.js';

const context = { file: 'f.md', sourceLine: 10, cellId: 'echo-once' };
const answer = [
  'function f(): number {',
  '  // BEGIN SOLUTION',
  '  const x = 1;',
  '  return x;',
  '  // END SOLUTION',
  '}',
].join('\n');

describe('solution regions', () => {
  test('findMarkerRegions() finds each region with its indentation', () => {
    expect(findMarkerRegions(answer, 'answer', context)).toEqual([{ kind: 'solution', begin: 1, end: 4, indent: '  ' }]);
  });

  test('studentSource() replaces each solution region by one throwing line in the lesson language', () => {
    const regions = findMarkerRegions(answer, 'answer', context);
    expect(studentSource(answer, regions, 'en', 'echo-once')).toBe(
      "function f(): number {\n  throw new Error('Not implemented yet: write your answer here (exercise echo-once)');\n}");
    expect(studentSource(answer, regions, 'es', 'echo-once')).toContain(
      "  throw new Error('Aún no implementado: escribe aquí tu respuesta (ejercicio echo-once)');");
  });

  test('studentSource() announces each hidden case by its name and points, without its code', () => {
    const tests = [
      "await check('echo-once', { lang: 'en' }, [",
      "  test('echoes hola', 1, () => assert.equal(f('hola'), 'hola')),",
      '  // BEGIN HIDDEN TESTS',
      "  hiddenTest('a reply split across two reads', 1, async () => {",
      "    assert.equal(await f('x'.repeat(80_000)), 'secret');",
      '  }),',
      '  hiddenTest(',
      "    'the server\\'s FIN', 0.5, () => assert.ok(true)),",
      '  // END HIDDEN TESTS',
      ']);',
    ].join('\n');
    const regions = findMarkerRegions(tests, 'tests', context);
    expect(studentSource(tests, regions, 'es', 'echo-once')).toBe([
      "await check('echo-once', { lang: 'en' }, [",
      "  test('echoes hola', 1, () => assert.equal(f('hola'), 'hola')),",
      '  // Pruebas ocultas: se ejecutan cuando se califica tu cuaderno',
      "  hiddenTest('a reply split across two reads', 1),",
      "  hiddenTest('the server\\'s FIN', 0.5),",
      ']);',
    ].join('\n'));
  });

  test('findMarkerRegions() rejects a hidden case whose name is not a string literal, at its line', () => {
    const tests = "check('x', o, [\n// BEGIN HIDDEN TESTS\nhiddenTest(name, 1, () => 1),\n// END HIDDEN TESTS\n]);";
    expect(() => findMarkerRegions(tests, 'tests', context)).toThrow(expect.objectContaining({ code: 'ERR_LESSON_HIDDEN_CASE_NAME', line: 12 }));
  });

  test('studentSource() removes a hidden tests region of plain assertions entirely', () => {
    const tests = "check(1);\n// BEGIN HIDDEN TESTS\ncheck(2);\n// END HIDDEN TESTS\ncheck(3);";
    const regions = findMarkerRegions(tests, 'tests', context);
    expect(studentSource(tests, regions, 'en', 't')).toBe('check(1);\ncheck(3);');
  });

  test('stubLine() keeps the indentation', () => {
    expect(stubLine('    ', 'en', 'x')).toMatch(/^ {4}throw new Error\(/);
  });

  test.each([
    ['// END SOLUTION', 'answer', 'ERR_LESSON_UNBALANCED_MARKERS', 10],
    ['// BEGIN SOLUTION\n// BEGIN SOLUTION', 'answer', 'ERR_LESSON_UNBALANCED_MARKERS', 11],
    ['// BEGIN HIDDEN TESTS\nx;\n// END HIDDEN TESTS', 'answer', 'ERR_LESSON_MISPLACED_MARKER', 10],
    ['x; // BEGIN SOLUTION', 'answer', 'ERR_LESSON_MISPLACED_MARKER', 10],
    ['// BEGIN SOLUTION\n// END SOLUTION', 'code', 'ERR_LESSON_MISPLACED_MARKER', 10],
    ['// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS\n// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS', 'tests', 'ERR_LESSON_MISPLACED_MARKER', 12],
    ['return 1;', 'answer', 'ERR_LESSON_MISSING_SOLUTION', 9],
  ] as const)('rejects %j in a %s cell with %s', (source, kind, code, line) => {
    expect(() => findMarkerRegions(source, kind, context)).toThrow(expect.objectContaining({ code, line }));
  });
});
