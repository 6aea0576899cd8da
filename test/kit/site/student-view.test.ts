import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../../src/kit/notebook/build-notebook.js';
import { joinSource, type Cell, type CodeCell, type Notebook } from '../../../src/kit/notebook/nbformat.js';
import { solutionsView, studentView } from '../../../src/kit/site/student-view.js';
import { projectRoot } from '../../support/jupyter.js';

const SOLUTION_LINE = 'const body = await reader.readExactly(length, { timeoutMs: 2000 });';
/**
 * A hidden case with its code: a `hiddenTest(name, points, run)` call. The student notebook announces each
 * hidden case by name and points only (`hiddenTest('name', 1),`), which this does not match.
 */
const HIDDEN_TESTS = /BEGIN HIDDEN TESTS|hiddenTest\((?:'[^']*'|"[^"]*"),\s*[\d.]+\s*,/;

/** Lesson 04's student and solutions notebooks, the latter "executed": every code cell printed its id. */
async function lesson04(): Promise<{ student: Notebook; executed: Notebook }> {
  const file = 'notebooks/en/04-tcp-echo.md';
  const lesson = parseLesson(await readFile(join(projectRoot, file), 'utf8'), { file });
  const solutions = buildNotebook(lesson, { variant: 'solutions' });
  const executed: Notebook = {
    ...solutions,
    cells: solutions.cells.map((cell): Cell => (cell.cell_type === 'code'
      ? { ...cell, execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: `printed by ${cell.id}\n` }] }
      : cell)),
  };
  return { student: buildNotebook(lesson, { variant: 'student' }), executed };
}

const cellOf = (notebook: Notebook, id: string): Cell => notebook.cells.find((cell) => cell.id === id)!;
const text = (notebook: Notebook): string => notebook.cells.map((cell) => joinSource(cell.source)).join('\n');

describe('studentView()', () => {
  it('gives each example cell the outputs of the executed cell with the same id', async () => {
    const { student, executed } = await lesson04();
    const view = studentView(student, executed);
    expect(cellOf(view, 'conversation')).toMatchObject({ outputs: [{ text: 'printed by conversation\n' }] });
    expect(view.cells.map((cell) => cell.id)).toEqual(student.cells.map((cell) => cell.id));
  });

  it('shows answer and tests cells as the student gets them, stub and visible tests, with no outputs', async () => {
    const { student, executed } = await lesson04();
    const view = studentView(student, executed);
    expect(cellOf(view, 'fetch-frame')).toEqual(cellOf(student, 'fetch-frame'));
    expect(cellOf(view, 'fetch-frame-tests')).toEqual(cellOf(student, 'fetch-frame-tests'));
    expect(JSON.stringify(view)).not.toMatch(/printed by (fetch-frame|split-frames)/);
    expect(text(view)).not.toContain(SOLUTION_LINE);
    expect(text(view)).not.toMatch(HIDDEN_TESTS);
    expect(text(view)).not.toContain('BEGIN SOLUTION');
  });

  it('treats a cell the executed notebook marks as an exercise as one, even if the student notebook is stale', () => {
    const code = (id: string, nbgrader?: Cell['metadata']['nbgrader']): CodeCell => ({
      cell_type: 'code', id, metadata: nbgrader ? { nbgrader } : {}, source: 'x', execution_count: null,
      outputs: [{ output_type: 'stream', name: 'stdout', text: `${id} ran` }],
    });
    const student: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ ...code('a'), outputs: [] }] };
    const executed: Notebook = { ...student, cells: [code('a', { schema_version: 3, grade: false, solution: true, locked: false, grade_id: 'a' })] };
    expect(studentView(student, executed).cells[0]).toMatchObject({ outputs: [] });
  });

  it('shows the student notebook without outputs when nothing is executed yet', async () => {
    const { student } = await lesson04();
    expect(studentView(student, undefined).cells.flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : []))).toEqual([]);
  });
});

describe('solutionsView()', () => {
  it('keeps the solutions and their outputs but shows tests cells without hidden tests or outputs', async () => {
    const { student, executed } = await lesson04();
    const view = solutionsView(executed, student);
    expect(text(view)).toContain(SOLUTION_LINE);
    expect(cellOf(view, 'fetch-frame')).toMatchObject({ outputs: [{ text: 'printed by fetch-frame\n' }] });
    expect(cellOf(view, 'fetch-frame-tests')).toEqual(cellOf(student, 'fetch-frame-tests'));
    expect(JSON.stringify(view)).not.toContain('printed by fetch-frame-tests');
    expect(text(view)).not.toMatch(HIDDEN_TESTS);
  });

  it('leaves out a tests cell the student notebook does not have', async () => {
    const { student, executed } = await lesson04();
    const stale: Notebook = { ...student, cells: student.cells.filter((cell) => cell.id !== 'fetch-frame-tests') };
    expect(solutionsView(executed, stale).cells.map((cell) => cell.id)).not.toContain('fetch-frame-tests');
  });
});
