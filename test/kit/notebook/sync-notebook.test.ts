import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook, type NotebookVariant } from '../../../src/kit/notebook/build-notebook.js';
import { joinSource, type Cell, type Notebook } from '../../../src/kit/notebook/nbformat.js';
import { splitSourceLines } from '../../../src/kit/notebook/serialize-notebook.js';
import { syncNotebook } from '../../../src/kit/notebook/sync-notebook.js';

const lessonFile = 'test/fixtures/lessons/en/99-echo.md';
const original = readFileSync(lessonFile, 'utf8');
const notebookOf = (variant: NotebookVariant = 'solutions'): Notebook =>
  buildNotebook(parseLesson(original, { file: lessonFile }), { variant });
const cell = (notebook: Notebook, id: string): Cell => notebook.cells.find((entry) => entry.id === id)!;
const sync = (notebook: Notebook, allowStudent = false) =>
  syncNotebook(notebook, { file: 'echo.ipynb', lessonFile, allowStudent }).markdown;

/** Replaces exactly one occurrence, so each expected text says precisely what changed. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe('syncNotebook() writes Jupyter edits back to the lesson', () => {
  test('a changed code source changes only those lines', () => {
    const notebook = notebookOf();
    const server = cell(notebook, 'server');
    server.source = splitSourceLines(joinSource(server.source).replace('socket.pipe(socket)', 'socket.end()'));
    expect(sync(notebook)).toBe(edit(original, 'socket.pipe(socket)', 'socket.end()'));
  });

  test('changed points rewrite the fence of the tests cell', () => {
    const notebook = notebookOf();
    cell(notebook, 'shout-tests').metadata.nbgrader!.points = 3;
    expect(sync(notebook)).toBe(edit(original, 'for=shout points=1', 'for=shout points=3'));
  });

  test('a changed slide type rewrites the directive', () => {
    const notebook = notebookOf();
    cell(notebook, 'cell-6').metadata.slideshow = { slide_type: 'subslide' };
    expect(sync(notebook)).toBe(edit(original, '<!-- fragment -->', '<!-- subslide -->'));
  });

  test("a cell made 'skip' goes into a notebook-only block, closed before the next cell", () => {
    const notebook = notebookOf();
    cell(notebook, 'imports').metadata.slideshow = { slide_type: 'skip' };
    const expected = edit(edit(original,
      "<!-- /notes -->\n\n```ts id=imports\n", "<!-- /notes -->\n\n<!-- notebook-only -->\n```ts id=imports\n"),
      "import * as net from 'node:net';\n```\n\n<!-- slide id=server-slide -->", "import * as net from 'node:net';\n```\n<!-- /notebook-only -->\n\n<!-- slide id=server-slide -->");
    expect(sync(notebook)).toBe(expected);
  });

  test("an exercise renamed with nbgrader's grade_id renames its tests' for=", () => {
    const notebook = notebookOf();
    cell(notebook, 'shout').metadata.nbgrader!.grade_id = 'yell';
    expect(sync(notebook)).toBe(edit(edit(original, 'answer id=shout\n', 'answer id=yell\n'), 'for=shout', 'for=yell'));
  });

  test('a cell added in Jupyter is written with a directive and no generated id', () => {
    const notebook = notebookOf();
    const index = notebook.cells.findIndex((entry) => entry.id === 'server');
    notebook.cells.splice(index, 0, { cell_type: 'markdown', id: '3f2a1c9e-1b2c', metadata: {}, source: ['A new remark.'] });
    expect(sync(notebook)).toBe(edit(original, '## The server\n', '## The server\n\n<!-- cell -->\nA new remark.\n'));
  });

  test('any one slide type change comes back as that slide type, every other cell unchanged', () => {
    const ids = notebookOf().cells.map((entry) => entry.id);
    for (const id of ids) {
      for (const slideType of ['slide', 'subslide', 'fragment', 'skip', 'notes', '-'] as const) {
        // The notes in cell 2 need a slide before them: cell 1 must stay on the slides.
        if (id === 'cell-1' && (slideType === 'notes' || slideType === 'skip')) continue;
        const notebook = notebookOf();
        cell(notebook, id).metadata.slideshow = { slide_type: slideType };
        const rebuilt = buildNotebook(parseLesson(sync(notebook), { file: lessonFile }), { variant: 'solutions' });
        const summary = (book: Notebook) => book.cells.map((entry) => [entry.id, entry.metadata.slideshow?.slide_type, joinSource(entry.source)]);
        expect(summary(rebuilt), `${id} -> ${slideType}`).toEqual(summary(notebook));
      }
    }
  });

  test('outputs and execution counts are never written', () => {
    const notebook = notebookOf();
    const server = cell(notebook, 'server');
    if (server.cell_type !== 'code') throw new Error('expected a code cell');
    server.outputs = [{ output_type: 'stream', name: 'stdout', text: ['listening on port 4242\n'] }];
    server.execution_count = 7;
    expect(sync(notebook)).toBe(original);
  });

  test('refuses a student notebook unless allowed, then keeps the stubs as solutions', () => {
    expect(() => sync(notebookOf('student'))).toThrow(expect.objectContaining({
      code: 'ERR_NOTEBOOK_SYNC', message: expect.stringMatching(/it is a student notebook.*--allow-student/),
    }));
    const markdown = sync(notebookOf('student'), true);
    expect(markdown).toContain("  // BEGIN SOLUTION\n  throw new Error('Not implemented yet: write your answer here (exercise shout)');\n  // END SOLUTION\n");
    expect(markdown).not.toContain('HIDDEN TESTS');
    expect(markdown).not.toContain('✎');
  });

  test('refuses edits that would make an invalid lesson, saying why', () => {
    const withoutTests = notebookOf();
    withoutTests.cells = withoutTests.cells.filter((entry) => entry.id !== 'shout-tests');
    expect(() => sync(withoutTests)).toThrow(/not a valid lesson: .*Answer cell 'shout' has no tests cell/);
    const fenceInProse = notebookOf();
    cell(fenceInProse, 'cell-6').source = ['Look:\n', '```ts\n', 'x;\n', '```'];
    expect(() => sync(fenceInProse)).toThrow(/cell 6 \(id 'cell-6'\) cannot be written as a lesson cell with slide type 'fragment': it would not come back as one cell/);
  });

  test('refuses a notebook that socketbook did not make', () => {
    const notebook = notebookOf();
    delete notebook.metadata.socketbook;
    expect(() => sync(notebook)).toThrow(/has no metadata\.socketbook/);
  });
});
