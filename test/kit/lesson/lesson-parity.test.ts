import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { codeTokens } from '../../../src/kit/lesson/code-tokens.js';
import { LessonParityError } from '../../../src/kit/lesson/lesson-error.js';
import { checkLessonParity } from '../../../src/kit/lesson/lesson-parity.js';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';

const enFile = 'test/fixtures/lessons/en/99-echo.md';
const esFile = 'test/fixtures/lessons/es/99-echo.md';
const en = readFileSync(enFile, 'utf8');
const es = readFileSync(esFile, 'utf8');

function parityError(esText: string): LessonParityError {
  try {
    checkLessonParity(parseLesson(esText, { file: esFile }), parseLesson(en, { file: enFile }));
  } catch (error) {
    if (error instanceof LessonParityError) return error;
    throw error;
  }
  throw new Error('expected a parity error');
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('checkLessonParity()', () => {
  test('accepts the two fixture languages, whose prose, comments and strings differ', () => {
    expect(() => checkLessonParity(parseLesson(es, { file: esFile }), parseLesson(en, { file: enFile }))).not.toThrow();
  });

  test('reports a code difference at its line in both files', () => {
    const error = parityError(es.replace('socket.pipe(socket)', 'socket.end()'));
    expect(error.code).toBe('ERR_LESSON_PARITY');
    expect([error.file, error.line]).toEqual([esFile, lineOf(es, 'socket.pipe(socket)')]);
    expect([error.otherFile, error.otherLine]).toEqual([enFile, lineOf(en, 'socket.pipe(socket)')]);
    expect(error.message).toMatch(/Code of cell 'server' differs between languages: 'end' here, 'pipe'/);
  });

  test('reports a different slide type with the cell line in both files', () => {
    const error = parityError(es.replace('<!-- fragment -->', '<!-- subslide -->'));
    expect(error.message).toMatch(/Cell 'cell-6' differs between languages in its slide type: subslide here, fragment/);
    expect([error.line, error.otherLine]).toEqual([lineOf(es, 'El puerto 0'), lineOf(en, 'Port 0 asks')]);
  });

  test('reports different exercise points and different ids', () => {
    expect(parityError(es.replace('points=1', 'points=2')).message).toMatch(/in its points: 2 here, 1/);
    expect(parityError(es.replace('id=imports', 'id=importaciones')).message).toMatch(/in its id: importaciones here, imports/);
  });

  test('reports a missing cell with the number of cells of each file', () => {
    const error = parityError(es.replace(/<!-- notebook-only -->[\s\S]*$/, ''));
    expect(error.file).toBe(enFile);
    expect(error.line).toBe(lineOf(en, '```ts id=cleanup'));
    expect(error.message).toMatch(/has 11 cells, .* has 10/);
  });
});

describe('codeTokens()', () => {
  test('drops comments and string contents but keeps template expressions out of the comparison', () => {
    const a = codeTokens("const x = f('hola', `n ${y}`); // saluda\n/* bloque */ x;");
    const b = codeTokens('const x = f("hello", `n ${z}`);\nx;');
    expect(a.map((token) => token.text)).toEqual(b.map((token) => token.text));
    expect(a.at(-1)).toEqual({ text: ';', line: 1 });
  });
});
