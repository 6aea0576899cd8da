import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderLesson } from '../../../src/kit/lesson/lesson.js';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';

const file = 'test/fixtures/lessons/en/99-echo.md';
const text = readFileSync(file, 'utf8');

const header = '---\ntitle: T\nlesson: 1\nlang: en\nminutes: 5\nobjectives: [o]\n---\n';

describe('parseLesson() on the example of docs/authoring.md', () => {
  const lesson = parseLesson(text, { file });

  test('reads the front matter, slug and language', () => {
    expect(lesson.frontMatter).toEqual({
      title: 'Echo in one cell', lesson: 99, lang: 'en', minutes: 5,
      objectives: ['Send bytes to a server and read them back'],
    });
    expect([lesson.slug, lesson.lang]).toEqual(['echo', 'en']);
  });

  test('gives every cell its kind, id, slide type, visibility and line', () => {
    expect(lesson.cells.map((cell) => [cell.kind, cell.id, cell.slideType, cell.only ?? 'both', cell.line])).toEqual([
      ['markdown', 'cell-1', 'slide', 'both', 10],
      ['markdown', 'cell-2', 'notes', 'both', 15],
      ['code', 'imports', '-', 'both', 18],
      ['markdown', 'server-slide', 'slide', 'both', 24],
      ['code', 'server', '-', 'both', 26],
      ['markdown', 'cell-6', 'fragment', 'both', 34],
      ['markdown', 'cell-7', '-', 'slides', 37],
      ['markdown', 'cell-8', 'slide', 'both', 41],
      ['answer', 'shout', '-', 'both', 43],
      ['tests', 'shout-tests', '-', 'both', 51],
      ['code', 'cleanup', 'skip', 'notebook', 59],
    ]);
  });

  test('keeps cell sources without fences and exercise attributes', () => {
    expect(lesson.cells[0]!.source).toBe('# Echo in one cell\n\nA TCP server that sends back what it receives.');
    expect(lesson.cells[2]!.source).toBe("import assert from 'node:assert/strict';\nimport * as net from 'node:net';");
    expect(lesson.cells[9]).toMatchObject({ forId: 'shout', points: 1, sourceLine: 52 });
    expect(lesson.cells[8]!.regions).toEqual([{ kind: 'solution', begin: 1, end: 3, indent: '  ' }]);
  });

  test('renderLesson() gives back the exact file', () => {
    expect(renderLesson(lesson)).toBe(text);
  });
});

describe('parseLesson() cell rules', () => {
  const cells = (body: string) => parseLesson(header + body, { file: 'lesson.md' }).cells;

  test('blank lines do not split prose; a directive does', () => {
    expect(cells('\nA\n\nB\n<!-- cell -->\nC\n').map((cell) => cell.source)).toEqual(['A\n\nB', 'C']);
  });

  test('fences in other languages stay in the prose', () => {
    expect(cells('\nRun:\n\n```sh\nnpm start\n```\n\nDone.\n').map((cell) => cell.kind)).toEqual(['markdown']);
  });

  test('a directive can start the first cell, overriding the default slide', () => {
    expect(cells('\n<!-- cell -->\nA\n')[0]!.slideType).toBe('-');
  });

  test('an HTML comment inside a paragraph is not a directive', () => {
    expect(cells('\nText <!-- aside --> more.\n')).toHaveLength(1);
  });

  test('a file without a final newline and with CRLF-free text comes back as it was', () => {
    const source = `${header}\nA\n\n\`\`\`ts\nx;\n\`\`\``;
    expect(renderLesson(parseLesson(source, { file: 'lesson.md' }))).toBe(source);
  });

  test('lesson and lang must match the file name and folder', () => {
    expect(() => parseLesson(header + '\nA\n', { file: 'notebooks/en/02-x.md' })).toThrow(/says lesson 1 but the file name says 02/);
    expect(() => parseLesson(header + '\nA\n', { file: 'notebooks/es/01-x.md' })).toThrow(/lang 'en' but the file is in the 'es' folder/);
  });

  test('two directives for one cell are an error', () => {
    expect(() => cells('\n<!-- slide -->\n<!-- fragment -->\nA\n')).toThrow(expect.objectContaining({ code: 'ERR_LESSON_MISPLACED_DIRECTIVE', line: 10 }));
  });
});
