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

  test('studentSource() removes the hidden tests region entirely', () => {
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
